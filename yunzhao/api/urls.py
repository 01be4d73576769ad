"""The API's URLs. Every one of them authenticates by itself, so the site's login redirect is turned off."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path, re_path

from . import errors
from .api import api, authenticated


def _own_auth(patterns: list) -> list:
    """Mark every API view as exempt from LoginRequiredMiddleware: the API answers 401 itself."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _own_auth(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            if pattern.name == "api-root":
                pattern.callback = index
            login_not_required(pattern.callback)
    return patterns


@authenticated
def index(request: HttpRequest) -> HttpResponse:
    """/api/v1/: where the schema and the docs are."""
    return api.create_response(
        request,
        {"openapi": request.build_absolute_uri("openapi.json"), "docs": request.build_absolute_uri("docs")},
        status=200,
    )


@authenticated
def not_found(request: HttpRequest, rest: str) -> HttpResponse:
    """Any other path under /api/v1/: a JSON 404 (after authentication, like every API URL)."""
    return errors.not_found(api, request)


_patterns, _app, _namespace = api.urls
urlpatterns = [
    path("", (_own_auth(_patterns), _app, _namespace)),
    re_path(r"^(?P<rest>.*)$", login_not_required(not_found)),
]
