import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest

from yunzhao.core.choices import Currency, Industry
from yunzhao.core.validators import validate_uscc
from yunzhao.crm.choices import InvestorKind
from yunzhao.crm.models import name_key
from yunzhao.demo import data
from yunzhao.demo.plan import DISTRICT_CODES, ZONE_DISTRICTS, build_plan
from yunzhao.demo.rates import demo_usd_rate, first_month, months
from yunzhao.projects.choices import OFF_PIPELINE, PIPELINE, CapitalSource, ProjectKind, Stage, stage_rank

TODAY = dt.date(2026, 11, 22)
YI = Decimal(100_000_000)


@pytest.fixture(scope="module")
def plan():
    return build_plan(today=TODAY, scale=1)


def test_the_same_seed_and_day_give_the_same_city(plan):
    # when
    again = build_plan(today=TODAY, scale=1)
    # then
    assert again == plan
    assert build_plan(today=TODAY, scale=1, seed=7) != plan


def test_generated_projects_cover_every_stage_industry_district_zone_kind_and_source():
    # when
    small = build_plan(today=TODAY, scale=0.1)
    generated = [p for p in small.projects if p.code >= "DEMO-1001"]
    # then
    assert len(generated) == 30
    assert {p.stage for p in generated} == set(Stage)
    assert {p.industry for p in generated} == set(Industry)
    assert set(DISTRICT_CODES) <= {p.district for p in generated}
    assert {p.zone for p in generated} - {None} == set(ZONE_DISTRICTS)
    assert {p.kind for p in generated} == set(ProjectKind)
    assert {p.source for p in generated} == set(CapitalSource)


def test_investors_have_every_kind_valid_unique_credit_codes_and_unique_names(plan):
    # given
    kinds = Counter(i.kind for i in plan.investors)
    codes = [i.credit_code for i in plan.investors if i.credit_code]
    # then
    assert 300 <= len(plan.investors) <= 400
    for kind in (InvestorKind.MULTINATIONAL, InvestorKind.DOMESTIC, InvestorKind.SOE, InvestorKind.PRIVATE,
                 InvestorKind.FINANCIAL, InvestorKind.ASSOCIATION, InvestorKind.FOREIGN_FUNDED):
        assert kinds[kind] >= 5, kind
    assert len(codes) > 200
    for code in codes:
        validate_uscc(code)
    assert len(set(codes)) == len(codes)
    assert all(i.credit_code[:2] == "51" for i in plan.investors if i.kind == InvestorKind.ASSOCIATION)
    assert len({name_key(i.name_zh) for i in plan.investors}) == len(plan.investors)
    assert len({i.name_en.lower() for i in plan.investors}) == len(plan.investors)
    assert not any(i.credit_code for i in plan.investors if i.kind == InvestorKind.MULTINATIONAL)


def test_contacts_are_fictional_with_consent_and_reserved_looking_numbers(plan):
    contacts = [c for i in plan.investors for c in i.contacts]
    assert len(contacts) > 300
    for contact in contacts:
        if contact.phone:
            assert contact.consent_given and contact.consent_method
            assert contact.phone.startswith(("1700000", "+1 202-555-01", "+44 20 7946 0")), contact.phone
            assert contact.email.endswith(("@example.com", "@example.org", "@example.net"))
    assert any(not c.consent_given and not c.phone and not c.email for c in contacts)


def test_amounts_are_spread_like_a_real_ledger(plan):
    # given
    yuan = [p.amount_cny for p in plan.projects]
    # then
    assert 300 <= len(plan.projects) <= 400
    assert sum(YI <= a < 10 * YI for a in yuan) > len(yuan) * 0.4
    assert sum(a >= 50 * YI for a in yuan) >= 15
    assert sum(a >= 100 * YI for a in yuan) >= 5
    assert sum(a < YI for a in yuan) >= 20
    assert {p.currency for p in plan.projects} == {Currency.CNY, Currency.USD}


def test_histories_are_in_order_and_in_the_past(plan):
    for project in plan.projects:
        days = [s.on for s in project.steps]
        assert days == sorted(days), project.code
        assert all(day < TODAY for day in days), project.code
        ranks = [stage_rank(s.stage) for s in project.steps if s.stage not in OFF_PIPELINE]
        assert ranks == list(range(1, len(ranks) + 1)), project.code
        if project.stage in OFF_PIPELINE:
            assert project.steps[-1].reason
        assert all(c.received_on <= TODAY and c.amount > 0 for c in project.capital)
        assert all(i.occurred_on <= TODAY for i in project.interactions)
        if project.source == CapitalSource.FOREIGN:
            assert all(c.currency == Currency.USD for c in project.capital)
        else:
            assert all(c.currency == Currency.CNY for c in project.capital)
    signed = [p.reached(Stage.SIGNED) for p in plan.projects if p.reached(Stage.SIGNED)]
    assert {d.year for d in signed} >= set(range(TODAY.year - 5, TODAY.year + 1))


def test_press_projects_keep_their_reported_facts(plan):
    # given
    projects = {p.code: p for p in plan.projects}
    chains = Counter(p.anchor for p in plan.projects if p.anchor)
    # then
    catl = projects["DEMO-0013"]
    assert catl.total_investment == 210 * YI
    assert catl.reached(Stage.STARTED) == dt.date(2023, 7, 6)
    assert sum(i.kind == "negotiation" for i in catl.interactions) == 41
    assert (chains["DEMO-0013"], chains["DEMO-0014"], chains["DEMO-0016"]) == (17, 8, 5)
    komatsu_chain = [p for p in plan.projects if p.anchor == "DEMO-0014"]
    countries = Counter(next(i for i in plan.investors if i.key == p.investors[0]).country for p in komatsu_chain)
    assert countries == {"JP": 6, "CN": 2}
    assert projects["DEMO-0014"].total_investment == Decimal("106") * YI
    greenland = projects["DEMO-0001"]
    assert (greenland.total_investment, greenland.reached(Stage.SIGNED), greenland.land_area_mu) == (
        1000 * YI, dt.date(2018, 6, 23), Decimal("6795"))
    assert projects["DEMO-0002"].reached(Stage.SIGNED).strftime("%Y-%m") == "2017-12"
    march_2021 = [p for p in plan.projects if p.reached(Stage.SIGNED) in (dt.date(2021, 3, 18), dt.date(2021, 3, 23))]
    assert len(march_2021) == 14
    assert sum(p.total_investment for p in march_2021) == Decimal(1_354_000_000)
    assert all(p.currency == Currency.USD and p.source == CapitalSource.FOREIGN for p in march_2021)


def test_key_projects_have_fictional_leaders_and_the_current_update_is_sometimes_missing(plan):
    # given
    key = [p for p in plan.projects if p.is_key and p.stage not in OFF_PIPELINE]
    current = max(u.period_on for p in key for u in p.updates)
    # then
    assert all(p.leader in data.LEADERS for p in key)
    assert all("某" in leader for leader in data.LEADERS)
    assert not any(p.leader for p in plan.projects if not p.is_key)
    assert any(all(u.period_on != current for u in p.updates) for p in key)
    assert any(any(u.period_on == current for u in p.updates) for p in key)


def test_every_stage_of_the_pipeline_is_reached_in_order():
    plan = build_plan(today=TODAY, scale=0.05)
    stages = {p.stage for p in plan.projects}
    assert set(PIPELINE) | OFF_PIPELINE == stages


def test_demo_rates_are_plausible_and_cover_six_years():
    # when
    covered = months(first_month(TODAY), TODAY)
    rates = [demo_usd_rate(m) for m in covered]
    # then
    assert covered[0] <= dt.date(2020, 11, 1) and covered[-1] == dt.date(2026, 11, 1)
    assert len(covered) == len(set(covered))
    assert all(Decimal("6.4") < r < Decimal("7.4") for r in rates)
    assert len(set(rates)) > 50
