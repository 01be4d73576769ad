"""The JSON API under /api/v1/ (django-ninja): investors, projects, campaigns and reach, behind token or session auth."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError

from yunzhao.campaigns.api import router as campaigns_router
from yunzhao.crm.api import router as investors_router
from yunzhao.projects.api import router as projects_router
from yunzhao.reach.api import router as reach_router

from . import errors
from .auth import api_auth

DESCRIPTION = """\
The ledger of investors and projects, under the same access rule as the staff pages: each caller sees
only the records of their own unit (city staff see all), and another unit's record is a 404.
Campaigns, events, channels and reach figures are seen by all staff; signings and guests follow the
visibility of their project and investor. Media editors record reach for any event but see no ledger.

Authenticate with `Authorization: Bearer <key>` (keys are made with `yunzhao create_api_token`), or,
from the platform's own pages, with the staff session (unsafe methods then need the CSRF token).
Amounts and rates are decimal strings; dates are ISO 8601. Errors are `{"detail": …}`, and bad input
is a 422 with `errors` by field, in the language of `Accept-Language` (Chinese unless `en` is asked for).
"""


def authenticated(view: Callable) -> Callable:
    """Guard a view that is not an API operation (the schema, the docs page) with the API's own auth."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            user = next((u for u in (check(request) for check in api_auth) if u), None)
        except HttpError as exc:
            return api.on_exception(request, exc)
        if user is None:
            return errors.unauthorized(api, request)
        return view(request, *args, **kwargs)

    return guarded


api = NinjaAPI(
    title="Yunzhao API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=api_auth,
    docs_decorator=authenticated,
)
errors.install(api)
api.add_router("/investors", investors_router)
api.add_router("/projects", projects_router)
api.add_router("", campaigns_router)
api.add_router("", reach_router)
