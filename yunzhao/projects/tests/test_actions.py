import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yunzhao.core import timeline
from yunzhao.core.choices import Currency, TimelineEvent
from yunzhao.projects import actions
from yunzhao.projects.choices import Stage
from yunzhao.projects.models import ExchangeRate, Project
from yunzhao.testing.factories import make_project


def test_create_project_assigns_code_and_writes_timeline(district_staff):
    # when
    project = make_project(district_staff, total_investment=Decimal("150000000"))
    # then
    project.refresh_from_db()
    assert project.code == f"XM{dt.date.today().year}-{project.pk:06d}"
    assert project.total_investment_cny == Decimal("150000000")
    assert [e.event for e in timeline.for_object(project)] == [TimelineEvent.CREATED]


def test_district_staff_cannot_create_in_another_district(district_staff, units):
    with pytest.raises(ValidationError) as exc:
        make_project(district_staff, district=units["huaiyin"])
    assert "district" in exc.value.message_dict


def test_usd_project_converted_at_the_month_rate(city_staff, units):
    # given
    ExchangeRate.objects.create(month=dt.date.today().replace(day=1), currency=Currency.USD, rate_to_cny="7.1")
    # when
    project = make_project(city_staff, total_investment=Decimal("20000000"), currency=Currency.USD)
    # then
    project.refresh_from_db()
    assert project.exchange_rate == Decimal("7.1")
    assert project.total_investment_cny == Decimal("142000000")


def test_stage_change_sets_milestones_and_timeline(district_staff):
    # given
    project = make_project(district_staff)
    # when
    project = actions.change_stage(project, to=Stage.STARTED, actor=district_staff, on=dt.date(2024, 5, 6))
    # then
    assert project.signed_on == dt.date(2024, 5, 6)
    assert project.started_on == dt.date(2024, 5, 6)
    entry = timeline.for_object(project).filter(event=TimelineEvent.STAGE_CHANGED).get()
    assert (entry.before, entry.after, entry.actor) == ("lead", "started", district_staff)


def test_pausing_needs_a_reason_and_going_back_needs_a_note(district_staff):
    project = make_project(district_staff)
    project = actions.change_stage(project, to=Stage.SIGNED, actor=district_staff)
    with pytest.raises(ValidationError):
        actions.change_stage(project, to=Stage.PAUSED, actor=district_staff)
    with pytest.raises(ValidationError):
        actions.change_stage(project, to=Stage.NEGOTIATING, actor=district_staff)
    project = actions.change_stage(project, to=Stage.PAUSED, actor=district_staff, reason="土地指标未落实")
    assert Project.objects.get(pk=project.pk).stage_reason == "土地指标未落实"


def test_update_records_amount_and_owner_changes_separately(city_staff, units):
    # given
    project = make_project(city_staff, total_investment=Decimal("100000000"))
    # when
    actions.update_project(project, actor=city_staff, changes={
        "total_investment": Decimal("250000000"), "district": units["tianqiao"], "name_en": "Renamed",
    }, note="复核")
    # then
    events = sorted(e.event for e in timeline.for_object(project))
    assert events == sorted([TimelineEvent.CREATED, TimelineEvent.AMOUNT_CHANGED, TimelineEvent.OWNER_CHANGED,
                             TimelineEvent.UPDATED])
    amount = timeline.for_object(project).get(event=TimelineEvent.AMOUNT_CHANGED)
    assert amount.before == {"total_investment": "100000000"}
    assert amount.after == {"total_investment": "250000000"}


def test_leader_cannot_write(leader, city_staff):
    project = make_project(city_staff)
    with pytest.raises(PermissionDenied):
        actions.change_stage(project, to=Stage.SIGNED, actor=leader)


def test_other_district_cannot_reach_project(district_staff, other_district_staff):
    project = make_project(district_staff)
    assert not Project.objects.visible_to(other_district_staff).filter(pk=project.pk).exists()
    with pytest.raises(Project.DoesNotExist):
        actions.change_stage(project, to=Stage.SIGNED, actor=other_district_staff)


def test_zone_staff_see_zone_projects_only(zone_staff, city_staff, units, media_editor):
    in_zone = make_project(city_staff, district=units["licheng"], zone=units["hightech"])
    make_project(city_staff, district=units["licheng"])
    assert list(Project.objects.visible_to(zone_staff)) == [in_zone]
    assert not Project.objects.visible_to(media_editor).exists()


def test_timeline_is_append_only(city_staff):
    project = make_project(city_staff)
    entry = timeline.for_object(project).get()
    from yunzhao.core.models import AppendOnlyError

    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        timeline.for_object(project).delete()


def test_capital_record_and_scheduling(district_staff):
    project = make_project(district_staff, is_key=True)
    record = actions.record_capital(project, actor=district_staff, received_on=dt.date(2024, 1, 5),
                                    amount=Decimal("30000000"))
    record.refresh_from_db()
    assert record.amount_cny == Decimal("30000000")
    update = actions.submit_scheduling_update(project, actor=district_staff, progress="完成土地摘牌")
    again = actions.submit_scheduling_update(project, actor=district_staff, progress="完成土地摘牌，开始施工")
    assert update.pk == again.pk
    assert again.progress.endswith("开始施工")


def test_the_first_investor_named_stays_the_lead_on_create_and_update(district_staff):
    # given two investors, the later-created one named first
    from yunzhao.testing.factories import make_investor

    older, newer = make_investor(district_staff), make_investor(district_staff)
    link = Project.investors.through
    # when
    project = make_project(district_staff, investors=[newer, older])
    lead_on_create = link.objects.filter(project=project).order_by("pk").first().investor_id
    actions.update_project(project, actor=district_staff, changes={"investors": [older, newer, older]})
    links_after_update = list(link.objects.filter(project=project).order_by("pk").values_list("investor_id", flat=True))
    # then
    assert lead_on_create == newer.pk
    assert links_after_update == [newer.pk, older.pk]  # the same investors: nothing rewritten
    actions.update_project(project, actor=district_staff, changes={"investors": [older]})
    assert list(project.investors.values_list("pk", flat=True)) == [older.pk]
