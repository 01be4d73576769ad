"""Every route is closed by default: an anonymous request never reaches data.

The list of routes is read from the URL resolver, so a route added later is checked too.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Routes that are meant to answer without a login, and why.
PUBLIC = {
    "login": "the login page",
    "set_language": "the language switch",
    "healthz": "the load balancer's health check",
    "api:openapi-json": "the API description (no data)",
    "api:openapi-view": "the API documentation page (no data)",
    "beacon": "the audience beacon called by public pages (counts, never reads)",
    "live_counter": "the totals of an event whose public page is published (views, viewers; nothing else)",
    "home": "sends visitors to the public site, staff to the page their role starts from",
}
# Namespaces of the public site: investors read published content there without an account.
PUBLIC_NAMESPACES = ("portal:",)


def walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from walk(entry.url_patterns, prefix + str(entry.pattern),
                            f"{namespace}:{ns}".strip(":") if ns else namespace)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}".strip(":") if entry.name else ""
            yield name, prefix + str(entry.pattern)


def concrete(route: str) -> str:
    """Fill converters with plausible values: ``<int:pk>`` → 1, ``<str:x>`` → x."""
    route = re.sub(r"<int:[^>]+>", "1", route)
    route = re.sub(r"<(?:str|slug):[^>]+>", "x", route)
    route = re.sub(r"<uuid:[^>]+>", "00000000-0000-0000-0000-000000000000", route)
    route = re.sub(r"<path:[^>]+>", "x", route)
    return "/" + route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")


ROUTES = [
    (name, concrete(route)) for name, route in walk(get_resolver().url_patterns)
    if not route.startswith("admin/") and name not in PUBLIC and not name.startswith(PUBLIC_NAMESPACES)
    and "(?P<" not in route
]


@pytest.mark.parametrize(("name", "path"), ROUTES, ids=[f"{n or p}" for n, p in ROUTES])
def test_anonymous_requests_are_turned_away(client, db, name, path):
    # when
    get = client.get(path)
    post = client.post(path, {})
    # then: a redirect to the login page, or 401 from the API; never data
    for response in (get, post):
        if path.startswith("/api/"):
            assert response.status_code in (401, 404, 405), (path, response.status_code)
        else:
            assert response.status_code in (302, 405), (path, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith("/login/"), (path, response["Location"])


def test_the_route_list_is_not_empty():
    names = {name for name, _ in ROUTES}
    assert {"projects:ledger", "crm:list"} <= names
