"""A small ledger built through the actions, whose figures are worked out by hand in ``LEDGER_ANSWERS``.

US-dollar rates: 2022-03 6.35, 2023-01 6.80, 2023-03 6.90, 2023-06 7.20.

2023 (signing dates in brackets):
- P1 历下 5亿元, signed at the provincial event (03-18) and again at the city event (03-30, same amount,
  not credited again); started 09-01, in production 12-01. Foreign capital 6,900万元 on 03-20
  (at 6.90: US$10,000,000). Investor: a Chinese private company.
- P2 槐荫 US$15,000,000, entered at 6.50 (¥9,750万, under 1亿) but signed at the city event (03-30):
  at March's 6.90 it is ¥103,500,000, over 1亿. Foreign capital US$5,000,000 on 04-15.
  Investors: a US multinational (lead), then the Chinese company.
- P3 历下 65亿元 total, signed at the city event (03-30) for 50亿 and again at the district event
  (06-10) for 60亿 (a capital increase: 10亿 credited). Foreign capital ¥10,000,000 on 05-10 (May has
  no rate: March's 6.90 → US$1,449,275.36); domestic ¥200,000,000 on 07-01. Investor: German. Key project.
- P4 天桥 120亿元, signed by a stage change alone (08-01), started 10-01; domestic ¥50,000,000 on
  11-01. No investor. Key project.
- P5 历下 0.8亿元 in the High-Tech Zone, signed at the district event (06-10).
- P8 历下 2亿元, moved to signed (04-01) then back to negotiating as a correction: not signed.
2022:
- P6 历下 3亿元, signed at a 2022 event (03-10), started 09-01; foreign US$10,000,000 on 04-01,
  domestic ¥100,000,000 on 06-01.
- P7 槐荫 0.5亿元, signed by a stage change alone (05-05).
The city and district events belong to the campaign "2023云招商"; the provincial one to none.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from yunzhao.campaigns import actions as campaign_actions
from yunzhao.campaigns.choices import EventLevel
from yunzhao.core.choices import Currency
from yunzhao.crm.choices import InvestorKind
from yunzhao.projects import actions as project_actions
from yunzhao.projects.choices import Stage
from yunzhao.projects.models import ExchangeRate
from yunzhao.testing.factories import make_investor, make_project

D = dt.date
YI = Decimal(100_000_000)


@dataclass
class Ledger:
    p1: object
    p2: object
    p3: object
    p4: object
    p5: object
    p6: object
    p7: object
    p8: object
    campaign: object
    investors: dict


def _event(actor, units, title, level, day, campaign=None):
    return campaign_actions.create_event(
        actor=actor,
        title_zh=title,
        title_en=title,
        level=level,
        owner_unit=units["jnipb"],
        campaign=campaign,
        starts_at=timezone.make_aware(dt.datetime(day.year, day.month, day.day, 10)),
    )


def _sign(actor, event, project, day, amount, currency=Currency.CNY):
    return campaign_actions.record_signing(
        event, project, actor=actor, parties="甲方；乙方", signed_on=day, amount=amount, currency=currency
    )


def build_ledger(city_staff, units) -> Ledger:
    """The ledger described in this module's docstring."""
    for month, rate in [
        (D(2022, 3, 1), "6.35"),
        (D(2023, 1, 1), "6.80"),
        (D(2023, 3, 1), "6.90"),
        (D(2023, 6, 1), "7.20"),
    ]:
        ExchangeRate.objects.create(month=month, currency=Currency.USD, rate_to_cny=Decimal(rate))
    us = make_investor(
        city_staff,
        name_zh="美国跨国公司",
        name_en="US Multinational Inc.",
        country="US",
        kind=InvestorKind.MULTINATIONAL,
    )
    de = make_investor(
        city_staff,
        name_zh="德国集团",
        name_en="German Group AG",
        country="DE",
        kind=InvestorKind.MULTINATIONAL,
    )
    cn = make_investor(
        city_staff,
        name_zh="山东民营企业",
        name_en="Shandong Private Co.",
        country="CN",
        kind=InvestorKind.PRIVATE,
    )
    campaign = campaign_actions.create_campaign(
        actor=city_staff,
        name_zh="2023云招商",
        name_en="Cloud 2023",
        starts_on=D(2023, 3, 1),
        ends_on=D(2023, 12, 31),
    )
    provincial = _event(city_staff, units, "山东省重点项目签约", EventLevel.PROVINCIAL, D(2023, 3, 18))
    city = _event(city_staff, units, "济南市云招商推介会", EventLevel.CITY, D(2023, 3, 30), campaign)
    district = _event(city_staff, units, "历下区专场", EventLevel.DISTRICT, D(2023, 6, 10), campaign)
    event_2022 = _event(city_staff, units, "2022签约活动", EventLevel.CITY, D(2022, 3, 10))

    def project(district_code, total, **fields):
        return make_project(city_staff, district=units[district_code], total_investment=total, **fields)

    p1 = project("lixia", 5 * YI, investors=[cn])
    _sign(city_staff, provincial, p1, D(2023, 3, 18), 5 * YI)
    _sign(city_staff, city, p1, D(2023, 3, 30), 5 * YI)
    project_actions.change_stage(p1, to=Stage.STARTED, actor=city_staff, on=D(2023, 9, 1))
    project_actions.change_stage(p1, to=Stage.PRODUCTION, actor=city_staff, on=D(2023, 12, 1))
    project_actions.record_capital(
        p1, actor=city_staff, received_on=D(2023, 3, 20), amount=Decimal(69_000_000), source="foreign"
    )

    p2 = project(
        "huaiyin",
        Decimal(15_000_000),
        currency=Currency.USD,
        exchange_rate=Decimal("6.50"),
        investors=[us, cn],
    )
    _sign(city_staff, city, p2, D(2023, 3, 30), Decimal(15_000_000), Currency.USD)
    project_actions.record_capital(
        p2,
        actor=city_staff,
        received_on=D(2023, 4, 15),
        amount=Decimal(5_000_000),
        currency=Currency.USD,
        source="foreign",
    )

    p3 = project("lixia", 65 * YI, investors=[de], is_key=True)
    _sign(city_staff, city, p3, D(2023, 3, 30), 50 * YI)
    _sign(city_staff, district, p3, D(2023, 6, 10), 60 * YI)
    project_actions.record_capital(
        p3, actor=city_staff, received_on=D(2023, 5, 10), amount=Decimal(10_000_000), source="foreign"
    )
    project_actions.record_capital(
        p3, actor=city_staff, received_on=D(2023, 7, 1), amount=Decimal(200_000_000), source="domestic"
    )

    p4 = project("tianqiao", 120 * YI, is_key=True)
    project_actions.change_stage(p4, to=Stage.SIGNED, actor=city_staff, on=D(2023, 8, 1))
    project_actions.change_stage(p4, to=Stage.STARTED, actor=city_staff, on=D(2023, 10, 1))
    project_actions.record_capital(
        p4, actor=city_staff, received_on=D(2023, 11, 1), amount=Decimal(50_000_000), source="domestic"
    )

    p5 = project("lixia", Decimal(80_000_000), zone=units["hightech"])
    _sign(city_staff, district, p5, D(2023, 6, 10), Decimal(80_000_000))

    p8 = project("lixia", 2 * YI)
    project_actions.change_stage(p8, to=Stage.SIGNED, actor=city_staff, on=D(2023, 4, 1))
    project_actions.change_stage(p8, to=Stage.NEGOTIATING, actor=city_staff, note="entered by mistake")

    p6 = project("lixia", 3 * YI)
    _sign(city_staff, event_2022, p6, D(2022, 3, 10), 3 * YI)
    project_actions.change_stage(p6, to=Stage.STARTED, actor=city_staff, on=D(2022, 9, 1))
    project_actions.record_capital(
        p6,
        actor=city_staff,
        received_on=D(2022, 4, 1),
        amount=Decimal(10_000_000),
        currency=Currency.USD,
        source="foreign",
    )
    project_actions.record_capital(
        p6, actor=city_staff, received_on=D(2022, 6, 1), amount=Decimal(100_000_000), source="domestic"
    )

    p7 = project("huaiyin", Decimal(50_000_000))
    project_actions.change_stage(p7, to=Stage.SIGNED, actor=city_staff, on=D(2022, 5, 5))

    return Ledger(
        p1=p1,
        p2=p2,
        p3=p3,
        p4=p4,
        p5=p5,
        p6=p6,
        p7=p7,
        p8=p8,
        campaign=campaign,
        investors={"us": us, "de": de, "cn": cn},
    )


@pytest.fixture
def ledger(city_staff, units) -> Ledger:
    return build_ledger(city_staff, units)
