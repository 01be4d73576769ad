"""The leadership dashboard, the big screen, and the JSON they are drawn from."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from yunzhao.stats import conf
from yunzhao.stats.views import require_reader, scope_name

from . import payload, selectors


def _lang() -> str:
    return get_language() or "zh-hans"


def _json(data: dict) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The leadership dashboard, read on a phone: headline figures, pipeline, months, districts, lists."""
    require_reader(request)
    dashboard = selectors.leadership(request.user)
    return render(
        request,
        "dashboards/index.html",
        {
            "dashboard": dashboard,
            "scope": scope_name(request.user),
            "charts": payload.charts_json(dashboard, _lang()),
        },
    )


@require_GET
@never_cache
def data(request: HttpRequest) -> JsonResponse:
    """The leadership dashboard's figures as JSON."""
    require_reader(request)
    return _json(payload.dashboard_json(selectors.leadership(request.user), _lang()))


@require_GET
def screen(request: HttpRequest) -> HttpResponse:
    """The big screen (数据大屏): a 1920×1080 wall page that fetches its data again every minute."""
    require_reader(request)
    lang = _lang()
    return render(
        request,
        "dashboards/screen.html",
        {
            "scope": scope_name(request.user),
            "city": conf.city_name(lang),
            "time_zone": settings.TIME_ZONE,
            "initial": payload.screen_json(selectors.screen(request.user), lang),
        },
    )


@require_GET
@never_cache
def screen_data(request: HttpRequest) -> JsonResponse:
    """The big screen's figures as JSON."""
    require_reader(request)
    return _json(payload.screen_json(selectors.screen(request.user), _lang()))
