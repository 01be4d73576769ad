import datetime as dt
from decimal import Decimal

from yunzhao.core.choices import Currency
from yunzhao.core.models import TimelineEntry
from yunzhao.ledger.actions import import_ledger
from yunzhao.ledger.choices import ImportStatus
from yunzhao.projects import actions as project_actions
from yunzhao.projects.choices import Stage
from yunzhao.projects.models import ExchangeRate, Project
from yunzhao.testing.factories import make_investor, make_project

from .helpers import export_bytes


def _ledger(city_staff, units):
    ExchangeRate.objects.create(month=dt.date(2020, 1, 1), currency=Currency.USD, rate_to_cny=Decimal("7.1"))
    a = make_investor(city_staff, name_zh="宁德时代新能源科技股份有限公司")
    b = make_investor(city_staff, name_zh="=HYPERLINK(\"http://x\")集团")
    p1 = make_project(city_staff, name_zh="=cmd|' /C calc'!A0", investors=[a, b], district=units["lixia"],
                      zone=units["hightech"], total_investment=Decimal("1234567.89"), leader="+张三",
                      description="第一行\n第二行", land_area_mu=Decimal("120.5"), is_key=True)
    project_actions.change_stage(p1, to=Stage.STARTED, actor=city_staff, on=dt.date(2023, 5, 1))
    p2 = make_project(city_staff, name_zh="美元项目", currency=Currency.USD, total_investment=Decimal("30000000"),
                      district=units["huaiyin"], investors=[a])
    p3 = make_project(city_staff, name_zh="暂停项目", district=units["shanghe"], investors=[b])
    project_actions.change_stage(p3, to=Stage.PAUSED, actor=city_staff, reason="-资金未到位")
    p4 = make_project(city_staff, name_zh="大额项目", district=units["zhangqiu"], investors=[a],
                      total_investment=Decimal("98765432109.87"), land_area_mu=Decimal("0.01"))
    return [p1, p2, p3, p4]


def _snapshot():
    return [
        (p.code, p.name_zh, p.name_en, p.district_id, p.zone_id, p.industry, p.kind, p.source, p.total_investment,
         p.currency, p.exchange_rate, p.land_area_mu, p.stage, p.stage_reason, p.signed_on, p.started_on,
         p.production_on, p.leader, p.is_key, p.description, p.updated_at,
         sorted(p.investors.values_list("pk", flat=True)))
        for p in Project.objects.order_by("pk")
    ]


def test_an_export_imports_back_unchanged(city_staff, units):
    # given
    _ledger(city_staff, units)
    before, entries = _snapshot(), TimelineEntry.objects.count()
    data = export_bytes(city_staff)
    # when
    run = import_ledger(data, file_name="台账.xlsx", actor=city_staff)
    # then
    assert run.errors == []
    assert (run.status, run.rows_total, run.rows_unchanged, run.rows_created, run.rows_updated) == (
        ImportStatus.APPLIED, 4, 4, 0, 0)
    assert _snapshot() == before
    assert TimelineEntry.objects.count() == entries


def test_english_export_imports_back_unchanged(city_staff, units):
    _ledger(city_staff, units)
    before = _snapshot()
    run = import_ledger(export_bytes(city_staff, lang="en"), file_name="ledger.xlsx", actor=city_staff)
    assert (run.errors, run.rows_unchanged) == ([], 4)
    assert _snapshot() == before
