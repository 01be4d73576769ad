"""Typed choices of the project pipeline."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Where a project stands in the pipeline, from first lead to production."""

    LEAD = "lead", _("Lead")
    NEGOTIATING = "negotiating", _("Negotiating")
    EXPECTED = "expected", _("Expected to sign")
    SIGNED = "signed", _("Signed")
    REGISTERED = "registered", _("Registered")
    STARTED = "started", _("Construction started")
    PRODUCTION = "production", _("In production")
    PAUSED = "paused", _("Paused")
    LOST = "lost", _("Lost")


# The pipeline proper, in order; PAUSED and LOST sit outside it and need a reason.
PIPELINE = [
    Stage.LEAD, Stage.NEGOTIATING, Stage.EXPECTED, Stage.SIGNED, Stage.REGISTERED, Stage.STARTED,
    Stage.PRODUCTION,
]
OFF_PIPELINE = frozenset({Stage.PAUSED, Stage.LOST})
SIGNED_OR_LATER = frozenset(PIPELINE[PIPELINE.index(Stage.SIGNED):])
# The date field set when a project first reaches each of these stages.
STAGE_DATE_FIELD = {Stage.SIGNED: "signed_on", Stage.STARTED: "started_on", Stage.PRODUCTION: "production_on"}


def stage_rank(stage: str) -> int:
    """Position in the pipeline; off-pipeline stages rank -1."""
    try:
        return PIPELINE.index(Stage(stage))
    except ValueError:
        return -1


class ProjectKind(models.TextChoices):
    """Whether a project is new money or more money from an investor already here."""

    NEW = "new", _("New project")
    EXPANSION = "expansion", _("Expansion")
    CAPITAL_INCREASE = "capital_increase", _("Capital increase")


class CapitalSource(models.TextChoices):
    """Where the money comes from, as the official statistics split it."""

    FOREIGN = "foreign", _("Foreign")
    DOMESTIC = "domestic", _("Domestic (out of city)")


class AmountBand(models.TextChoices):
    """Total-investment size bands of the official statistics (in yuan)."""

    UNDER_1YI = "lt1", _("Under 100 million yuan")
    FROM_1YI = "ge1", _("100 million yuan or more")
    FROM_10YI = "ge10", _("1 billion yuan or more")
    FROM_50YI = "ge50", _("5 billion yuan or more")
    FROM_100YI = "ge100", _("10 billion yuan or more")


YI = Decimal(100_000_000)
# (lower bound inclusive, upper bound exclusive) in yuan for each band filter.
AMOUNT_BAND_RANGE: dict[str, tuple[Decimal | None, Decimal | None]] = {
    AmountBand.UNDER_1YI: (None, YI),
    AmountBand.FROM_1YI: (YI, None),
    AmountBand.FROM_10YI: (10 * YI, None),
    AmountBand.FROM_50YI: (50 * YI, None),
    AmountBand.FROM_100YI: (100 * YI, None),
}
