"""The record sets figures are computed from, with the dates and amounts their definitions use.

Each source is one model (projects, capital records, signings) read through the access rule and
annotated, in SQL, with the values statistic definitions refer to. Every figure, breakdown and
drill-down of a source starts from the same ``queryset(user)``, so a drill-down lists exactly the
rows its figure summed.

Conversions happen per record and are rounded to the cent before summing, so the rows of a
drill-down add up to the figure exactly:

- **signing-month rate** (``sign_rate``): a project in US dollars is converted at the
  ``ExchangeRate`` recorded for the month of its credited signing, or the latest month before it
  when that month has none (as ``projects.rates.rate_for`` does); when no rate is recorded at all,
  the rate stored on the project is used. Yuan projects take 1.
- **capital in dollars** (``usd_amount``): a capital record in dollars counts as is; one in yuan is
  divided by the US-dollar ``ExchangeRate`` of the month it arrived (or the latest before). Without
  any rate it cannot be converted: it is left out and counted in ``unconverted``.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import Case, Exists, F, FilteredRelation, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Round
from django.utils.translation import gettext_lazy as _

from yunzhao.campaigns.models import Signing
from yunzhao.core.choices import Currency
from yunzhao.projects.choices import PIPELINE, Stage
from yunzhao.projects.models import CapitalRecord, ExchangeRate, Project

MONEY = models.DecimalField(max_digits=20, decimal_places=2)
RATE = models.DecimalField(max_digits=12, decimal_places=6)


def stages_before(stage: Stage) -> list[str]:
    """Pipeline stages that come before ``stage`` (a project moved back there has not reached it)."""
    return [s.value for s in PIPELINE[: PIPELINE.index(stage)]]


def reached(date_field: str, stage: Stage) -> Q:
    """Rows whose project reached ``stage``: its date is set and it was not moved back before it.

    Moving a project back down the pipeline is a correction; paused and lost projects keep the
    milestones they reached.
    """
    return Q(**{f"{date_field}__isnull": False}) & ~Q(stage__in=stages_before(stage))


def _rate_at(currency, day) -> Subquery:
    """Yuan per unit of ``currency`` for the month of ``day``, or the latest month before it."""
    return Subquery(
        ExchangeRate.objects.filter(currency=currency, month__lte=day)
        .order_by("-month")
        .values("rate_to_cny")[:1],
        output_field=RATE,
    )


def usd_rate_on(day: dt.date) -> Decimal | None:
    """The US-dollar rate of the month of ``day`` (or the latest before), for "US$…" in English text."""
    return (
        ExchangeRate.objects.filter(currency=Currency.USD, month__lte=day)
        .order_by("-month")
        .values_list("rate_to_cny", flat=True)
        .first()
    )


CENT = Decimal("0.01")
MICRO = Decimal("0.000001")


def _q(value: Decimal | None, step: Decimal) -> Decimal | None:
    """Values read back from SQLite expressions carry float noise; amounts are cents, rates 6 places."""
    return None if value is None else Decimal(value).quantize(step)


@dataclass(frozen=True)
class RecordRow:
    """One line of a drill-down: the record, its date, what it was in its own terms, what it counts."""

    record: models.Model
    project: Project
    date: dt.date | None
    original: Decimal | None
    currency: str
    rate: Decimal | None
    amount: Decimal | None
    note: str = ""


UNKNOWN = "?"  # what ``names_read`` reports for an expression it cannot see into


def names_read(*expressions) -> set[str]:
    """The fields and annotations (first part of each path) that conditions and expressions read.

    ``Exists`` and ``Subquery`` are taken to read the row's keys only (their ``OuterRef`` points at
    the project or the row); any other expression it cannot see into adds ``UNKNOWN``.
    """
    found: set[str] = set()
    for expression in expressions:
        if expression is None:
            continue
        if isinstance(expression, str):
            found.add(expression.split("__", 1)[0])
        elif isinstance(expression, Q):
            for child in expression.children:
                if isinstance(child, tuple):
                    found.add(child[0].split("__", 1)[0])
                    if isinstance(child[1], F | Q):
                        found |= names_read(child[1])
                else:
                    found |= names_read(child)
        elif isinstance(expression, F):
            found.add(expression.name.split("__", 1)[0])
        elif isinstance(expression, Exists | Subquery):
            continue
        elif hasattr(expression, "get_source_expressions"):
            found |= names_read(*expression.get_source_expressions())
        else:
            found.add(UNKNOWN)
    return found


class Source:
    """A model read through the access rule, annotated with the values definitions use."""

    code: str = ""
    label = ""
    model: type[models.Model]
    project_ref: str = "project_id"  # the project's primary key, seen from a row
    project_path: str = "project__"  # the prefix that reaches the project's fields
    campaign_path: str | None = None  # a direct path to the campaign, where there is one
    related: tuple[str, ...] = ("project__district", "project__zone")

    def base(self, user) -> QuerySet:
        """All rows for ``user=None`` (commands, reports of the whole city), else what the user sees."""
        manager = self.model.objects
        return manager.all() if user is None else manager.visible_to(user)

    def queryset(self, user) -> QuerySet:
        return self.base(user)

    def queryset_reading(self, user, names: Iterable[str]) -> QuerySet:
        """``queryset(user)``, or less of it when ``names`` (see ``names_read``) need less."""
        return self.queryset(user)

    def campaign_expression(self):
        """The campaign a row is credited to: the event of its project's credited signing."""
        if self.campaign_path:
            return F(self.campaign_path)
        return Subquery(
            Signing.objects.filter(project_id=OuterRef(self.project_ref), credited_project=True).values(
                "event__campaign_id"
            )[:1],
            output_field=models.IntegerField(),
        )

    def row(self, obj, *, date_field: str | None, amount_field: str | None) -> RecordRow:
        raise NotImplementedError


class ProjectSource(Source):
    """Projects, with their credited signing date and total investment at the signing-month rate."""

    code = "projects"
    label = _("Projects")
    model = Project
    project_ref = "pk"
    project_path = ""
    campaign_path = "credited__event__campaign"
    related = ("district", "zone")
    # What ``queryset`` adds with its join to the credited signing (and the rate looked up for it).
    signing_annotations = frozenset({"credited", "sign_date", "sign_rate", "signed_value", UNKNOWN})

    def queryset_reading(self, user, names: Iterable[str]) -> QuerySet:
        """Without the join to the credited signing when nothing read needs it (started, in production,
        the stage counts…): the database then reads the projects alone."""
        if self.signing_annotations.isdisjoint(names):
            return self.base(user)
        return self.queryset(user)

    def queryset(self, user) -> QuerySet:
        # At most one signing per project is credited, so this join keeps one row per project.
        return (
            self.base(user)
            .annotate(credited=FilteredRelation("signings", condition=Q(signings__credited_project=True)))
            .annotate(
                sign_date=Coalesce(
                    F("credited__signed_on"),
                    # No signing record: the date the project reached "signed", unless moved back.
                    Case(
                        When(stage__in=stages_before(Stage.SIGNED), then=Value(None)),
                        default=F("signed_on"),
                        output_field=models.DateField(),
                    ),
                    output_field=models.DateField(),
                ),
            )
            .annotate(
                sign_rate=Case(
                    When(currency=Currency.CNY, then=Value(Decimal(1))),
                    default=Coalesce(
                        _rate_at(OuterRef("currency"), OuterRef("sign_date")), F("exchange_rate")
                    ),
                    output_field=RATE,
                ),
            )
            .annotate(
                signed_value=Case(
                    When(currency=Currency.CNY, then=F("total_investment")),
                    default=Round(F("total_investment") * F("sign_rate"), 2),
                    output_field=MONEY,
                ),
            )
        )

    def row(self, obj, *, date_field, amount_field) -> RecordRow:
        rate = obj.sign_rate if amount_field == "signed_value" else obj.exchange_rate
        return RecordRow(
            record=obj,
            project=obj,
            date=getattr(obj, date_field) if date_field else None,
            original=obj.total_investment,
            currency=obj.currency,
            rate=_q(rate, MICRO),
            amount=_q(getattr(obj, amount_field), CENT) if amount_field else None,
            note=obj.get_stage_display(),
        )


class CapitalSource(Source):
    """Capital in place (到位资金), with its value in US dollars at the month's rate."""

    code = "capital"
    label = _("Capital in place")
    model = CapitalRecord

    def queryset(self, user) -> QuerySet:
        return (
            self.base(user)
            .annotate(
                usd_rate=Case(
                    When(currency=Currency.USD, then=Value(Decimal(1))),
                    default=_rate_at(Value(Currency.USD), OuterRef("received_on")),
                    output_field=RATE,
                ),
            )
            .annotate(
                usd_amount=Case(
                    When(currency=Currency.USD, then=F("amount")),
                    default=Round(F("amount_cny") / F("usd_rate"), 2),
                    output_field=MONEY,
                ),
            )
        )

    def row(self, obj, *, date_field, amount_field) -> RecordRow:
        rate = obj.usd_rate if amount_field == "usd_amount" else obj.exchange_rate
        return RecordRow(
            record=obj,
            project=obj.project,
            date=obj.received_on,
            original=obj.amount,
            currency=obj.currency,
            rate=_q(rate, MICRO),
            amount=_q(getattr(obj, amount_field), CENT) if amount_field else None,
            note=obj.get_source_display() + (f" · {obj.note}" if obj.note else ""),
        )


class SigningSource(Source):
    """Signings at events, with the amount credited to each (first signing whole, later only the increase)."""

    code = "signings"
    label = _("Signings")
    model = Signing
    campaign_path = "event__campaign"
    related = ("project__district", "project__zone", "event")

    def row(self, obj, *, date_field, amount_field) -> RecordRow:
        return RecordRow(
            record=obj,
            project=obj.project,
            date=obj.signed_on,
            original=obj.amount,
            currency=obj.currency,
            rate=_q(obj.exchange_rate, MICRO),
            amount=_q(getattr(obj, amount_field), CENT) if amount_field else None,
            note=obj.event.display_name,
        )


PROJECTS = ProjectSource()
CAPITAL = CapitalSource()
SIGNINGS = SigningSource()
