import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from yunzhao.core import timeline
from yunzhao.core.choices import Currency, TimelineEvent
from yunzhao.crm import actions as crm_actions
from yunzhao.crm.choices import InteractionKind
from yunzhao.projects import actions
from yunzhao.projects.choices import CapitalSource, Stage
from yunzhao.projects.models import CapitalRecord, ExchangeRate, Project, SchedulingUpdate
from yunzhao.projects.scheduling import period_start_for
from yunzhao.testing.factories import make_investor, make_project

YI = Decimal(100_000_000)


def _detail(project):
    return reverse("projects:detail", args=[project.pk])


def _form_data(**overrides):
    data = {
        "name_zh": "氢能装备产业园",
        "name_en": "Hydrogen Equipment Park",
        "industry": "hydrogen",
        "kind": "new",
        "source": "domestic",
        "total_investment": "1.5亿",
        "currency": "CNY",
        "exchange_rate": "",
        "land_area_mu": "",
        "phases": "",
        "description": "",
        "leader": "",
        "anchor": "",
        "note": "",
    }
    data.update(overrides)
    return data


# --- pages render, for the people who use them ---------------------------------------------------


@pytest.mark.parametrize("who", ["city_staff", "district_staff", "zone_staff", "leader"])
def test_staff_pages_render(client, request, district_staff, who):
    # given
    user = request.getfixturevalue(who)
    project = make_project(district_staff, is_key=True, name_zh="历下金融中心")
    client.force_login(user)
    # when
    pages = [reverse("projects:ledger"), reverse("projects:board"), reverse("projects:scheduling")]
    responses = [client.get(url) for url in pages]
    # then
    assert [r.status_code for r in responses] == [200, 200, 200]
    sees_project = who != "zone_staff"
    assert ("历下金融中心" in responses[0].content.decode()) is sees_project
    assert client.get(_detail(project)).status_code == (200 if sees_project else 404)


def test_district_staff_sees_only_their_district_on_the_ledger(client, district_staff, other_district_staff):
    # given
    make_project(district_staff, name_zh="历下项目甲")
    make_project(other_district_staff, name_zh="槐荫项目乙")
    client.force_login(district_staff)
    # when
    response = client.get(reverse("projects:ledger"))
    # then
    content = response.content.decode()
    assert "历下项目甲" in content
    assert "槐荫项目乙" not in content
    assert response.context["totals"]["count"] == 1


def test_media_editor_is_refused_the_ledger(client, media_editor):
    client.force_login(media_editor)
    assert client.get(reverse("projects:ledger")).status_code == 403
    assert client.get(reverse("projects:board")).status_code == 403


# --- another unit's project is a 404 ----------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["projects:detail", "projects:edit", "projects:stage", "projects:capital", "projects:schedule_update"],
)
def test_other_districts_project_is_not_found(client, district_staff, other_district_staff, name):
    # given
    project = make_project(other_district_staff, is_key=True)
    client.force_login(district_staff)
    url = reverse(name, args=[project.pk])
    # when
    get, post = client.get(url), client.post(url, {"stage": Stage.SIGNED, "progress": "x"})
    # then
    assert (get.status_code, post.status_code) == (404, 404)
    assert Project.objects.get(pk=project.pk).stage == Stage.LEAD


# --- leaders read, never write -----------------------------------------------------------------


def test_leader_sees_no_write_forms_on_the_project_page(client, district_staff, leader):
    # given
    project = make_project(district_staff, is_key=True)
    client.force_login(leader)
    # when
    content = client.get(_detail(project)).content.decode()
    # then
    assert reverse("projects:stage", args=[project.pk]) not in content
    assert reverse("projects:capital", args=[project.pk]) not in content
    assert reverse("projects:schedule_update", args=[project.pk]) not in content
    assert reverse("projects:edit", args=[project.pk]) not in content
    assert reverse("projects:create") not in client.get(reverse("projects:ledger")).content.decode()


@pytest.mark.parametrize(
    "name", ["projects:edit", "projects:stage", "projects:capital", "projects:schedule_update"]
)
def test_leader_is_forbidden_to_write(client, district_staff, leader, name):
    # given
    project = make_project(district_staff, is_key=True)
    client.force_login(leader)
    # when
    response = client.post(reverse(name, args=[project.pk]), {"stage": Stage.SIGNED, "progress": "进展"})
    # then
    assert response.status_code == 403
    assert list(timeline.for_object(project).values_list("event", flat=True)) == [TimelineEvent.CREATED]


def test_leader_and_media_editor_cannot_create(client, leader, media_editor):
    for user in (leader, media_editor):
        client.force_login(user)
        assert client.get(reverse("projects:create")).status_code == 403
        assert client.post(reverse("projects:create"), _form_data(district="1")).status_code == 403
    assert Project.objects.count() == 0


# --- stage changes -----------------------------------------------------------------------------


def test_stage_change_by_post_moves_the_stage_and_writes_the_timeline(client, district_staff):
    # given
    project = make_project(district_staff)
    client.force_login(district_staff)
    # when
    response = client.post(
        reverse("projects:stage", args=[project.pk]), {"stage": Stage.SIGNED, "note": "视频签约"}
    )
    # then
    assert response.status_code == 302
    assert response.url == _detail(project)
    project.refresh_from_db()
    assert project.stage == Stage.SIGNED
    assert project.signed_on == timezone.localdate()
    entry = timeline.for_object(project).get(event=TimelineEvent.STAGE_CHANGED)
    assert (entry.before, entry.after, entry.actor, entry.note) == (
        "lead",
        "signed",
        district_staff,
        "视频签约",
    )


def test_stage_change_by_htmx_returns_the_panel_badge_and_timeline(client, district_staff):
    # given
    project = make_project(district_staff)
    client.force_login(district_staff)
    # when
    response = client.post(
        reverse("projects:stage", args=[project.pk]), {"stage": Stage.NEGOTIATING}, HTTP_HX_REQUEST="true"
    )
    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="yz-stage-panel"' in content
    assert 'id="yz-stage-badge" hx-swap-oob="true"' in content
    assert 'id="yz-timeline" hx-swap-oob="true"' in content
    assert str(Stage.NEGOTIATING.label) in content
    assert Project.objects.get(pk=project.pk).stage == Stage.NEGOTIATING


def test_pausing_without_a_reason_shows_the_error_and_changes_nothing(client, district_staff):
    # given
    project = make_project(district_staff)
    client.force_login(district_staff)
    # when
    plain = client.post(reverse("projects:stage", args=[project.pk]), {"stage": Stage.PAUSED})
    htmx = client.post(
        reverse("projects:stage", args=[project.pk]), {"stage": Stage.PAUSED}, HTTP_HX_REQUEST="true"
    )
    # then
    assert plain.status_code == 200
    assert plain.context["form"].errors["reason"]
    assert htmx.context["stage_form"].errors["reason"]
    assert "hx-swap-oob" not in htmx.content.decode()
    assert Project.objects.get(pk=project.pk).stage == Stage.LEAD
    assert timeline.for_object(project).filter(event=TimelineEvent.STAGE_CHANGED).count() == 0


def test_moving_back_needs_a_note(client, district_staff):
    # given
    project = actions.change_stage(make_project(district_staff), to=Stage.SIGNED, actor=district_staff)
    client.force_login(district_staff)
    url = reverse("projects:stage", args=[project.pk])
    # when
    refused = client.post(url, {"stage": Stage.NEGOTIATING})
    accepted = client.post(url, {"stage": Stage.NEGOTIATING, "note": "签约主体变更，重新谈判"})
    # then
    assert refused.context["form"].errors["note"]
    assert accepted.status_code == 302
    assert Project.objects.get(pk=project.pk).stage == Stage.NEGOTIATING


# --- timeline on the project page --------------------------------------------------------------


def test_timeline_shows_stage_labels_and_amounts_readably(client, city_staff, units):
    # given
    project = make_project(city_staff, total_investment=YI)
    actions.change_stage(project, to=Stage.EXPECTED, actor=city_staff)
    actions.update_project(project, actor=city_staff, changes={"total_investment": Decimal("250000000")})
    client.force_login(city_staff)
    # when
    rows = client.get(_detail(project)).context["timeline"]
    # then
    assert [r.entry.event for r in rows] == [
        TimelineEvent.AMOUNT_CHANGED,
        TimelineEvent.STAGE_CHANGED,
        TimelineEvent.CREATED,
    ]
    amount, stage = rows[0].changes[0], rows[1].changes[0]
    assert (amount.before, amount.after) == ("1亿元", "2.5亿元")
    assert (stage.before, stage.after) == (str(Stage.LEAD.label), str(Stage.EXPECTED.label))


# --- create and edit ---------------------------------------------------------------------------


def test_create_parses_yi_and_records_the_project(client, district_staff, units):
    # given
    investor = make_investor(district_staff)
    client.force_login(district_staff)
    # when
    response = client.post(
        reverse("projects:create"), _form_data(district=units["lixia"].pk, investors=[investor.pk])
    )
    # then
    project = Project.objects.get(name_zh="氢能装备产业园")
    assert response.status_code == 302
    assert response.url == _detail(project)
    assert project.total_investment == Decimal("150000000")
    assert project.district == units["lixia"]
    assert list(project.investors.all()) == [investor]
    assert project.created_by == district_staff
    assert timeline.for_object(project).get().event == TimelineEvent.CREATED


@pytest.mark.parametrize(
    ("typed", "yuan"), [("15000万", "150000000"), ("2.5", "25000"), ("3亿元", "300000000")]
)
def test_amount_field_reads_wan_and_yi(client, city_staff, units, typed, yuan):
    client.force_login(city_staff)
    client.post(reverse("projects:create"), _form_data(district=units["huaiyin"].pk, total_investment=typed))
    assert Project.objects.get().total_investment == Decimal(yuan)


def test_bad_amount_is_an_error_and_nothing_is_created(client, district_staff, units):
    # given
    client.force_login(district_staff)
    # when
    response = client.post(
        reverse("projects:create"), _form_data(district=units["lixia"].pk, total_investment="abc")
    )
    # then
    assert response.status_code == 200
    assert "total_investment" in response.context["form"].errors
    assert "1.5亿" in response.content.decode()
    assert Project.objects.count() == 0


def test_district_staff_cannot_create_in_another_district(client, district_staff, units):
    # given
    client.force_login(district_staff)
    # when
    response = client.post(reverse("projects:create"), _form_data(district=units["huaiyin"].pk))
    # then
    assert "district" in response.context["form"].errors
    assert Project.objects.count() == 0


def test_create_form_offers_only_the_users_own_district_and_visible_investors(
    client, district_staff, other_district_staff, units
):
    # given
    mine = make_investor(district_staff, name_zh="历下投资有限公司")
    theirs = make_investor(other_district_staff, name_zh="槐荫投资有限公司")
    client.force_login(district_staff)
    # when
    form = client.get(reverse("projects:create")).context["form"]
    # then
    assert list(form.fields["district"].queryset) == [units["lixia"]]
    investors = set(form.fields["investors"].queryset)
    assert mine in investors
    assert theirs not in investors


def test_usd_project_without_a_recorded_rate_is_an_error(client, city_staff, units):
    client.force_login(city_staff)
    response = client.post(reverse("projects:create"), _form_data(district=units["lixia"].pk, currency="USD"))
    assert "exchange_rate" in response.context["form"].errors
    assert Project.objects.count() == 0


def test_usd_project_takes_the_month_rate(client, city_staff, units):
    # given
    ExchangeRate.objects.create(
        month=timezone.localdate().replace(day=1), currency=Currency.USD, rate_to_cny="7.2"
    )
    client.force_login(city_staff)
    # when
    client.post(
        reverse("projects:create"),
        _form_data(district=units["lixia"].pk, currency="USD", total_investment="5000万"),
    )
    # then
    project = Project.objects.get()
    assert (project.total_investment, project.exchange_rate) == (Decimal("50000000"), Decimal("7.2"))
    assert project.total_investment_cny == Decimal("360000000")


def test_edit_changes_the_amount_and_writes_the_timeline_with_the_note(client, district_staff, units):
    # given
    project = make_project(district_staff, total_investment=YI, name_zh="旧名称")
    client.force_login(district_staff)
    url = reverse("projects:edit", args=[project.pk])
    assert client.get(url).context["form"]["total_investment"].value() == "10000"  # shown in 万
    # when
    response = client.post(
        url,
        _form_data(district=units["lixia"].pk, name_zh="旧名称", total_investment="15000万", note="追加投资"),
    )
    # then
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.total_investment == Decimal("150000000")
    entry = timeline.for_object(project).get(event=TimelineEvent.AMOUNT_CHANGED)
    assert entry.note == "追加投资"
    assert entry.after == {"total_investment": "150000000"}


def test_unchanged_edit_writes_nothing(client, district_staff, units):
    # given
    project = make_project(district_staff, total_investment=Decimal("123456789"))
    client.force_login(district_staff)
    form = client.get(reverse("projects:edit", args=[project.pk])).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["is_key"] = ""
    # when
    response = client.post(reverse("projects:edit", args=[project.pk]), data)
    # then
    assert response.status_code == 302
    assert list(timeline.for_object(project).values_list("event", flat=True)) == [TimelineEvent.CREATED]


def test_anchor_is_chosen_by_ledger_number_among_visible_projects(
    client, district_staff, other_district_staff, units
):
    # given
    anchor = make_project(district_staff, name_zh="链主项目")
    hidden = make_project(other_district_staff)
    client.force_login(district_staff)
    # when
    refused = client.post(
        reverse("projects:create"), _form_data(district=units["lixia"].pk, anchor=hidden.code)
    )
    accepted = client.post(
        reverse("projects:create"), _form_data(district=units["lixia"].pk, anchor=anchor.code)
    )
    # then
    assert "anchor" in refused.context["form"].errors
    assert accepted.status_code == 302
    chained = Project.objects.get(name_zh="氢能装备产业园")
    assert chained.anchor == anchor
    assert "氢能装备产业园" in client.get(_detail(anchor)).content.decode()


def test_officer_must_belong_to_the_projects_units(
    client, city_staff, district_staff, other_district_staff, units
):
    # given
    client.force_login(city_staff)
    # when
    refused = client.post(
        reverse("projects:create"), _form_data(district=units["lixia"].pk, officer=other_district_staff.pk)
    )
    accepted = client.post(
        reverse("projects:create"), _form_data(district=units["lixia"].pk, officer=district_staff.pk)
    )
    # then
    assert "officer" in refused.context["form"].errors
    assert accepted.status_code == 302
    assert Project.objects.get().officer == district_staff


# --- capital in place and scheduling -----------------------------------------------------------


def test_capital_is_recorded_and_totalled_by_source(client, district_staff):
    # given
    ExchangeRate.objects.create(month=dt.date(2024, 1, 1), currency=Currency.USD, rate_to_cny="7")
    project = make_project(district_staff)
    client.force_login(district_staff)
    url = reverse("projects:capital", args=[project.pk])
    # when
    first = client.post(
        url, {"received_on": "2024-03-01", "amount": "3000万", "currency": "CNY", "source": ""}
    )
    second = client.post(url, {"received_on": "2024-04-01", "amount": "100", "currency": "USD", "source": ""})
    bad = client.post(url, {"received_on": "2024-04-01", "amount": "很多", "currency": "CNY"})
    # then
    assert (first.status_code, second.status_code, bad.status_code) == (302, 302, 200)
    assert CapitalRecord.objects.filter(project=project).count() == 2
    totals = client.get(_detail(project)).context["capital_totals"]
    assert totals["domestic_cny"] == Decimal("30000000")
    assert totals["foreign_usd"] == Decimal("1000000")
    assert totals["foreign_cny"] == Decimal("7000000")


def test_scheduling_update_and_the_missing_list(client, district_staff):
    # given
    late = make_project(district_staff, is_key=True, name_zh="迟报项目")
    done = make_project(district_staff, is_key=True, name_zh="已报项目")
    client.force_login(district_staff)
    # when
    response = client.post(
        reverse("projects:schedule_update", args=[done.pk]),
        {"progress": "主体结构封顶", "help_needed": "协调电力增容"},
    )
    page = client.get(reverse("projects:scheduling"))
    # then
    assert response.status_code == 302
    update = SchedulingUpdate.objects.get(project=done)
    assert update.period_start == period_start_for(timezone.localdate())
    assert [p for p, _ in page.context["missing"]] == [late]
    assert [u.project for u in page.context["received"]] == [done]
    assert "协调电力增容" in page.content.decode()


def test_scheduling_update_refused_for_a_project_that_is_not_key(client, district_staff):
    project = make_project(district_staff, is_key=False)
    client.force_login(district_staff)
    response = client.post(reverse("projects:schedule_update", args=[project.pk]), {"progress": "x"})
    assert response.status_code == 302
    assert SchedulingUpdate.objects.count() == 0


# --- ledger filters and totals -----------------------------------------------------------------


def test_totals_are_those_of_the_whole_filtered_set(client, city_staff, units):
    # given
    make_project(city_staff, district=units["lixia"], total_investment=Decimal("150000000"))
    make_project(city_staff, district=units["lixia"], total_investment=Decimal("50000000"))
    make_project(city_staff, district=units["huaiyin"], total_investment=Decimal("900000000"))
    client.force_login(city_staff)
    # when
    response = client.get(reverse("projects:ledger"), {"district": units["lixia"].pk})
    # then
    assert response.context["totals"] == {"count": 2, "amount": Decimal("200000000")}
    assert "2亿元" in response.content.decode()


def test_totals_count_each_project_once_when_searching_by_investor(client, city_staff, units):
    # given
    a, b = (
        make_investor(city_staff, name_zh="宁德时代新能源"),
        make_investor(city_staff, name_zh="时代电池材料"),
    )
    make_project(city_staff, total_investment=YI, investors=[a, b])
    make_project(city_staff, total_investment=YI)
    client.force_login(city_staff)
    # when
    response = client.get(reverse("projects:ledger"), {"q": "时代"})
    # then
    assert response.context["totals"] == {"count": 1, "amount": YI}
    assert len(list(response.context["table"].page.object_list)) == 1


def test_ledger_sorts_by_amount_and_by_pipeline_stage(client, city_staff):
    # given
    small = make_project(city_staff, total_investment=Decimal("1000000"))
    big = actions.change_stage(
        make_project(city_staff, total_investment=10 * YI), to=Stage.SIGNED, actor=city_staff
    )
    lost = actions.change_stage(
        make_project(city_staff, total_investment=YI), to=Stage.LOST, actor=city_staff, reason="投资方撤回"
    )
    client.force_login(city_staff)

    def order(sort):
        table = client.get(reverse("projects:ledger"), {"sort": sort}).context["table"]
        return [row.record.pk for row in table.page.object_list]

    # then
    assert order("-total_investment") == [big.pk, lost.pk, small.pk]
    assert order("stage") == [small.pk, big.pk, lost.pk]


def test_ledger_export_link_keeps_the_filters(client, city_staff, units):
    client.force_login(city_staff)
    response = client.get(reverse("projects:ledger"), {"district": units["lixia"].pk, "page": "2"})
    assert response.context["export_query"] == f"district={units['lixia'].pk}"


def test_ledger_pages_by_fifty(client, city_staff):
    # given
    for _ in range(55):
        make_project(city_staff)
    client.force_login(city_staff)
    # when
    first = client.get(reverse("projects:ledger")).context["table"]
    second = client.get(reverse("projects:ledger"), {"page": 2}).context["table"]
    beyond = client.get(reverse("projects:ledger"), {"page": 99}).context["table"]
    asked_for_more = client.get(reverse("projects:ledger"), {"per_page": 1000}).context["table"]
    # then
    assert (len(first.page.object_list), len(second.page.object_list)) == (50, 5)
    assert len(asked_for_more.page.object_list) == 50
    assert beyond.page.number == 2


# --- the board ---------------------------------------------------------------------------------


def test_board_counts_and_sums_each_stage(client, city_staff, units):
    # given
    make_project(city_staff, total_investment=YI)
    make_project(city_staff, total_investment=2 * YI)
    actions.change_stage(
        make_project(city_staff, total_investment=5 * YI),
        to=Stage.PAUSED,
        actor=city_staff,
        reason="规划调整",
    )
    client.force_login(city_staff)
    # when
    columns = {c["stage"]: c for c in client.get(reverse("projects:board")).context["columns"]}
    # then
    assert list(columns) == [*map(str, Stage.values[:7]), "paused", "lost"]
    assert (columns["lead"]["count"], columns["lead"]["amount"]) == (2, 3 * YI)
    assert (columns["paused"]["count"], columns["paused"]["amount"]) == (1, 5 * YI)
    assert columns["signed"]["count"] == 0
    assert columns["lead"]["ledger_query"] == "stage=lead"


def test_board_shows_the_twenty_most_recently_updated_per_stage(client, city_staff):
    # given
    projects = [make_project(city_staff) for _ in range(22)]
    client.force_login(city_staff)
    # when
    lead = client.get(reverse("projects:board")).context["columns"][0]
    # then
    assert lead["count"] == 22
    assert [p.pk for p in lead["projects"]] == [p.pk for p in reversed(projects)][:20]


# --- query counts do not grow with the rows shown ----------------------------------------------


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def _many_projects(actor, n, units):
    investor = make_investor(actor)
    officer = actor
    for i in range(n):
        project = make_project(
            actor,
            investors=[investor],
            officer=officer,
            is_key=i % 3 == 0,
            zone=units["hightech"] if i % 2 else None,
            leader="张市长",
        )
        if i % 4 == 0:
            actions.change_stage(project, to=Stage.SIGNED, actor=actor)


# Session, user, the page's own queries, the navigation's unit, the session save (3 with its savepoint).
@pytest.mark.parametrize(
    ("page", "most"), [("projects:ledger", 11), ("projects:board", 10), ("projects:scheduling", 11)]
)
def test_list_pages_take_a_fixed_number_of_queries(
    client, city_staff, district_staff, units, page, most, django_assert_max_num_queries
):
    # given
    client.force_login(city_staff)
    _many_projects(district_staff, 5, units)
    url = reverse(page)
    few = _queries(client, url)
    few_filtered = _queries(client, url, {"q": "测试", "district": units["lixia"].pk, "sort": "-stage"})
    # when
    _many_projects(district_staff, 55, units)
    many = _queries(client, url)
    many_filtered = _queries(client, url, {"q": "测试", "district": units["lixia"].pk, "sort": "-stage"})
    # then
    assert (few, few_filtered) == (many, many_filtered)
    with django_assert_max_num_queries(most):
        client.get(url)


def test_project_page_takes_a_fixed_number_of_queries(
    client, district_staff, units, django_assert_max_num_queries
):
    # given
    anchor = make_project(district_staff, is_key=True)
    client.force_login(district_staff)

    def grow(n):
        investors = [make_investor(district_staff) for _ in range(n)]
        actions.update_project(anchor, actor=district_staff, changes={"investors": investors})
        for i in range(n):
            make_project(district_staff, anchor=anchor)
            actions.record_capital(
                anchor, actor=district_staff, received_on=dt.date(2024, 1, 1 + i), amount=YI
            )

    grow(1)
    few = _queries(client, _detail(anchor))
    # when
    grow(8)
    many = _queries(client, _detail(anchor))
    # then
    assert few == many
    with django_assert_max_num_queries(14):
        client.get(_detail(anchor))


def test_zone_staff_create_in_their_zone_over_one_of_its_districts(client, zone_staff, units):
    # given
    client.force_login(zone_staff)
    form = client.get(reverse("projects:create")).context["form"]
    # when
    response = client.post(
        reverse("projects:create"), _form_data(district=units["licheng"].pk, zone=units["hightech"].pk)
    )
    # then
    assert list(form.fields["zone"].queryset) == [units["hightech"]]
    assert set(form.fields["district"].queryset) == set(units["hightech"].districts.all())
    assert response.status_code == 302
    assert Project.objects.get().zone == units["hightech"]


def test_timeline_reads_interactions_and_capital(client, district_staff):
    # given
    investor = make_investor(district_staff)
    project = make_project(district_staff, investors=[investor])
    crm_actions.record_interaction(
        investor, actor=district_staff, kind="negotiation", occurred_on=dt.date(2024, 2, 3), project=project
    )
    actions.record_capital(
        project, actor=district_staff, received_on=dt.date(2024, 3, 1), amount=Decimal("3e7")
    )
    client.force_login(district_staff)
    # when
    rows = client.get(_detail(project)).context["timeline"]
    # then
    capital, interaction = rows[0].changes[0], rows[1].changes[0]
    assert (capital.before, capital.after) == (
        None,
        "2024-03-01 · 3,000万元 · " + str(CapitalSource.DOMESTIC.label),
    )
    assert (interaction.before, interaction.after) == (
        None,
        f"{InteractionKind.NEGOTIATION.label} · 2024-02-03 · 第 1 轮",
    )


def test_an_action_refusal_lands_on_its_form_field(client, district_staff):
    # given
    project = make_project(district_staff)
    client.force_login(district_staff)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    # when
    response = client.post(
        reverse("projects:capital", args=[project.pk]),
        {"received_on": tomorrow.isoformat(), "amount": "100万", "currency": "CNY"},
    )
    # then
    assert response.status_code == 200
    assert response.context["form"].errors["received_on"]
    assert CapitalRecord.objects.count() == 0
