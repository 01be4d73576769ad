"""Choices shared by several domain apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Currency(models.TextChoices):
    """Currencies in which amounts are recorded."""

    CNY = "CNY", _("Yuan (CNY)")
    USD = "USD", _("US dollar (USD)")


class Industry(models.TextChoices):
    """Industries used to classify investors and projects (the city's key chains first)."""

    NEW_ENERGY = "new_energy", _("New energy and storage")
    HYDROGEN = "hydrogen", _("Hydrogen energy")
    SMART_MANUFACTURING = "smart_manufacturing", _("High-end equipment and smart manufacturing")
    AUTOMOTIVE = "automotive", _("Automotive and new-energy vehicles")
    DIGITAL_ECONOMY = "digital_economy", _("Digital economy and software")
    SEMICONDUCTORS = "semiconductors", _("Integrated circuits and electronics")
    BIOMEDICINE = "biomedicine", _("Biomedicine and health")
    NEW_MATERIALS = "new_materials", _("New materials and chemicals")
    FINANCE = "finance", _("Finance")
    LOGISTICS = "logistics", _("Modern logistics")
    EXHIBITION = "exhibition", _("Conventions and exhibitions")
    CULTURE_TOURISM = "culture_tourism", _("Culture and tourism")
    MODERN_AGRICULTURE = "modern_agriculture", _("Modern agriculture and food")
    REAL_ESTATE = "real_estate", _("Urban development and real estate")
    COMMERCE = "commerce", _("Commerce and services")
    OTHER = "other", _("Other")


class TimelineEvent(models.TextChoices):
    """What happened to an object, as written on its timeline."""

    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")
    STAGE_CHANGED = "stage_changed", _("Stage changed")
    AMOUNT_CHANGED = "amount_changed", _("Amount changed")
    OWNER_CHANGED = "owner_changed", _("Owner changed")
    CAPITAL_RECORDED = "capital_recorded", _("Capital in place recorded")
    SCHEDULING_UPDATED = "scheduling_updated", _("Scheduling update submitted")
    INTERACTION_RECORDED = "interaction_recorded", _("Interaction recorded")
    IMPORTED = "imported", _("Imported from a ledger")
    SIGNED = "signed", _("Signed")
