"""The project endpoints of the JSON API: the ledger, edits, stage changes and capital in place."""

import datetime as dt
from typing import Any

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
from yunzhao.api.schemas import DecimalText, ErrorOut, UnitRef, UserRef, ValidationErrorOut, choice_label
from yunzhao.core.choices import Currency, Industry
from yunzhao.crm.models import Investor
from yunzhao.orgs.choices import Role
from yunzhao.orgs.models import Unit, User

from . import actions
from .choices import CapitalSource, ProjectKind, Stage
from .filtersets import ProjectFilter
from .models import CapitalRecord, Project
from .selectors import get_project_for_user, ledger_queryset

router = Router(tags=["projects"])

ProjectFilterParams = query_schema_for(ProjectFilter, "ProjectFilterParams")

READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS = {**READ_ERRORS, 403: ErrorOut}


class InvestorRef(Schema):
    """An investor of a project, as a reference."""

    id: int
    name: str
    name_zh: str
    name_en: str

    @staticmethod
    def resolve_name(obj: Investor) -> str:
        return obj.display_name


class ProjectOut(Schema):
    """A project as the API shows it. Amounts are decimal strings in whole units of their currency."""

    id: int
    code: str = Field(description="Ledger number.")
    name: str = Field(description="The name in the language of the request.")
    name_zh: str
    name_en: str
    investors: list[InvestorRef]
    district: UnitRef
    zone: UnitRef | None
    industry: Industry
    industry_label: str
    kind: ProjectKind
    kind_label: str
    source: CapitalSource
    source_label: str
    stage: Stage
    stage_label: str
    stage_reason: str
    stage_changed_at: dt.datetime | None
    total_investment: DecimalText
    currency: Currency
    exchange_rate: DecimalText = Field(description="Yuan per unit of the currency; 1 for yuan.")
    total_investment_cny: DecimalText = Field(description="Total investment in yuan (amount × rate).")
    land_area_mu: DecimalText | None
    phases: str
    description: str
    officer: UserRef | None = Field(description="Responsible officer.")
    leader: str = Field(description="Assigned city leader (领导包挂).")
    is_key: bool
    anchor_id: int | None = Field(description="The chain anchor project that attracted this one.")
    signed_on: dt.date | None
    started_on: dt.date | None
    production_on: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_name(obj: Project) -> str:
        return obj.display_name

    @staticmethod
    def resolve_investors(obj: Project) -> list[Investor]:
        return list(obj.investors.all())

    @staticmethod
    def resolve_industry_label(obj: Project) -> str:
        return choice_label(obj, "industry")

    @staticmethod
    def resolve_kind_label(obj: Project) -> str:
        return choice_label(obj, "kind")

    @staticmethod
    def resolve_source_label(obj: Project) -> str:
        return choice_label(obj, "source")

    @staticmethod
    def resolve_stage_label(obj: Project) -> str:
        return choice_label(obj, "stage")


class ProjectIn(Schema):
    """A new project. Fields left out take their defaults; district staff's district is their own."""

    model_config = ConfigDict(extra="forbid")

    name_zh: str
    name_en: str = None
    investors: list[int] = Field(None, description="Investor ids.")
    district: int = Field(None, description="District id.")
    zone: int | None = Field(None, description="Zone id.")
    industry: Industry = None
    kind: ProjectKind = None
    source: CapitalSource = None
    total_investment: DecimalText = None
    currency: Currency = None
    exchange_rate: DecimalText = Field(None, description="Left out: the rate recorded for this month.")
    land_area_mu: DecimalText | None = None
    phases: str = None
    description: str = None
    officer: int | None = Field(None, description="Responsible officer's user id.")
    leader: str = None
    is_key: bool = None
    anchor: int | None = Field(None, description="Anchor project id.")
    stage: Stage = Field(None, description="Starting stage; lead if left out.")
    stage_reason: str = Field(None, description="Needed when starting paused or lost.")


class ProjectPatch(Schema):
    """Changes to a project; only the fields sent are changed. The stage has its own endpoint."""

    model_config = ConfigDict(extra="forbid")

    name_zh: str = None
    name_en: str = None
    investors: list[int] = Field(None, description="The complete new list of investor ids.")
    district: int = None
    zone: int | None = None
    industry: Industry = None
    kind: ProjectKind = None
    source: CapitalSource = None
    total_investment: DecimalText = None
    currency: Currency = None
    exchange_rate: DecimalText = None
    land_area_mu: DecimalText | None = None
    phases: str = None
    description: str = None
    officer: int | None = None
    leader: str = None
    is_key: bool = None
    anchor: int | None = None
    note: str = Field("", description="Why the change was made, kept on the timeline.")


class StageIn(Schema):
    """A stage change."""

    model_config = ConfigDict(extra="forbid")

    to: Stage
    note: str = Field("", description="Needed when moving a project back down the pipeline.")
    reason: str = Field("", description="Needed for paused and lost.")
    on: dt.date | None = Field(None, description="When it happened; today if left out.")


class CapitalOut(Schema):
    """Capital that actually arrived (到位资金)."""

    id: int
    received_on: dt.date
    amount: DecimalText
    currency: Currency
    exchange_rate: DecimalText
    amount_cny: DecimalText
    source: CapitalSource
    source_label: str
    note: str
    created_by: UserRef | None
    created_at: dt.datetime

    @staticmethod
    def resolve_source_label(obj: CapitalRecord) -> str:
        return choice_label(obj, "source")


class CapitalIn(Schema):
    """Capital received for a project."""

    model_config = ConfigDict(extra="forbid")

    received_on: dt.date
    amount: DecimalText
    currency: Currency = Currency.CNY
    source: CapitalSource | None = Field(
        None, description="Left out: foreign for dollars, else the project's."
    )
    exchange_rate: DecimalText | None = Field(None, description="Left out: the rate recorded for that month.")
    note: str = ""


def _invalid_choice(field: str) -> ApiValidationError:
    return ApiValidationError(
        {field: [_("Select a valid choice. That choice is not one of the available choices.")]}
    )


def _resolve_references(fields: dict[str, Any], user: User) -> dict[str, Any]:
    """Turn the ids a client sends into the objects the actions take, refusing what the caller cannot use."""
    lookups = {
        "district": Unit.objects.districts(),
        "zone": Unit.objects.zones(),
        "officer": User.objects.filter(is_active=True),
        "anchor": Project.objects.visible_to(user),
    }
    for name, queryset in lookups.items():
        if fields.get(name) is not None:
            fields[name] = queryset.filter(pk=fields[name]).first()
            if fields[name] is None:
                raise _invalid_choice(name)
    if fields.get("investors") is not None:
        wanted = list(dict.fromkeys(fields["investors"]))
        found = {i.pk: i for i in Investor.objects.visible_to(user).filter(pk__in=wanted)}
        missing = [str(pk) for pk in wanted if pk not in found]
        if missing:
            raise ApiValidationError(
                {
                    "investors": [
                        _("Select a valid choice. %(value)s is not one of the available choices.")
                        % {"value": ", ".join(missing)}
                    ]
                }
            )
        fields["investors"] = [found[pk] for pk in wanted]
    return fields


def _read(pk: int, user: User) -> Project:
    return get_project_for_user(pk, user)


def _project_for_write(pk: int, user: User) -> Project:
    """The project if the caller may see it (else 404) and may change it (else 403)."""
    project = get_object_or_404(Project.objects.visible_to(user), pk=pk)
    require_writer(user)
    return project


@router.get("", response={200: list[ProjectOut], **READ_ERRORS}, summary="List projects")
@paginate(LimitOffsetPage)
def list_projects(request: HttpRequest, filters: Query[ProjectFilterParams]):  # type: ignore[valid-type]
    """Projects the caller can see, with the ledger page's filters; newest change first."""
    return apply_filterset(ProjectFilter, request, ledger_queryset(caller(request)))


@router.get("/{int:project_id}", response={200: ProjectOut, **READ_ERRORS}, summary="Read a project")
def read_project(request: HttpRequest, project_id: int):
    """One project, if the caller can see it."""
    return _read(project_id, caller(request))


@router.post("", response={201: ProjectOut, **WRITE_ERRORS}, summary="Create a project")
def create_project(request: HttpRequest, payload: ProjectIn):
    """Record a project (at the lead stage unless another is given) and write it on its timeline."""
    user = caller(request)
    require_writer(user)
    fields = _resolve_references(payload.dict(exclude_unset=True), user)
    # District and zone staff record projects in their own unit; spare them repeating it.
    if user.role == Role.DISTRICT_STAFF:
        fields.setdefault("district", user.unit)
    if user.role == Role.ZONE_STAFF:
        fields.setdefault("zone", user.unit)
    investors = fields.pop("investors", None) or ()
    project = actions.create_project(actor=user, investors=investors, **fields)
    return Status(201, _read(project.pk, user))


@router.patch("/{int:project_id}", response={200: ProjectOut, **WRITE_ERRORS}, summary="Update a project")
def update_project(request: HttpRequest, project_id: int, payload: ProjectPatch):
    """Change the fields sent; amount, owner and other changes are each written on the timeline."""
    user = caller(request)
    project = _project_for_write(project_id, user)
    changes = _resolve_references(payload.dict(exclude_unset=True), user)
    note = changes.pop("note", "")
    actions.update_project(project, actor=user, changes=changes, note=note)
    return _read(project.pk, user)


@router.post(
    "/{int:project_id}/stage", response={200: ProjectOut, **WRITE_ERRORS}, summary="Change the stage"
)
def change_stage(request: HttpRequest, project_id: int, payload: StageIn):
    """Move a project to another stage; paused and lost need a reason, moving back needs a note."""
    user = caller(request)
    project = _project_for_write(project_id, user)
    actions.change_stage(
        project, to=payload.to, actor=user, note=payload.note, reason=payload.reason, on=payload.on
    )
    return _read(project.pk, user)


@router.get(
    "/{int:project_id}/capital",
    response={200: list[CapitalOut], **READ_ERRORS},
    summary="List capital in place",
)
@paginate(LimitOffsetPage)
def list_capital(request: HttpRequest, project_id: int):
    """The project's capital-in-place records, newest first."""
    project = _read(project_id, caller(request))
    return (
        CapitalRecord.objects.filter(project=project)
        .select_related("created_by")
        .order_by("-received_on", "-id")
    )


@router.post(
    "/{int:project_id}/capital", response={201: CapitalOut, **WRITE_ERRORS}, summary="Record capital in place"
)
def record_capital(request: HttpRequest, project_id: int, payload: CapitalIn):
    """Record money that actually arrived for the project, separate from the signed amount."""
    user = caller(request)
    project = _project_for_write(project_id, user)
    record = actions.record_capital(project, actor=user, **payload.dict())
    # The yuan amount is computed by the database; read it back.
    return Status(201, CapitalRecord.objects.select_related("created_by").get(pk=record.pk))
