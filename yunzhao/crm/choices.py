"""Typed choices of the investor CRM."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InvestorKind(models.TextChoices):
    """What sort of organisation an investor is."""

    MULTINATIONAL = "multinational", _("Multinational")
    DOMESTIC = "domestic", _("Domestic enterprise")
    SOE = "soe", _("State-owned enterprise")
    PRIVATE = "private", _("Private enterprise")
    FOREIGN_FUNDED = "foreign_funded", _("Foreign-funded enterprise")
    FINANCIAL = "financial", _("Financial institution")
    ASSOCIATION = "association", _("Business association")
    RESEARCH = "research", _("University or research institute")
    OTHER = "other", _("Other")


class InteractionKind(models.TextChoices):
    """How we were in touch with an investor."""

    VISIT = "visit", _("Visit")
    VIDEO_MEETING = "video_meeting", _("Video meeting")
    PHONE_CALL = "phone_call", _("Phone call")
    EVENT_ATTENDANCE = "event_attendance", _("Event attendance")
    NEGOTIATION = "negotiation", _("Negotiation round")
    OTHER = "other", _("Other")


class ConsentMethod(models.TextChoices):
    """How a contact gave consent to our keeping their personal data."""

    WRITTEN = "written", _("In writing")
    ONLINE_FORM = "online_form", _("Online form")
    VERBAL = "verbal", _("Verbally, noted by staff")
    BUSINESS_CARD = "business_card", _("Business card handed over")


class LeadStatus(models.TextChoices):
    """Where a lead from the public site stands."""

    NEW = "new", _("New")
    CONTACTED = "contacted", _("Answered")
    CONVERTED = "converted", _("Recorded as an investor")
    CLOSED = "closed", _("Closed")


class LeadInterest(models.TextChoices):
    """What a visitor registering interest would like."""

    INVEST = "invest", _("Investing in a project")
    PARTNER = "partner", _("Partnership or cooperation")
    SITE = "site", _("Land, premises or a site visit")
    POLICY = "policy", _("Questions on policies and incentives")
    MEETING = "meeting", _("A video meeting")
    OTHER = "other", _("Something else")


class LeadSource(models.TextChoices):
    """The kind of public page a lead registered on."""

    ZONE = "zone", _("Zone")
    POLICY = "policy", _("Policy")
    OPPORTUNITY = "opportunity", _("Opportunity")
    EVENT = "event", _("Event")
