"""The campaign list, the campaign page with its "1+12+N" structure, and creating / editing campaigns."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from yunzhao.core.forms import add_action_errors
from yunzhao.orgs.models import Unit

from .. import actions, selectors
from ..forms import CampaignForm
from ..models import Campaign
from ..tables import CampaignTable, EventTable
from .common import can_create_events, require_campaign_runner

STANDALONE_EVENTS_SHOWN = 20


def campaign_list(request: HttpRequest) -> HttpResponse:
    """All campaigns, and the latest events held outside a campaign."""
    user = request.user
    table = CampaignTable(selectors.campaign_list(user), districts_total=Unit.objects.districts().count())
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "campaigns/campaign_list.html",
        {
            "table": table,
            "events": EventTable(
                list(selectors.standalone_events(user)[:STANDALONE_EVENTS_SHOWN]), orderable=False
            ),
            "can_run": actions.can_run_campaigns(user),
            "can_create_events": can_create_events(user),
        },
    )


def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A campaign: names, organisers, period, its "1+12+N" structure and progress, and its signings."""
    user = request.user
    campaign = selectors.get_campaign_for_user(pk, user)
    structure = selectors.campaign_structure(campaign, user, with_signings=user.sees_ledger)
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "structure": structure,
            "shows_signings": user.sees_ledger,
            "columns": 6 if user.sees_ledger else 5,
            "can_edit": Campaign.objects.writable_by(user).filter(pk=campaign.pk).exists(),
            "can_run": actions.can_run_campaigns(user),
            "user_unit_id": user.unit_id,
            "can_create_events": can_create_events(user),
        },
    )


def campaign_create(request: HttpRequest) -> HttpResponse:
    """A new campaign (the city bureau and the media group)."""
    require_campaign_runner(request)
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = actions.create_campaign(
                actor=request.user, organisers=list(form.cleaned_data["organisers"]), **form.action_fields()
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Campaign “%(name)s” created.") % {"name": campaign.display_name})
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": None})


def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a campaign's names, theme, period or organisers."""
    campaign = selectors.get_writable_campaign_for_user(pk, request.user)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_campaign(
                campaign,
                actor=request.user,
                changes=form.action_fields(),
                organisers=list(form.cleaned_data["organisers"]),
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign})
