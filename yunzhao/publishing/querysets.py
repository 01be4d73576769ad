"""Reusable filters on published content."""

from yunzhao.core.access import ScopedQuerySet

from .choices import Status


class ContentQuerySet(ScopedQuerySet):
    """Content items; staff see and change their own unit's, the city bureau everyone's."""

    def live(self) -> "ContentQuerySet":
        """What the public site shows: published items, in their published version."""
        return self.filter(status=Status.PUBLISHED)
