"""How the API knows who is calling: a bearer token, or the staff session of a same-origin page."""

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from yunzhao.orgs.models import ApiToken, User

# A token's last use is written at most this often, so that busy clients do not write on every call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def not_authenticated() -> AuthenticationError:
    """The 401 raised for an unknown, revoked or malformed credential (the message is set by the handler)."""
    return AuthenticationError()


def user_for_key(key: str) -> User | None:
    """The active user that owns the unrevoked token ``key``, noting when the token was used."""
    if not key:
        return None
    token = (
        ApiToken.objects.active()
        .select_related("user", "user__unit")
        .filter(key_hash=ApiToken.hash_key(key))
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        # A plain UPDATE: bookkeeping on the token, not a change anyone reviews.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <key>``; any other Authorization header is refused outright."""

    def __call__(self, request: HttpRequest) -> User | None:
        header = request.headers.get(self.header)
        if header is None:
            return None  # let the session try
        scheme, _sep, key = header.partition(" ")
        if scheme.lower() != "bearer":
            raise not_authenticated()
        return self.authenticate(request, key.strip())

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = user_for_key(token)
        if user is None:
            raise not_authenticated()
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The logged-in staff session, for same-origin pages; unsafe methods must carry the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def __call__(self, request: HttpRequest) -> User | None:
        # Unlike django-ninja's session auth, CSRF is checked only once a session user is found, so that
        # a caller with no credentials at all gets a 401 rather than a CSRF refusal.
        return self.authenticate(request, self._get_key(request))

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if self.csrf and check_csrf(request) is not None:
            raise HttpError(403, _("CSRF verification failed. Request aborted."))
        return user


api_auth = [TokenAuth(), SessionAuth()]
