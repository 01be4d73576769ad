"""Every write of the statistics app: the province's published figures for other cities."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yunzhao.core import timeline
from yunzhao.core.choices import TimelineEvent
from yunzhao.orgs.choices import Role

from . import conf, registry
from .models import ProvincialFigure
from .periods import PeriodError, parse


def can_enter_provincial_figures(actor) -> bool:
    """The city bureau's staff keep the provincial comparison."""
    return bool(
        actor
        and actor.is_authenticated
        and actor.is_active
        and (actor.is_superuser or actor.role in (Role.CITY_ADMIN, Role.CITY_STAFF))
    )


@transaction.atomic
def enter_provincial_figure(
    *,
    actor,
    city_zh: str,
    statistic: str,
    period: str,
    value: Decimal,
    city_en: str = "",
    source_note: str = "",
) -> ProvincialFigure:
    """Record (or correct) the value the province published for a city, statistic and period."""
    if not can_enter_provincial_figures(actor):
        raise PermissionDenied(_("Only the city bureau enters provincial figures."))
    city_zh, city_en = city_zh.strip(), city_en.strip()
    if city_zh in (conf.city()["zh"], conf.city()["short_zh"]):
        raise ValidationError(
            {"city_zh": _("The city's own figure comes from the ledger; enter other cities only.")}
        )
    if statistic not in dict(registry.comparable_choices()):
        raise ValidationError({"statistic": _("Choose a statistic the province publishes.")})
    try:
        code = parse(period).code
    except PeriodError as exc:
        raise ValidationError({"period": str(exc)}) from exc
    figure = (
        ProvincialFigure.objects.select_for_update()
        .filter(city_zh=city_zh, statistic=statistic, period=code)
        .first()
    )
    before = None if figure is None else {"value": figure.value, "source_note": figure.source_note}
    if figure is None:
        figure = ProvincialFigure(city_zh=city_zh, statistic=statistic, period=code)
    figure.city_en = city_en or figure.city_en
    figure.value = value
    figure.unit = registry.get(statistic).unit
    figure.source_note = source_note.strip()
    figure.entered_by = actor
    figure.full_clean(validate_constraints=False)
    figure.save()
    timeline.record(
        figure,
        TimelineEvent.CREATED if before is None else TimelineEvent.UPDATED,
        actor=actor,
        field="value",
        before=before,
        after={"value": figure.value, "source_note": figure.source_note},
    )
    return figure
