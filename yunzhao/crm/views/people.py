"""Contacts at an investor and our interactions with them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from yunzhao.projects.models import Project

from .. import actions
from ..forms import ContactForm, InteractionForm
from ..models import Contact
from ..selectors import get_investor_for_user, require_investor_owner
from .common import add_action_errors, require_writer


def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a person at an investor, with their consent."""
    investor = get_investor_for_user(pk, request.user)
    require_writer(request)
    require_investor_owner(request.user, investor)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = actions.add_contact(investor, actor=request.user, **form.changes())
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Contact “%(name)s” added.") % {"name": contact.name})
            return redirect("crm:detail", investor.pk)
    return render(request, "crm/contact_form.html", {"form": form, "investor": investor})


def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a contact's details or consent; the only page that shows the whole phone number."""
    contact = get_object_or_404(Contact.objects.visible_to(request.user).select_related("investor"), pk=pk)
    require_writer(request)
    require_investor_owner(request.user, contact.investor)
    initial = {name: getattr(contact, name) for name in actions.CONTACT_FIELDS}
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_contact(contact, actor=request.user, changes=form.changes())
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("crm:detail", contact.investor_id)
    return render(request, "crm/contact_form.html", {"form": form, "investor": contact.investor, "contact": contact})


def interaction_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a visit, meeting, call, event attendance or negotiation round with an investor."""
    investor = get_investor_for_user(pk, request.user)
    require_writer(request)
    visible = Project.objects.visible_to(request.user)
    linked = visible.filter(investors=investor).order_by("-updated_at")
    form = InteractionForm(
        request.POST or None, projects=linked, all_projects=visible,
        initial={"occurred_on": timezone.localdate(), "kind": request.GET.get("kind")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.record_interaction(investor, actor=request.user, **form.record_kwargs())
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("%(kind)s recorded.") % {"kind": item.get_kind_display()})
            return redirect("crm:detail", investor.pk)
    return render(request, "crm/interaction_form.html", {"form": form, "investor": investor})
