"""Reusable filters on the CRM models."""

from django.db.models import Exists, OuterRef, Q

from yunzhao.core.access import ScopedQuerySet


class InvestorQuerySet(ScopedQuerySet):
    """Investors; a unit sees those it owns and those in its projects."""

    def visible_to(self, user):
        condition = self.model.scope.condition(user)
        if condition is True:
            return self.all()
        if condition is False:
            return self.none()
        from yunzhao.projects.models import Project

        in_my_projects = Project.objects.visible_to(user).filter(investors=OuterRef("pk"))
        return self.filter(condition | Q(Exists(in_my_projects)))

    def writable_by(self, user):
        """Only the owning unit (or the city bureau) changes an investor's record and its contacts.

        A unit that sees an investor through a shared project may still record its own interactions
        with it (see ``record_interaction``), but not edit what the owner keeps.
        """
        if user is None or not getattr(user, "can_write_ledger", False):
            return self.none()
        condition = self.model.scope.condition(user)
        if condition is True:
            return self.all()
        if condition is False:
            return self.none()
        return self.filter(condition)


class ContactQuerySet(ScopedQuerySet):
    """Contacts follow their investor's visibility."""

    def visible_to(self, user):
        from .models import Investor

        return self.filter(investor__in=Investor.objects.visible_to(user).values("pk"))


class InteractionQuerySet(ContactQuerySet):
    """Interactions follow their investor's visibility."""


class LeadQuerySet(ScopedQuerySet):
    """Leads from the public site: the unit they were routed to sees them, the city bureau all."""


class MeetingSlotQuerySet(ScopedQuerySet):
    """Video-meeting slots: a unit sees and offers its own, the city bureau all."""

    def free(self):
        """Slots nobody has booked."""
        return self.filter(lead__isnull=True)
