"""The one access rule: who sees which records.

Every domain queryset that holds unit-owned records derives from ``ScopedQuerySet`` and names,
in ``scope``, the lookup paths to the owning district and zone. ``visible_to(user)`` is then the
only filter that views, API endpoints, exports, imports and reports use:

- city administrators, city staff and leaders see everything;
- district staff see records whose district is their unit;
- zone staff see records whose zone is their unit;
- media editors see nothing of the ledger (models opt in with ``media_visible``);
- anonymous and inactive users see nothing.

``writable_by(user)`` narrows that to what the user may change (leaders change nothing).
"""

from django.db import models
from django.db.models import Q

from yunzhao.orgs.choices import Role


class Scope:
    """Where a model's owning units are found, as lookup paths (each may be ``None``)."""

    def __init__(self, *, district: str | tuple[str, ...] | None, zone: str | tuple[str, ...] | None,
                 media_visible: bool = False):
        self.district = (district,) if isinstance(district, str) else tuple(district or ())
        self.zone = (zone,) if isinstance(zone, str) else tuple(zone or ())
        self.media_visible = media_visible

    def condition(self, user) -> Q | bool:
        """What ``user`` sees: ``True`` for everything, ``False`` for nothing, or a Q object."""
        nothing = False
        if user is None or not user.is_authenticated or not user.is_active:
            return nothing
        if user.is_citywide:
            return True
        if user.role == Role.MEDIA_EDITOR:
            return self.media_visible
        paths = {Role.DISTRICT_STAFF: self.district, Role.ZONE_STAFF: self.zone}.get(user.role, ())
        if not paths or user.unit_id is None:
            return nothing
        q = Q()
        for path in paths:
            q |= Q(**{path: user.unit_id})
        return q


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows the access rule of its model (``Model.scope``)."""

    def visible_to(self, user) -> "ScopedQuerySet":
        """Only the records ``user`` may see."""
        condition = self.model.scope.condition(user)
        if condition is True:
            return self.all()
        if condition is False:
            return self.none()
        qs = self.filter(condition)
        # Paths through many-valued relations can repeat a row.
        return qs.distinct() if self.model.scope_is_multivalued else qs

    def writable_by(self, user) -> "ScopedQuerySet":
        """Only the records ``user`` may change."""
        if user is None or not getattr(user, "can_write_ledger", False):
            return self.none()
        return self.visible_to(user)


def can_write(user) -> bool:
    """Whether ``user`` may change ledger records at all."""
    return bool(user and user.is_authenticated and user.can_write_ledger)
