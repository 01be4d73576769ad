"""What every public page shares: the language in its URL, its alternates, share link, and its cache.

Public pages live under ``/zh/…`` and ``/en/…``. The language comes from the URL alone (never from
a cookie or the browser), so that a page and its cache entry are the same for every visitor.

Rendered pages are cached for ``PORTAL_CACHE_SECONDS`` under a key made of the published-content
version, the host, the language, the path, the query parameters the page reads and the share tag
it prints; a publish or unpublish changes the version, so staff see their change at once. Each app
process keeps the pages it served last in memory as well (``PORTAL_LOCAL_PAGES``), so a popular
page costs one small read of the version from the shared cache, not a transfer of the page. The channel tag
(``?src=``) and referrer code (``?ref=``) a visitor arrives with are remembered in a first-party
cookie, so the interest form knows where the visitor came from without the page varying.
"""

import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control

from yunzhao.publishing.cache import content_version

# URL prefix → Django language code.
LANGUAGES = {"zh": "zh-hans", "en": "en"}
# The section pages every page links to (its navigation), by URL name.
SECTIONS = ("home", "zones", "policies", "opportunities", "events", "videos", "news_list", "search", "privacy")
# Query parameters a public page may read; others do not change the page (nor its cache key).
PAGE_PARAMS = ("q", "page", "tag")
TAG = re.compile(r"[A-Za-z0-9_.-]{1,64}")
SRC_COOKIE = "yz_src"
REF_COOKIE = "yz_ref"
TAG_COOKIE_AGE = 30 * 24 * 3600
DEFAULT_SHARE_TAG = "share"
# Ids in URLs beyond a 64-bit column are not found (SQLite refuses to even compare them).
MAX_ID = 2**63 - 1


class LangConverter:
    """The language prefix of a public URL: ``zh`` or ``en``."""

    regex = "zh|en"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def clean_tag(value: str | None) -> str:
    """A channel tag or referrer code as given, if it looks like one; otherwise ""."""
    value = (value or "").strip()
    return value if TAG.fullmatch(value) else ""


def query_param(request: HttpRequest, name: str, limit: int = 200) -> str:
    """A text parameter of the address, without control characters (NUL included), trimmed and cut."""
    value = request.GET.get(name, "")[: limit * 2]
    return "".join(c for c in value if c >= " " and c != "\x7f").strip()[:limit]


def arrival_tags(request: HttpRequest) -> tuple[str, str]:
    """The channel tag and referrer code of this visit: from the URL, else from the visit's cookie."""
    src = clean_tag(request.GET.get("src")) or clean_tag(request.COOKIES.get(SRC_COOKIE))
    ref = clean_tag(request.GET.get("ref")) or clean_tag(request.COOKIES.get(REF_COOKIE))
    return src, ref


@dataclass
class Page:
    """The frame of one public page: language, alternates in the other language, share link."""

    lang: str
    language: str
    path: str  # with the query parameters the page reads
    canonical: str
    alternates: dict[str, str]
    share_tag: str
    share_url: str
    extra: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def links(self) -> dict[str, str]:
        """The section pages in this language; an item's page is its section's address, its id and "/"."""
        return {name: reverse(f"portal:{name}", kwargs={"lang": self.lang}) for name in SECTIONS}

    @property
    def default_tag(self) -> str:
        """The share tag of a page reached without a known channel's tag."""
        return DEFAULT_SHARE_TAG

    @property
    def other_lang(self) -> str:
        return "en" if self.lang == "zh" else "zh"

    @property
    def other_url(self) -> str:
        return self.alternates[self.other_lang]

    @property
    def qr_query(self) -> str:
        return urlencode({"to": self.path, "src": self.share_tag})

    @property
    def og_locale(self) -> str:
        return "zh_CN" if self.lang == "zh" else "en_US"

    @property
    def og_locale_alternate(self) -> str:
        return "en_US" if self.lang == "zh" else "zh_CN"


def _page_query(request: HttpRequest) -> str:
    """The parameters the page reads, as it reads them (so " 济南" and "济南" are one page and one cache entry)."""
    kept = [(k, value) for k in PAGE_PARAMS if (value := query_param(request, k))]
    return urlencode(kept)


def build_page(request: HttpRequest, lang: str, share_tag: str) -> Page:
    """The language alternates, canonical URL and share link of the page being served."""
    match = request.resolver_match
    kwargs = dict(match.kwargs)
    query = _page_query(request)
    suffix = f"?{query}" if query else ""
    alternates = {}
    for code in LANGUAGES:
        kwargs["lang"] = code
        alternates[code] = request.build_absolute_uri(reverse(match.view_name, kwargs=kwargs)) + suffix
    path = request.path + suffix
    canonical = alternates[lang]
    share = canonical + ("&" if suffix else "?") + urlencode({"src": share_tag})
    return Page(lang=lang, language=LANGUAGES[lang], path=path, canonical=canonical, alternates=alternates,
                share_tag=share_tag, share_url=share)


def known_channel_codes() -> frozenset[str]:
    """Codes of the active channels (cached briefly): only these become a page's share tag."""
    codes = cache.get("portal:channel-codes")
    if codes is None:
        from yunzhao.reach.models import Channel

        codes = frozenset(Channel.objects.filter(is_active=True).values_list("code", flat=True))
        cache.set("portal:channel-codes", codes, 300)
    return codes


def _share_tag(request: HttpRequest) -> str:
    src = clean_tag(request.GET.get("src"))
    return src if src and src in known_channel_codes() else DEFAULT_SHARE_TAG


def _remember_arrival(request: HttpRequest, response: HttpResponse) -> None:
    """Keep the channel tag and referrer code of the visit for the interest form."""
    for param, cookie in (("src", SRC_COOKIE), ("ref", REF_COOKIE)):
        value = clean_tag(request.GET.get(param))
        if value and request.COOKIES.get(cookie) != value:
            response.set_cookie(cookie, value, max_age=TAG_COOKIE_AGE, httponly=True, samesite="Lax",
                                secure=settings.SESSION_COOKIE_SECURE)


def render_page(request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200
                ) -> HttpResponse:
    """Render a public template with the page frame (``page``) in its context."""
    return render(request, template, {"page": request.portal, **context}, status=status)


def _cache_key(request: HttpRequest, lang: str, share_tag: str) -> str:
    """The page's key: the content version, then a digest of what else makes the page differ."""
    page = "\n".join((request.get_host(), lang, request.path, _page_query(request), share_tag))
    return f"portal:{content_version()}:{hashlib.sha256(page.encode()).hexdigest()[:32]}"


class LocalPages:
    """The pages this process served last (most recently used first out), up to a number and a size."""

    def __init__(self) -> None:
        self._pages: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            found = self._pages.get(key)
            if found is None:
                return None
            if found[0] < time.monotonic():
                self._drop(key)
                return None
            self._pages.move_to_end(key)
            return found[1]

    def put(self, key: str, body: bytes, ttl: int) -> None:
        count, size = local_limits()
        if not count or ttl <= 0 or len(body) > size // 8:
            return
        with self._lock:
            if key in self._pages:
                self._drop(key)
            self._pages[key] = (time.monotonic() + ttl, body)
            self._bytes += len(body)
            while len(self._pages) > count or self._bytes > size:
                self._drop(next(iter(self._pages)))

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0

    def _drop(self, key: str) -> None:
        _expires, body = self._pages.pop(key)
        self._bytes -= len(body)


local_pages = LocalPages()


def local_limits() -> tuple[int, int]:
    """How many rendered pages, and how many bytes of them, each process keeps in memory."""
    count, megabytes = getattr(settings, "PORTAL_LOCAL_PAGES", (512, 32))
    return int(count), int(megabytes) * 1024 * 1024


def cached_page(key: str) -> bytes | None:
    """A rendered page: from this process's memory, else from the shared cache (then kept here too)."""
    body = local_pages.get(key)
    if body is None:
        body = cache.get(key)
        if body is not None:
            local_pages.put(key, body, settings_ttl())
    return body


def keep_page(key: str, body: bytes) -> None:
    """Keep a rendered page in the shared cache and in this process's memory."""
    cache.set(key, body, settings_ttl())
    local_pages.put(key, body, settings_ttl())


def public_page(view: Callable[..., HttpResponse] | None = None, *, cached: bool = True):
    """Decorate a public view: open to anyone, in the URL's language, framed, and cached when ``cached``."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_not_required
        @wraps(view)
        def wrapper(request: HttpRequest, lang: str, *args: Any, **kwargs: Any) -> HttpResponse:
            language = LANGUAGES[lang]
            request.LANGUAGE_CODE = language
            share_tag = _share_tag(request)
            use_cache = cached and request.method in ("GET", "HEAD")
            key = _cache_key(request, lang, share_tag) if use_cache else ""
            # A page from the cache needs no language switch, no template and no header parsing.
            hit = cached_page(key) if use_cache else None
            if hit is not None:
                response = HttpResponse(hit, content_type="text/html; charset=utf-8")
                response["Cache-Control"] = f"max-age={settings_ttl()}"
            else:
                with translation.override(language):
                    request.portal = build_page(request, lang, share_tag)
                    try:
                        if any(isinstance(value, int) and value > MAX_ID for value in kwargs.values()):
                            raise Http404
                        response = view(request, *args, lang=lang, **kwargs)
                    except Http404:
                        response = render_page(request, "portal/404.html", {}, status=404)
                    if use_cache and response.status_code == 200 and not response.streaming:
                        keep_page(key, response.content)
                if use_cache and response.status_code == 200:
                    patch_cache_control(response, max_age=settings_ttl())
            response["Content-Language"] = language
            _remember_arrival(request, response)
            if response.cookies:  # a shared cache must not hand this visitor's cookie to others
                patch_cache_control(response, private=True)
            return response

        return wrapper

    return decorate(view) if view is not None else decorate


def settings_ttl() -> int:
    """How long a rendered public page is reused, in seconds."""
    return int(getattr(settings, "PORTAL_CACHE_SECONDS", 60))
