"""The project page, and the small writes made from it: stage, capital in place, scheduling update."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yunzhao.core.access import can_write
from yunzhao.core.choices import Currency
from yunzhao.core.forms import add_action_errors
from yunzhao.crm.models import Interaction

from .. import actions
from ..choices import CapitalSource
from ..forms import CapitalForm, SchedulingUpdateForm, StageForm
from ..models import Project, SchedulingUpdate
from ..scheduling import period_start_for
from ..selectors import get_project_for_user, project_capital, project_timeline
from .common import is_htmx, url_or_none, writable_project_or_404
from .history import timeline_rows

TIMELINE_LIMIT = 200


def _capital_totals(records) -> dict[str, Decimal]:
    totals = {"foreign_cny": Decimal(0), "foreign_usd": Decimal(0), "domestic_cny": Decimal(0)}
    for record in records:
        if record.source == CapitalSource.FOREIGN:
            totals["foreign_cny"] += record.amount_cny
            if record.currency == Currency.USD:
                totals["foreign_usd"] += record.amount
        else:
            totals["domestic_cny"] += record.amount_cny
    totals["all_cny"] = totals["foreign_cny"] + totals["domestic_cny"]
    return totals


def _timeline(project: Project, user) -> dict[str, Any]:
    entries = list(project_timeline(project)[: TIMELINE_LIMIT + 1])
    return {
        "timeline": timeline_rows(project, entries[:TIMELINE_LIMIT], user),
        "timeline_truncated": len(entries) > TIMELINE_LIMIT,
    }


def detail_context(request: HttpRequest, project: Project) -> dict[str, Any]:
    """Everything the project page shows; writers also get the blank stage, capital and scheduling forms."""
    user = request.user
    writer = can_write(user)
    capital = list(project_capital(project))
    period = period_start_for(timezone.localdate())
    updates = list(SchedulingUpdate.objects.filter(project=project).select_related("author"))
    anchor_visible = (
        bool(project.anchor_id) and Project.objects.visible_to(user).filter(pk=project.anchor_id).exists()
    )
    context = {
        "project": project,
        "can_write": writer,
        "investors": [(i, url_or_none("crm:detail", i.pk)) for i in project.investors.all()],
        "anchor_visible": anchor_visible,
        "chain_projects": list(
            project.chain_projects.visible_to(user)
            .select_related("district")
            .order_by("-total_investment_cny")
        ),
        "capital": capital,
        "capital_totals": _capital_totals(capital),
        "updates": updates,
        "period": period,
        "has_current_update": any(u.period_start == period for u in updates),
        "interactions": list(
            Interaction.objects.visible_to(user)
            .filter(project=project)
            .select_related("investor", "created_by")
            .order_by("-occurred_on", "-id")
        ),
        **_timeline(project, user),
    }
    if writer:
        context["stage_form"] = StageForm(project=project)
        context["capital_form"] = CapitalForm()
        if project.is_key:
            current = next((u for u in updates if u.period_start == period), None)
            context["schedule_form"] = SchedulingUpdateForm(initial=_update_initial(current))
    return context


def _update_initial(update: SchedulingUpdate | None) -> dict[str, str]:
    if update is None:
        return {}
    return {name: getattr(update, name) for name in ("progress", "problems", "help_needed", "next_steps")}


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Every field of a project, its timeline, capital in place, scheduling and interactions."""
    project = get_project_for_user(pk, request.user)
    return render(request, "projects/detail.html", detail_context(request, project))


def change_stage(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a project to another stage; from the project page by htmx, or as a plain form."""
    project = writable_project_or_404(request, pk)
    form = StageForm(request.POST or None, project=project)
    done = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.change_stage(
                project,
                to=data["stage"],
                actor=request.user,
                note=data["note"],
                reason=data["reason"],
                on=data["on"],
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            done = True
            if not is_htmx(request):
                messages.success(
                    request,
                    _("The stage is now “%(stage)s”.")
                    % {"stage": Project.objects.get(pk=project.pk).get_stage_display()},
                )
                return redirect("projects:detail", pk=project.pk)
    if is_htmx(request):
        project = get_project_for_user(pk, request.user)
        context = {
            "project": project,
            "can_write": True,
            "stage_done": done,
            "stage_form": StageForm(project=project) if done else form,
        }
        if done:
            context.update(_timeline(project, request.user))
        return render(request, "projects/includes/stage_response.html", context)
    return render(
        request,
        "projects/action_form.html",
        {
            "project": project,
            "form": form,
            "title": _("Change stage"),
            "action": reverse("projects:stage", args=[project.pk]),
            "submit": _("Change stage"),
        },
    )


def record_capital(request: HttpRequest, pk: int) -> HttpResponse:
    """Record capital in place for a project."""
    project = writable_project_or_404(request, pk)
    form = CapitalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_capital(
                project,
                actor=request.user,
                received_on=data["received_on"],
                amount=data["amount"],
                currency=data["currency"],
                source=data["source"] or None,
                exchange_rate=data["exchange_rate"],
                note=data["note"],
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Capital in place recorded."))
            return redirect(reverse("projects:detail", args=[project.pk]) + "#capital")
    return render(
        request,
        "projects/action_form.html",
        {
            "project": project,
            "form": form,
            "title": _("Record capital in place"),
            "action": reverse("projects:capital", args=[project.pk]),
            "submit": _("Record"),
        },
    )


def submit_scheduling_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the current period's scheduling update of a key project."""
    project = writable_project_or_404(request, pk)
    if not project.is_key:
        messages.error(request, _("Scheduling updates are kept for key projects only."))
        return redirect("projects:detail", pk=project.pk)
    period = period_start_for(timezone.localdate())
    current = SchedulingUpdate.objects.filter(project=project, period_start=period).first()
    form = SchedulingUpdateForm(request.POST or None, initial=_update_initial(current))
    if request.method == "POST" and form.is_valid():
        try:
            actions.submit_scheduling_update(project, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(
                request,
                _("Scheduling update for the period from %(period)s saved.")
                % {"period": f"{period:%Y-%m-%d}"},
            )
            return redirect(reverse("projects:detail", args=[project.pk]) + "#scheduling")
    return render(
        request,
        "projects/action_form.html",
        {
            "project": project,
            "form": form,
            "title": _("Scheduling update"),
            "period": period,
            "action": reverse("projects:schedule_update", args=[project.pk]),
            "submit": _("Submit update"),
        },
    )
