"""Reads of projects shared by views, the API, exports and reports."""

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone

from yunzhao.core import timeline

from .choices import OFF_PIPELINE
from .models import CapitalRecord, Project, SchedulingUpdate
from .scheduling import period_start_for


def ledger_queryset(user):
    """Projects the user may see, with what a ledger row shows loaded in the same query."""
    return (
        Project.objects.visible_to(user)
        .select_related("district", "zone", "officer", "anchor")
        .prefetch_related("investors")
    )


def get_project_for_user(pk: int, user) -> Project:
    """The project with ``pk`` if the user may see it; otherwise 404."""
    return get_object_or_404(ledger_queryset(user), pk=pk)


def get_writable_project_for_user(pk: int, user) -> Project:
    """The project with ``pk`` if the user may change it; otherwise 404."""
    return get_object_or_404(Project.objects.writable_by(user), pk=pk)


def project_timeline(project: Project):
    return timeline.for_object(project)


def project_capital(project: Project):
    return CapitalRecord.objects.filter(project=project).select_related("created_by")


def key_projects_missing_update(user, *, on: dt.date | None = None):
    """Active key projects the user sees that have no scheduling update for the current period."""
    period = period_start_for(on or timezone.localdate())
    has_update = SchedulingUpdate.objects.filter(project=OuterRef("pk"), period_start=period)
    return (
        ledger_queryset(user)
        .filter(is_key=True)
        .exclude(stage__in=OFF_PIPELINE)
        .exclude(Exists(has_update))
        .prefetch_related(Prefetch(
            "scheduling_updates", queryset=SchedulingUpdate.objects.order_by("-period_start"), to_attr="updates"
        ))
    )
