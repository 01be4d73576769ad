"""Kinds of organisation unit and the roles people have in them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    """What sort of body an organisation unit is."""

    CITY = "city", _("City bureau")
    DISTRICT = "district", _("District / county")
    ZONE = "zone", _("Zone")
    MEDIA = "media", _("Media group")


class Role(models.TextChoices):
    """What a person may do; the unit they belong to says where."""

    CITY_ADMIN = "city_admin", _("City administrator")
    CITY_STAFF = "city_staff", _("City staff")
    DISTRICT_STAFF = "district_staff", _("District staff")
    ZONE_STAFF = "zone_staff", _("Zone staff")
    MEDIA_EDITOR = "media_editor", _("Media editor")
    LEADER = "leader", _("Leader (read-only)")


# Roles that see every unit's records.
CITYWIDE_ROLES = frozenset({Role.CITY_ADMIN, Role.CITY_STAFF, Role.LEADER})
# Roles that may change the ledger (within what they see).
LEDGER_WRITER_ROLES = frozenset({Role.CITY_ADMIN, Role.CITY_STAFF, Role.DISTRICT_STAFF, Role.ZONE_STAFF})
# The unit kind each unit-bound role must belong to.
ROLE_UNIT_KIND = {
    Role.CITY_ADMIN: UnitKind.CITY,
    Role.CITY_STAFF: UnitKind.CITY,
    Role.LEADER: UnitKind.CITY,
    Role.DISTRICT_STAFF: UnitKind.DISTRICT,
    Role.ZONE_STAFF: UnitKind.ZONE,
    Role.MEDIA_EDITOR: UnitKind.MEDIA,
}
