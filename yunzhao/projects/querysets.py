"""Reusable filters on projects and their records."""

from django.db.models import Count, Q, Sum

from yunzhao.core.access import ScopedQuerySet

from .choices import AMOUNT_BAND_RANGE, OFF_PIPELINE


class ProjectQuerySet(ScopedQuerySet):
    """Projects; a district sees its own, a zone the ones in the zone."""

    def active(self):
        return self.exclude(stage__in=OFF_PIPELINE)

    def key(self):
        return self.filter(is_key=True)

    def in_band(self, band: str):
        low, high = AMOUNT_BAND_RANGE[band]
        q = Q()
        if low is not None:
            q &= Q(total_investment_cny__gte=low)
        if high is not None:
            q &= Q(total_investment_cny__lt=high)
        return self.filter(q)

    def totals(self) -> dict:
        """Count and total investment (yuan) of the set, in one query."""
        return self.order_by().aggregate(count=Count("pk"), amount=Sum("total_investment_cny"))


class ProjectChildQuerySet(ScopedQuerySet):
    """Records that belong to a project follow its visibility."""
