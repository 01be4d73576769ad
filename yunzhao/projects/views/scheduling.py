"""The scheduling (调度) page: key projects still owing this period's update, and those received."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from yunzhao.core.access import can_write

from ..models import SchedulingUpdate
from ..scheduling import period_start_for
from ..selectors import key_projects_missing_update
from .common import require_reader

RECENT_LIMIT = 100


def scheduling(request: HttpRequest) -> HttpResponse:
    """Key projects whose update for the current period is missing, and the latest updates of the period."""
    require_reader(request)
    today = timezone.localdate()
    period = period_start_for(today)
    missing = list(key_projects_missing_update(request.user, on=today).order_by("district__order", "name_zh"))
    received = (
        SchedulingUpdate.objects.visible_to(request.user)
        .filter(period_start=period)
        .select_related("project", "project__district", "author")
        .order_by("-updated_at")
    )
    return render(
        request,
        "projects/scheduling.html",
        {
            "period": period,
            "missing": [(p, p.updates[0] if p.updates else None) for p in missing],
            "received": list(received[:RECENT_LIMIT]),
            "received_count": received.count(),
            "can_write": can_write(request.user),
        },
    )
