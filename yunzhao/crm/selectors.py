"""Reads of investors shared by views, the API and imports."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Lower
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from yunzhao.core.validators import normalize_uscc

from .models import Contact, Interaction, Investor, name_key


def investor_queryset(user):
    """Investors the user may see, with the owning unit, tags and the count of projects the user sees."""
    from yunzhao.projects.models import Project

    # Only the projects the user sees are counted: another unit's projects stay invisible, even as a number.
    links = Project.investors.through.objects.filter(investor=OuterRef("pk"))
    if Project.scope.condition(user) is not True:
        links = links.filter(project__in=Project.objects.visible_to(user).values("pk"))
    links = links.order_by().values("investor").annotate(n=Count("pk")).values("n")
    return (
        Investor.objects.visible_to(user)
        .select_related("owner_unit")
        .prefetch_related("tags")
        .annotate(project_count=Coalesce(Subquery(links, output_field=IntegerField()), Value(0)))
    )


def get_investor_for_user(pk: int, user) -> Investor:
    """The investor with ``pk`` if the user may see it; otherwise 404."""
    return get_object_or_404(Investor.objects.visible_to(user).select_related("owner_unit"), pk=pk)


def can_edit_investor(user, investor: Investor) -> bool:
    """Whether ``user`` may change the investor's record and contacts (its owning unit, or the city)."""
    return Investor.objects.writable_by(user).filter(pk=investor.pk).exists()


def require_investor_owner(user, investor: Investor) -> None:
    """Refuse (403) a unit that sees ``investor`` only through a shared project from changing its record."""
    if not can_edit_investor(user, investor):
        raise PermissionDenied(_("Only the unit that owns this investor may change its record and contacts."))


def find_duplicates(name: str, credit_code: str = "", *, name_en: str = "", user=None,
                    exclude_pk: int | None = None):
    """Investors that look like the same company: same credit code, the same Chinese name once noise is
    removed, or the same English name.

    With ``user`` the result is limited to what that user may see; without, it searches everything
    (used by actions, which must refuse a duplicate even if its owner is another unit).
    """
    q = Q()
    key = name_key(name)
    if key:
        q |= Q(name_key=key)
    code = normalize_uscc(credit_code or "")
    if code:
        q |= Q(credit_code=code)
    english = " ".join((name_en or "").split()).lower()
    if english:
        q |= Q(name_en_lower=english)
    if not q:
        return Investor.objects.none()
    qs = Investor.objects.visible_to(user) if user is not None else Investor.objects.all()
    qs = qs.alias(name_en_lower=Lower("name_en")).filter(q)
    return qs.exclude(pk=exclude_pk) if exclude_pk else qs


def find_similar(name: str, name_en: str = "", *, user, exclude_pk: int | None = None):
    """Investors the user sees whose names contain what is being typed: suggestions, not a refusal."""
    q = Q()
    key = name_key(name)
    if len(key) >= 2:
        q |= Q(name_key__contains=key)
    english = " ".join((name_en or "").split())
    if len(english) >= 3:
        q |= Q(name_en__icontains=english)
    if not q:
        return Investor.objects.none()
    qs = Investor.objects.visible_to(user).filter(q)
    return qs.exclude(pk=exclude_pk) if exclude_pk else qs


def contacts_for(investor: Investor):
    """The investor's contacts by name."""
    return Contact.objects.filter(investor=investor).order_by("name")


def interactions_for(investor: Investor):
    """The investor's interactions, newest first, with project and author loaded."""
    return Interaction.objects.filter(investor=investor).select_related("project", "created_by")
