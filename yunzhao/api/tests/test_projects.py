import datetime as dt
from decimal import Decimal

import pytest

from yunzhao.core import timeline
from yunzhao.core.choices import Currency, TimelineEvent
from yunzhao.projects import actions
from yunzhao.projects.choices import Stage
from yunzhao.projects.models import CapitalRecord, ExchangeRate, Project
from yunzhao.testing.factories import make_investor, make_project


def events(project: Project) -> list[str]:
    return sorted(e.event for e in timeline.for_object(project))


def test_read_shows_amounts_as_strings_with_currency_rate_and_yuan(api_as, city_staff, units):
    # given
    ExchangeRate.objects.create(
        month=dt.date.today().replace(day=1), currency=Currency.USD, rate_to_cny="7.1"
    )
    investor = make_investor(city_staff, name_zh="宁德时代新能源科技股份有限公司", name_en="CATL")
    project = make_project(
        city_staff,
        name_zh="储能电池项目",
        district=units["lixia"],
        zone=units["hightech"],
        total_investment=Decimal("20000000"),
        currency=Currency.USD,
        investors=[investor],
        is_key=True,
        leader="张市长",
    )
    # when
    response = api_as(city_staff, language="en").get(f"/projects/{project.pk}")
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == project.code
    assert (
        body["total_investment"],
        body["currency"],
        body["exchange_rate"],
        body["total_investment_cny"],
    ) == ("20000000.00", "USD", "7.100000", "142000000.00")
    assert body["investors"] == [
        {"id": investor.pk, "name": "CATL", "name_zh": investor.name_zh, "name_en": "CATL"}
    ]
    assert body["district"] == {"id": units["lixia"].pk, "code": "lixia", "name": "Lixia District"}
    assert body["zone"]["code"] == "hightech"
    assert (body["stage"], body["stage_label"]) == ("lead", "Lead")
    assert (body["is_key"], body["leader"]) == (True, "张市长")
    assert body["signed_on"] is None
    assert body["created_at"].startswith(str(dt.date.today().year))


def test_labels_follow_the_request_language(api_as, city_staff):
    # given
    project = make_project(city_staff, name_zh="氢能项目", name_en="Hydrogen project")
    # when
    chinese = api_as(city_staff).get(f"/projects/{project.pk}").json()
    english = api_as(city_staff, language="en").get(f"/projects/{project.pk}").json()
    # then
    assert (chinese["name"], english["name"]) == ("氢能项目", "Hydrogen project")
    assert english["stage_label"] == "Lead"


def test_create_goes_through_the_action_and_writes_the_timeline(api_as, district_staff, units):
    # given
    investor = make_investor(district_staff)
    # when
    response = api_as(district_staff).post(
        "/projects",
        {
            "name_zh": "智能装备产业园",
            "name_en": "Smart equipment park",
            "investors": [investor.pk],
            "industry": "smart_manufacturing",
            "total_investment": "1500000000",
            "is_key": True,
            "stage": "negotiating",
        },
    )
    # then
    assert response.status_code == 201, response.content
    body = response.json()
    project = Project.objects.get(pk=body["id"])
    assert project.code.startswith(f"XM{dt.date.today().year}-")
    assert project.district == units["lixia"]  # district staff record in their own district
    assert project.total_investment_cny == Decimal("1500000000")
    assert list(project.investors.all()) == [investor]
    assert (body["stage"], body["total_investment_cny"]) == ("negotiating", "1500000000.00")
    assert events(project) == sorted([TimelineEvent.CREATED, TimelineEvent.STAGE_CHANGED])
    assert timeline.for_object(project).first().actor == district_staff


def test_create_in_another_district_is_refused_and_nothing_is_written(api_as, district_staff, units):
    # when
    response = api_as(district_staff, language="en").post(
        "/projects", {"name_zh": "越界项目", "district": units["huaiyin"].pk}
    )
    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {"district": ["You can only record projects of your own district."]}
    assert not Project.objects.filter(name_zh="越界项目").exists()


def test_create_refuses_investors_the_caller_cannot_see(api_as, district_staff, other_district_staff):
    # given
    hidden = make_investor(other_district_staff)
    # when
    response = api_as(district_staff, language="en").post(
        "/projects", {"name_zh": "项目", "investors": [hidden.pk]}
    )
    # then
    assert response.status_code == 422
    assert response.json()["errors"]["investors"] == [
        f"Select a valid choice. {hidden.pk} is not one of the available choices."
    ]
    assert not Project.objects.exists()


def test_patch_changes_editable_fields_and_writes_the_timeline(api_as, district_staff):
    # given
    project = make_project(district_staff, total_investment=Decimal("100000000"))
    # when
    response = api_as(district_staff).patch(
        f"/projects/{project.pk}",
        {
            "total_investment": "250000000.50",
            "leader": "李副市长",
            "note": "复核",
        },
    )
    # then
    assert response.status_code == 200, response.content
    assert (response.json()["total_investment"], response.json()["leader"]) == ("250000000.50", "李副市长")
    project.refresh_from_db()
    assert project.total_investment == Decimal("250000000.50")
    assert events(project) == sorted(
        [TimelineEvent.CREATED, TimelineEvent.AMOUNT_CHANGED, TimelineEvent.OWNER_CHANGED]
    )
    amount = timeline.for_object(project).get(event=TimelineEvent.AMOUNT_CHANGED)
    assert (amount.before, amount.after, amount.note) == (
        {"total_investment": "100000000"},
        {"total_investment": "250000000.5"},
        "复核",
    )


@pytest.mark.parametrize("field", ["stage", "code", "signed_on", "created_by"])
def test_patch_refuses_fields_that_are_not_editable(api_as, district_staff, field):
    # given
    project = make_project(district_staff)
    # when
    response = api_as(district_staff, language="en").patch(f"/projects/{project.pk}", {field: "x"})
    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {field: ["This field is unknown or cannot be set here."]}
    assert events(project) == [TimelineEvent.CREATED]


def test_amounts_sent_as_json_numbers_are_refused(api_as, district_staff):
    # given
    project = make_project(district_staff)
    # when
    response = api_as(district_staff, language="en").patch(
        f"/projects/{project.pk}", {"total_investment": 1.5}
    )
    # then
    assert response.status_code == 422
    assert "total_investment" in response.json()["errors"]


def test_stage_change_through_the_api(api_as, district_staff):
    # given
    project = make_project(district_staff)
    # when
    response = api_as(district_staff).post(
        f"/projects/{project.pk}/stage", {"to": "signed", "note": "云签约", "on": "2025-03-08"}
    )
    # then
    assert response.status_code == 200, response.content
    assert (response.json()["stage"], response.json()["signed_on"]) == ("signed", "2025-03-08")
    entry = timeline.for_object(project).get(event=TimelineEvent.STAGE_CHANGED)
    assert (entry.before, entry.after, entry.note, entry.actor) == (
        "lead",
        "signed",
        "云签约",
        district_staff,
    )


def test_pausing_without_a_reason_is_422_in_english_on_request(api_as, district_staff):
    # given
    project = make_project(district_staff)
    # when
    response = api_as(district_staff, language="en").post(f"/projects/{project.pk}/stage", {"to": "paused"})
    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {"reason": ["Say why the project is paused or lost."]}
    assert Project.objects.get(pk=project.pk).stage == Stage.LEAD


def test_validation_messages_are_chinese_by_default(api_as, district_staff):
    # given
    project = make_project(district_staff)
    # when
    chinese = api_as(district_staff).post(f"/projects/{project.pk}/stage", {})
    english = api_as(district_staff, language="en").post(f"/projects/{project.pk}/stage", {})
    # then
    assert chinese.status_code == english.status_code == 422
    assert chinese.json()["errors"] == {"to": ["此项为必填项。"]}
    assert english.json()["errors"] == {"to": ["This field is required."]}


def test_bad_choice_and_bad_date_name_their_fields(api_as, district_staff):
    # given
    project = make_project(district_staff)
    # when
    response = api_as(district_staff, language="en").post(
        f"/projects/{project.pk}/stage", {"to": "won", "on": "2025-13-40"}
    )
    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "to": ["Select a valid choice. That choice is not one of the available choices."],
        "on": ["Enter a valid date."],
    }


def test_capital_records_listed_and_created(api_as, district_staff):
    # given
    project = make_project(district_staff)
    actions.record_capital(
        project, actor=district_staff, received_on=dt.date(2024, 6, 1), amount=Decimal("30000000")
    )
    client = api_as(district_staff)
    # when
    created = client.post(
        f"/projects/{project.pk}/capital",
        {"received_on": "2025-01-15", "amount": "50000000.00", "note": "首期"},
    )
    listed = client.get(f"/projects/{project.pk}/capital")
    # then
    assert created.status_code == 201, created.content
    assert (created.json()["amount"], created.json()["amount_cny"], created.json()["currency"]) == (
        "50000000.00",
        "50000000.00",
        "CNY",
    )
    assert created.json()["created_by"]["username"] == district_staff.username
    assert listed.json()["count"] == 2
    assert [r["received_on"] for r in listed.json()["items"]] == ["2025-01-15", "2024-06-01"]
    assert CapitalRecord.objects.filter(project=project).count() == 2
    assert events(project).count(TimelineEvent.CAPITAL_RECORDED) == 2


def test_capital_in_dollars_without_a_rate_is_refused_with_the_reason(api_as, district_staff):
    # given
    project = make_project(district_staff)
    # when
    response = api_as(district_staff, language="en").post(
        f"/projects/{project.pk}/capital",
        {"received_on": "2025-01-15", "amount": "1000000", "currency": "USD"},
    )
    # then
    assert response.status_code == 422
    assert "No exchange rate is recorded for USD" in response.json()["errors"]["__all__"][0]
    assert not CapitalRecord.objects.exists()


# --- access --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("get", "", None),
        ("patch", "", {"leader": "某领导"}),
        ("post", "/stage", {"to": "signed"}),
        ("get", "/capital", None),
        ("post", "/capital", {"received_on": "2025-01-15", "amount": "100"}),
    ],
)
def test_another_districts_project_is_404(api_as, district_staff, other_district_staff, method, suffix, body):
    # given
    project = make_project(other_district_staff)
    client = api_as(district_staff)
    # when
    response = getattr(client, method)(f"/projects/{project.pk}{suffix}", *([body] if body else []))
    # then
    assert response.status_code == 404
    assert events(project) == [TimelineEvent.CREATED]
    assert not CapitalRecord.objects.exists()


def test_zone_staff_see_their_zones_projects_only(api_as, zone_staff, district_staff, units):
    # given
    in_zone = make_project(zone_staff)
    outside = make_project(district_staff)
    client = api_as(zone_staff)
    # then
    assert [p["id"] for p in client.get("/projects").json()["items"]] == [in_zone.pk]
    assert client.get(f"/projects/{outside.pk}").status_code == 404


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/projects", {"name_zh": "领导创建"}),
        ("patch", "/projects/{pk}", {"leader": "某领导"}),
        ("post", "/projects/{pk}/stage", {"to": "signed"}),
        ("post", "/projects/{pk}/capital", {"received_on": "2025-01-15", "amount": "100"}),
    ],
)
def test_leader_reads_but_may_not_write(api_as, leader, district_staff, method, path, body):
    # given
    project = make_project(district_staff)
    client = api_as(leader)
    # when
    response = getattr(client, method)(path.format(pk=project.pk), body)
    # then
    assert client.get(f"/projects/{project.pk}").status_code == 200
    assert response.status_code == 403
    assert response.json()["detail"]
    assert Project.objects.count() == 1
    assert events(project) == [TimelineEvent.CREATED]


def test_media_editor_sees_no_projects(api_as, media_editor, city_staff):
    # given
    project = make_project(city_staff)
    client = api_as(media_editor)
    # then
    assert client.get("/projects").json()["count"] == 0
    assert client.get(f"/projects/{project.pk}").status_code == 404
    assert client.patch(f"/projects/{project.pk}", {"leader": "x"}).status_code == 404
    assert client.post("/projects", {"name_zh": "x"}).status_code == 403


# --- the list: filters, pagination and queries ---------------------------------------------------


def test_list_filters_by_stage_district_and_band(api_as, city_staff, units):
    # given
    big = make_project(city_staff, district=units["lixia"], total_investment=Decimal("6000000000"))
    small = make_project(city_staff, district=units["lixia"], total_investment=Decimal("50000000"))
    elsewhere = make_project(city_staff, district=units["huaiyin"], total_investment=Decimal("6000000000"))
    actions.change_stage(big, to=Stage.SIGNED, actor=city_staff)
    actions.change_stage(elsewhere, to=Stage.NEGOTIATING, actor=city_staff)
    client = api_as(city_staff)

    def ids(**params) -> set[int]:
        response = client.get("/projects", params)
        assert response.status_code == 200, response.content
        return {p["id"] for p in response.json()["items"]}

    # then
    assert ids() == {big.pk, small.pk, elsewhere.pk}
    assert ids(district=units["lixia"].pk) == {big.pk, small.pk}
    assert ids(band="ge50") == {big.pk, elsewhere.pk}
    assert ids(band="lt1") == {small.pk}
    assert ids(stage="signed") == {big.pk}
    assert client.get("/projects?stage=signed&stage=negotiating").json()["count"] == 2
    assert ids(district=units["lixia"].pk, band="ge50", stage="signed") == {big.pk}


def test_district_filter_cannot_widen_what_a_district_sees(
    api_as, district_staff, other_district_staff, units
):
    # given
    make_project(other_district_staff)
    # when
    response = api_as(district_staff).get("/projects", {"district": units["huaiyin"].pk})
    # then
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_bad_filter_values_are_422_naming_the_parameter(api_as, city_staff):
    # when
    response = api_as(city_staff, language="en").get(
        "/projects", {"band": "huge", "signed_from": "yesterday"}
    )
    # then
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"band", "signed_from"}
    assert response.json()["errors"]["signed_from"] == ["Enter a valid date."]


def test_pagination_gives_the_total_and_the_page(api_as, district_staff):
    # given
    for _ in range(7):
        make_project(district_staff)
    client = api_as(district_staff)
    # when
    first = client.get("/projects", {"limit": 3}).json()
    last = client.get("/projects", {"limit": 3, "offset": 6}).json()
    # then
    assert (first["count"], first["limit"], first["offset"], len(first["items"])) == (7, 3, 0, 3)
    assert (last["count"], len(last["items"])) == (7, 1)
    assert {p["id"] for p in first["items"]}.isdisjoint({p["id"] for p in last["items"]})


def test_page_size_is_bounded(api_as, district_staff):
    response = api_as(district_staff, language="en").get("/projects", {"limit": 10_000})
    assert response.status_code == 422
    assert response.json()["errors"] == {"limit": ["Ensure this value is less than or equal to 500."]}


def _add_projects(actor, count: int, investors) -> None:
    for _ in range(count):
        make_project(actor, investors=investors, zone=None)


def test_list_query_count_does_not_grow_with_rows(api_as, city_staff, units, django_assert_max_num_queries):
    # given
    investors = [make_investor(city_staff), make_investor(city_staff)]
    client = api_as(city_staff)
    client.get("/projects")  # the token's first use is written once
    _add_projects(city_staff, 5, investors)
    # when / then: token, the district of the filter, count, page, investors
    with django_assert_max_num_queries(5):
        five = client.get("/projects", {"district": units["lixia"].pk, "limit": 100})
    _add_projects(city_staff, 45, investors)
    with django_assert_max_num_queries(5):
        fifty = client.get("/projects", {"district": units["lixia"].pk, "limit": 100})
    assert (len(five.json()["items"]), len(fifty.json()["items"])) == (5, 50)
    assert len(fifty.json()["items"][0]["investors"]) == 2


def test_a_body_that_is_not_json_is_refused_clearly(api_as, district_staff):
    # when
    response = api_as(district_staff, language="en").client.post(
        "/api/v1/projects", "{name_zh: 项目", content_type="application/json"
    )
    # then
    assert response.status_code == 400
    assert response.json() == {"detail": "The request body is not valid JSON."}
    assert not Project.objects.exists()


def test_patch_replaces_the_investors_and_records_it(api_as, district_staff):
    # given
    first, second = make_investor(district_staff), make_investor(district_staff)
    project = make_project(district_staff, investors=[first])
    # when
    response = api_as(district_staff).patch(f"/projects/{project.pk}", {"investors": [second.pk]})
    # then
    assert response.status_code == 200, response.content
    assert [i["id"] for i in response.json()["investors"]] == [second.pk]
    entry = timeline.for_object(project).get(field="investors")
    assert (entry.before, entry.after) == ([first.pk], [second.pk])
