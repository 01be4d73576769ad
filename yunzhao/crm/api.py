"""The investor endpoints of the JSON API: list, read, create and update, through the CRM actions."""

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from yunzhao.api.errors import ApiValidationError
from yunzhao.api.filters import apply_filterset, query_schema_for
from yunzhao.api.pagination import LimitOffsetPage
from yunzhao.api.permissions import caller, require_writer
from yunzhao.api.schemas import ErrorOut, UnitRef, ValidationErrorOut, choice_label
from yunzhao.core.choices import Industry
from yunzhao.orgs.choices import UnitKind
from yunzhao.orgs.models import Unit

from . import actions
from .choices import InvestorKind
from .filtersets import InvestorFilter
from .models import Investor
from .selectors import investor_queryset, require_investor_owner

router = Router(tags=["investors"])

InvestorFilterParams = query_schema_for(InvestorFilter, "InvestorFilterParams")

READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS = {**READ_ERRORS, 403: ErrorOut, 409: ValidationErrorOut}


class InvestorOut(Schema):
    """An investor as the API shows it."""

    id: int
    name: str = Field(description="The name in the language of the request.")
    name_zh: str
    name_en: str
    kind: InvestorKind
    kind_label: str
    country: str = Field(description="ISO 3166-1 alpha-2 code.")
    country_name: str
    credit_code: str
    industry: Industry
    industry_label: str
    headquarters: str
    website: str
    notes: str
    tags: list[str]
    owner_unit: UnitRef
    project_count: int = Field(description="Projects of this investor that the caller can see.")
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_name(obj: Investor) -> str:
        return obj.display_name

    @staticmethod
    def resolve_kind_label(obj: Investor) -> str:
        return choice_label(obj, "kind")

    @staticmethod
    def resolve_industry_label(obj: Investor) -> str:
        return choice_label(obj, "industry")

    @staticmethod
    def resolve_country(obj: Investor) -> str:
        return obj.country.code or ""

    @staticmethod
    def resolve_country_name(obj: Investor) -> str:
        return str(obj.country.name or "")

    @staticmethod
    def resolve_tags(obj: Investor) -> list[str]:
        # Sorted in Python: ordering in the query would defeat the prefetch.
        return sorted(tag.name for tag in obj.tags.all())


class InvestorIn(Schema):
    """A new investor. Fields left out take their defaults."""

    model_config = ConfigDict(extra="forbid")

    name_zh: str
    name_en: str = None
    kind: InvestorKind = None
    country: str = Field(None, description="ISO 3166-1 alpha-2 code; CN if left out.")
    credit_code: str = Field(None, description="Unified social credit code (统一社会信用代码).")
    industry: Industry = None
    headquarters: str = None
    website: str = None
    notes: str = None
    tags: list[str] = None
    owner_unit: int = Field(
        None, description="Owning unit id; district and zone staff may only give their own."
    )
    allow_duplicate: bool = Field(
        False, description="Record it even though an investor with a very similar name exists."
    )


class InvestorPatch(Schema):
    """Changes to an investor; only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid")

    name_zh: str = None
    name_en: str = None
    kind: InvestorKind = None
    country: str = None
    credit_code: str = None
    industry: Industry = None
    headquarters: str = None
    website: str = None
    notes: str = None
    tags: list[str] = Field(None, description="The complete new list of tags.")
    note: str = Field("", description="Why the change was made, kept on the timeline.")


def _owner_unit(pk: int) -> Unit:
    unit = Unit.objects.filter(
        pk=pk, is_active=True, kind__in=[UnitKind.CITY, UnitKind.DISTRICT, UnitKind.ZONE]
    ).first()
    if unit is None:
        raise ApiValidationError(
            {"owner_unit": [_("Select a valid choice. That choice is not one of the available choices.")]}
        )
    return unit


def _read(pk: int, user) -> Investor:
    return get_object_or_404(investor_queryset(user), pk=pk)


@router.get("", response={200: list[InvestorOut], **READ_ERRORS}, summary="List investors")
@paginate(LimitOffsetPage)
def list_investors(request: HttpRequest, filters: Query[InvestorFilterParams]):  # type: ignore[valid-type]
    """Investors the caller can see, filtered like the investor list page."""
    return apply_filterset(
        InvestorFilter, request, investor_queryset(caller(request)).order_by("name_zh", "pk")
    )


@router.get("/{int:investor_id}", response={200: InvestorOut, **READ_ERRORS}, summary="Read an investor")
def read_investor(request: HttpRequest, investor_id: int):
    """One investor, if the caller can see it."""
    return _read(investor_id, caller(request))


@router.post("", response={201: InvestorOut, **WRITE_ERRORS}, summary="Create an investor")
def create_investor(request: HttpRequest, payload: InvestorIn):
    """Record an investor; a likely duplicate is refused with 409 unless ``allow_duplicate`` is set."""
    user = caller(request)
    require_writer(user)
    fields = payload.dict(exclude_unset=True)
    tags = fields.pop("tags", None)
    allow_duplicate = fields.pop("allow_duplicate", False)
    if "owner_unit" in fields:
        fields["owner_unit"] = _owner_unit(fields["owner_unit"])
    investor = actions.create_investor(actor=user, tags=tags, allow_duplicate=allow_duplicate, **fields)
    return Status(201, _read(investor.pk, user))


@router.patch("/{int:investor_id}", response={200: InvestorOut, **WRITE_ERRORS}, summary="Update an investor")
def update_investor(request: HttpRequest, investor_id: int, payload: InvestorPatch):
    """Change the fields sent; each change is written on the investor's timeline."""
    user = caller(request)
    investor = get_object_or_404(Investor.objects.visible_to(user), pk=investor_id)
    require_writer(user)
    require_investor_owner(user, investor)
    changes = payload.dict(exclude_unset=True)
    tags = changes.pop("tags", None)
    note = changes.pop("note", "")
    actions.update_investor(investor, actor=user, changes=changes, tags=tags, note=note)
    return _read(investor.pk, user)
