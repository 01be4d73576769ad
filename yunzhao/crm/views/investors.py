"""Investor pages: the list, the detail page, create and edit, and the duplicate check."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django_countries import countries
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from yunzhao.core import timeline
from yunzhao.core.access import can_write
from yunzhao.core.choices import TimelineEvent
from yunzhao.core.models import TimelineEntry
from yunzhao.core.validators import normalize_uscc
from yunzhao.projects.models import Project

from .. import actions
from ..choices import InteractionKind
from ..filtersets import InvestorFilter
from ..forms import InvestorCreateForm, InvestorForm
from ..models import Interaction, Investor, name_key
from ..selectors import (
    can_edit_investor,
    contacts_for,
    find_duplicates,
    find_similar,
    get_investor_for_user,
    interactions_for,
    investor_queryset,
    require_investor_owner,
)
from ..tables import InvestorTable
from .common import add_action_errors, require_writer

TIMELINE_LIMIT = 100
DUPLICATES_SHOWN = 10


class InvestorListView(SingleTableMixin, FilterView):
    """Investors the user may see, filtered, sorted and 50 to a page."""

    table_class = InvestorTable
    filterset_class = InvestorFilter
    table_pagination = {"per_page": 50}
    template_name = "crm/investor_list.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.sees_ledger:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Investor]:
        return investor_queryset(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "can_write": can_write(self.request.user)}


def investor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about one investor: fields, projects, contacts, interactions and timeline."""
    investor = get_investor_for_user(pk, request.user)
    projects = (
        Project.objects.visible_to(request.user).filter(investors=investor)
        .select_related("district", "zone").order_by("-updated_at")
    )
    interactions = list(interactions_for(investor))
    _mark_overdue(interactions)
    entries = list(timeline.for_object(investor)[:TIMELINE_LIMIT])
    return render(request, "crm/investor_detail.html", {
        "investor": investor,
        "tags": list(investor.tags.all()),
        "projects": list(projects),
        "contacts": list(contacts_for(investor)),
        "interactions": interactions,
        "timeline": [_timeline_row(e) for e in entries],
        "timeline_truncated": len(entries) == TIMELINE_LIMIT,
        "can_write": can_write(request.user),
        "can_edit": can_edit_investor(request.user, investor),
    })


def investor_create(request: HttpRequest) -> HttpResponse:
    """Record a new investor; a likely duplicate is shown and must be confirmed as a different company."""
    require_writer(request)
    form = InvestorCreateForm(request.POST or None, user=request.user)
    duplicates = None
    if request.method == "POST" and form.is_valid():
        kwargs = form.create_kwargs()
        try:
            investor = actions.create_investor(actor=request.user, **kwargs)
        except ValidationError as exc:
            add_action_errors(form, exc)
            duplicates = _duplicates(request.user, kwargs["name_zh"], kwargs["credit_code"], kwargs["name_en"])
            duplicates["can_override"] = _has_code(exc, "name_zh", "possible_duplicate")
        else:
            messages.success(request, _("Investor “%(name)s” recorded.") % {"name": investor.name_zh})
            return redirect("crm:detail", investor.pk)
    return render(request, "crm/investor_form.html", {"form": form, "duplicates": duplicates})


def investor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an investor's details and tags."""
    investor = get_investor_for_user(pk, request.user)
    require_writer(request)
    require_investor_owner(request.user, investor)
    initial = {name: getattr(investor, name) for name in actions.INVESTOR_FIELDS}
    initial["country"] = investor.country.code
    initial["tags"] = list(investor.tags.all())
    form = InvestorForm(request.POST or None, initial=initial)
    duplicates = None
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        try:
            actions.update_investor(investor, actor=request.user, changes=changes, tags=form.cleaned_data["tags"])
        except ValidationError as exc:
            add_action_errors(form, exc)
            duplicates = _duplicates(request.user, changes["name_zh"], changes["credit_code"], changes["name_en"],
                                     exclude_pk=investor.pk)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("crm:detail", investor.pk)
    return render(request, "crm/investor_form.html", {"form": form, "investor": investor, "duplicates": duplicates})


@require_GET
def investor_duplicates(request: HttpRequest) -> HttpResponse:
    """The investors that look like the one being typed (htmx fragment under the name and code inputs)."""
    require_writer(request)
    code = normalize_uscc(request.GET.get("credit_code", ""))
    exclude = request.GET.get("exclude", "")
    name, name_en = request.GET.get("name_zh", ""), request.GET.get("name_en", "")
    exclude_pk = int(exclude) if exclude.isdigit() else None
    context = _duplicates(request.user, name, code if len(code) == 18 else "", name_en, exclude_pk=exclude_pk)
    shown = {investor.pk for investor in context["visible"]}
    similar = find_similar(name, name_en, user=request.user, exclude_pk=exclude_pk).exclude(pk__in=shown)
    context["similar"] = list(similar.select_related("owner_unit").order_by("name_zh")[:DUPLICATES_SHOWN])
    return render(request, "crm/_duplicates.html", {"duplicates": context})


def _duplicates(user, name: str, credit_code: str, name_en: str, *, exclude_pk: int | None = None) -> dict:
    """The likely duplicates the user may see, and whether others exist that they may not."""
    if not name_key(name) and not credit_code and not name_en.strip():
        return {"visible": [], "hidden": False, "can_override": False}
    lookup = {"name_en": name_en, "exclude_pk": exclude_pk}
    visible = find_duplicates(name, credit_code, user=user, **lookup)
    hidden = find_duplicates(name, credit_code, **lookup).exclude(pk__in=visible.values("pk")).exists()
    return {
        "visible": list(visible.select_related("owner_unit").order_by("name_zh")[:DUPLICATES_SHOWN]),
        "hidden": hidden,
        "can_override": False,
    }


def _has_code(error: ValidationError, field: str, code: str) -> bool:
    return any(e.code == code for e in getattr(error, "error_dict", {}).get(field, []))


def _mark_overdue(interactions: list[Interaction]) -> None:
    """Flag next steps past their due date that no later interaction followed up.

    A step about a project is followed up by a later interaction on that project; a step about no
    project in particular by any later interaction with the investor.
    """
    today = timezone.localdate()
    latest: dict[int | None, Any] = {}
    for item in interactions:
        for thread in {item.project_id, None}:
            latest[thread] = max(latest.get(thread, item.occurred_on), item.occurred_on)
    for item in interactions:
        followed_up = item.occurred_on < latest[item.project_id]
        item.is_overdue = bool(item.next_step and item.next_step_due and not followed_up
                               and item.next_step_due < today)


# --- Timeline --------------------------------------------------------------------------------------

_FIELD_LABELS = {"contacts": gettext_lazy("contacts"), "tags": gettext_lazy("tags")}


def _timeline_row(entry: TimelineEntry) -> dict[str, Any]:
    """One timeline entry as lines of (what, before, after) that people can read."""
    if entry.event == TimelineEvent.INTERACTION_RECORDED and isinstance(entry.after, dict):
        return {"entry": entry, "changes": [("", "", _interaction_summary(entry.after))]}
    if isinstance(entry.after, dict):
        before = entry.before if isinstance(entry.before, dict) else {}
        changes = [(_label(n), _value(n, before.get(n)), _value(n, v)) for n, v in entry.after.items()]
    else:
        changes = [(_label(entry.field), _value(entry.field, entry.before), _value(entry.field, entry.after))]
    return {"entry": entry, "changes": [c for c in changes if c[1] or c[2]]}


def _label(name: str) -> str:
    if not name:
        return ""
    if name in _FIELD_LABELS:
        return capfirst(_FIELD_LABELS[name])
    try:
        return capfirst(Investor._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _value(name: str, value: Any) -> str:
    if value in (None, ""):
        return ""
    if name == "country":
        return countries.name(value) or str(value)
    try:
        field = Investor._meta.get_field(name)
    except FieldDoesNotExist:
        return str(value)
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _interaction_summary(after: dict[str, Any]) -> str:
    if after.get("round"):
        kind = _("Negotiation round %(n)s") % {"n": after["round"]}
    elif after.get("kind") in InteractionKind.values:
        kind = InteractionKind(after["kind"]).label
    else:
        kind = after.get("kind") or ""
    return " · ".join(str(p) for p in (kind, after.get("date")) if p)
