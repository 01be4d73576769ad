"""Provincial figures: who may enter them, correcting a row, and the city's rank among them."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yunzhao.core import timeline
from yunzhao.core.choices import TimelineEvent
from yunzhao.stats import actions, figures, selectors
from yunzhao.stats.models import ProvincialFigure
from yunzhao.stats.periods import parse


def enter(actor, city, value, **kwargs):
    kwargs.setdefault("statistic", "foreign_capital")
    kwargs.setdefault("period", "2023M1-2")
    return actions.enter_provincial_figure(actor=actor, city_zh=city, value=Decimal(value), **kwargs)


def test_entering_a_city_keeps_the_canonical_period_unit_and_timeline(city_staff):
    # when
    row = enter(city_staff, " 青岛市 ", "310000000", city_en="Qingdao", source_note="省商务厅通报")
    # then
    row.refresh_from_db()
    assert (row.city_zh, row.period, row.unit, row.value, row.entered_by) == (
        "青岛市",
        "2023-01..2023-02",
        "USD",
        Decimal("310000000.00"),
        city_staff,
    )
    assert timeline.for_object(row).get().event == TimelineEvent.CREATED


def test_entering_the_same_city_again_corrects_the_row(city_staff):
    enter(city_staff, "青岛市", "310000000")
    # when (2023-01..2023-02 is the same period as 2023M1-2)
    row = enter(city_staff, "青岛市", "320000000", period="2023-01..2023-02")
    # then
    assert ProvincialFigure.objects.count() == 1
    assert row.value == Decimal("320000000")
    entry = timeline.for_object(row).filter(event=TimelineEvent.UPDATED).get()
    assert entry.before["value"] == "310000000"


@pytest.mark.parametrize("user", ["leader", "district_staff", "media_editor"])
def test_only_the_city_bureau_enters_provincial_figures(request, user):
    with pytest.raises(PermissionDenied):
        enter(request.getfixturevalue(user), "青岛市", "1")
    assert not ProvincialFigure.objects.exists()


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"city": "济南市"}, "city_zh"),
        ({"city": "济南"}, "city_zh"),
        ({"statistic": "missing_updates"}, "statistic"),
        ({"period": "2023Q9"}, "period"),
    ],
)
def test_bad_provincial_input_is_refused(city_staff, fields, error):
    city = fields.pop("city", "青岛市")
    with pytest.raises(ValidationError) as exc:
        enter(city_staff, city, "1", **fields)
    assert error in exc.value.message_dict


def test_the_city_ranks_among_the_entered_cities(ledger, city_staff):
    # given the city used US$15,000,000 of foreign capital in January-April 2023 (P1 and P2)
    period = parse("2023M1-4")
    enter(city_staff, "青岛市", "40000000", period="2023M1-4", city_en="Qingdao")
    enter(city_staff, "烟台市", "15000000", period="2023M1-4")
    enter(city_staff, "潍坊市", "9000000", period="2023M1-4")
    enter(city_staff, "淄博市", "99000000", period="2023")  # another period: not in this table
    figure = figures.compute(["foreign_capital"], period)["foreign_capital"]
    assert figure.amount == Decimal("15000000.00")
    # when
    ranking = selectors.provincial_ranking(figure)
    # then: equal values share the rank
    assert [(row.city, row.rank, row.is_home) for row in ranking.rows] == [
        ("青岛市", 1, False),
        ("济南市", 2, True),
        ("烟台市", 2, False),
        ("潍坊市", 4, False),
    ]
    assert (ranking.home.rank, ranking.cities) == (2, 4)


def test_no_ranking_without_other_cities(ledger):
    figure = figures.compute(["foreign_capital"], parse("2023"))["foreign_capital"]
    assert selectors.provincial_ranking(figure) is None
