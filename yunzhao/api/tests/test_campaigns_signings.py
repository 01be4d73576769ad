import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from yunzhao.campaigns import actions
from yunzhao.campaigns.choices import EventLevel, EventStatus
from yunzhao.campaigns.models import Signing
from yunzhao.core import timeline
from yunzhao.core.choices import Currency, TimelineEvent
from yunzhao.projects.choices import Stage
from yunzhao.projects.models import ExchangeRate, Project
from yunzhao.testing.factories import make_project

YI = Decimal(100_000_000)


def at(month: int, day: int, hour: int = 14) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2021, month, day, hour))


@pytest.fixture
def campaign(city_staff, units):
    return actions.create_campaign(actor=city_staff, organisers=[units["jnipb"], units["jdng"]],
                                   name_zh="泉城新机遇 云招商", starts_on=dt.date(2021, 3, 30),
                                   ends_on=dt.date(2021, 6, 30))


@pytest.fixture
def provincial(city_staff, units):
    return actions.create_event(actor=city_staff, title_zh="山东省重点外资项目签约活动", level=EventLevel.PROVINCIAL,
                                owner_unit=units["jnipb"], starts_at=at(3, 18, 10), status=EventStatus.HELD)


@pytest.fixture
def city_event(city_staff, units, campaign):
    return actions.create_event(actor=city_staff, campaign=campaign, title_zh="首场市级综合推介会",
                                level=EventLevel.CITY, owner_unit=units["jnipb"], starts_at=at(3, 30),
                                status=EventStatus.HELD)


@pytest.fixture
def lixia_event(city_staff, units, campaign):
    return actions.create_event(actor=city_staff, campaign=campaign, title_zh="历下区专场推介会",
                                level=EventLevel.DISTRICT, owner_unit=units["lixia"], starts_at=at(4, 17),
                                status=EventStatus.HELD)


def sign(actor, event, project, on: dt.date, amount: Decimal, **extra) -> Signing:
    return actions.record_signing(event, project, actor=actor, parties="区政府；投资方", signed_on=on, amount=amount,
                                  **extra)


def test_create_signing_moves_the_project_and_credits_it(api_as, district_staff, lixia_event):
    # given
    project = make_project(district_staff, total_investment=12 * YI)
    # when
    response = api_as(district_staff).post("/signings", {
        "event": lixia_event.pk, "project": project.pk, "parties": "历下区人民政府；某某科技有限公司",
        "signed_on": "2021-04-17", "amount": "1200000000", "mode": "on_site", "note": "现场签约",
    })
    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["project"]["code"], body["event"]["id"], body["event"]["level"]) == (
        project.code, lixia_event.pk, "district")
    assert (body["amount"], body["amount_cny"], body["currency"], body["exchange_rate"]) == (
        "1200000000.00", "1200000000.00", "CNY", "1.000000")
    assert (body["credited_project"], body["credited_amount_cny"], body["mode"]) == (
        True, "1200000000.00", "on_site")
    assert body["has_agreement"] is False
    project.refresh_from_db()
    assert (project.stage, project.signed_on) == (Stage.SIGNED, dt.date(2021, 4, 17))
    assert TimelineEvent.SIGNED in {e.event for e in timeline.for_object(project)}


def test_a_project_signed_at_a_provincial_and_then_a_city_event_is_credited_once(
    api_as, city_staff, provincial, city_event
):
    # given
    project = make_project(city_staff, total_investment=15 * YI)
    client = api_as(city_staff)
    # when: signed at the provincial ceremony, then again (a larger amount) at the city event
    first = client.post("/signings", {"event": provincial.pk, "project": project.pk, "parties": "省政府；投资方",
                                      "signed_on": "2021-03-18", "amount": "1000000000"})
    second = client.post("/signings", {"event": city_event.pk, "project": project.pk, "parties": "市政府；投资方",
                                       "signed_on": "2021-03-30", "amount": "1500000000"})
    # then
    assert (first.status_code, second.status_code) == (201, 201)
    assert (first.json()["credited_project"], second.json()["credited_project"]) == (True, False)
    assert second.json()["credited_amount_cny"] == "500000000.00"  # only the increase
    assert client.get(f"/signings/{first.json()['id']}").json()["credited_amount_cny"] == "1000000000.00"
    credited = client.get("/signings", {"credited": "true"}).json()
    assert [s["id"] for s in credited["items"]] == [second.json()["id"], first.json()["id"]]
    assert sum(1 for s in credited["items"] if s["credited_project"]) == 1
    assert client.get("/signings", {"level": "city"}).json()["items"][0]["credited_project"] is False


def test_a_later_signing_entered_first_moves_the_credit(api_as, city_staff, provincial, city_event):
    # given the city signing is recorded before the earlier provincial one
    project = make_project(city_staff, total_investment=10 * YI)
    client = api_as(city_staff)
    city = client.post("/signings", {"event": city_event.pk, "project": project.pk, "parties": "市政府；投资方",
                                     "signed_on": "2021-03-30", "amount": "1000000000"}).json()
    # when
    client.post("/signings", {"event": provincial.pk, "project": project.pk, "parties": "省政府；投资方",
                              "signed_on": "2021-03-18", "amount": "1000000000"})
    # then
    reread = client.get(f"/signings/{city['id']}").json()
    assert (reread["credited_project"], reread["credited_amount_cny"]) == (False, "0.00")
    assert client.get("/signings", {"credited": "false"}).json()["items"][0]["id"] == city["id"]


def test_signing_in_dollars_uses_the_months_rate(api_as, city_staff, provincial):
    # given
    ExchangeRate.objects.create(month=dt.date(2021, 3, 1), currency=Currency.USD, rate_to_cny=Decimal("6.5"))
    project = make_project(city_staff)
    # when
    response = api_as(city_staff).post("/signings", {
        "event": provincial.pk, "project": project.pk, "parties": "省商务厅；外资企业", "signed_on": "2021-03-18",
        "amount": "310000000", "currency": "USD"})
    # then
    assert response.status_code == 201, response.content
    assert (response.json()["exchange_rate"], response.json()["amount_cny"]) == ("6.500000", "2015000000.00")


def test_signing_list_filters(api_as, city_staff, units, campaign, provincial, city_event, lixia_event):
    # given
    in_lixia = make_project(city_staff, district=units["lixia"])
    in_huaiyin = make_project(city_staff, district=units["huaiyin"])
    a = sign(city_staff, provincial, in_lixia, dt.date(2021, 3, 18), 5 * YI)
    b = sign(city_staff, city_event, in_huaiyin, dt.date(2021, 3, 30), 3 * YI)
    c = sign(city_staff, lixia_event, in_lixia, dt.date(2021, 4, 17), 6 * YI)
    client = api_as(city_staff)

    def ids(**params) -> list[int]:
        response = client.get("/signings", params)
        assert response.status_code == 200, response.content
        return [s["id"] for s in response.json()["items"]]

    # then
    assert ids() == [c.pk, b.pk, a.pk]
    assert ids(level="provincial") == [a.pk]
    assert ids(campaign=campaign.pk) == [c.pk, b.pk]
    assert ids(event=lixia_event.pk) == [c.pk]
    assert ids(district=units["lixia"].pk) == [c.pk, a.pk]
    assert ids(date_from="2021-03-19", date_to="2021-03-31") == [b.pk]
    assert ids(credited="true") == [c.pk, b.pk, a.pk]  # c is an increase of 1亿 over a
    assert ids(credited="true", level="district") == [c.pk]
    assert client.get(f"/signings/{c.pk}").json()["credited_amount_cny"] == "100000000.00"


def test_bad_signing_filters_are_422(api_as, city_staff):
    response = api_as(city_staff, language="en").get("/signings", {"level": "galactic", "date_from": "x",
                                                                   "credited": "perhaps"})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"level", "date_from", "credited"}


def test_a_signing_whose_project_one_cannot_see_is_404_and_absent(api_as, district_staff, other_district_staff,
                                                                  city_staff, city_event):
    # given
    mine = sign(city_staff, city_event, make_project(district_staff), dt.date(2021, 3, 30), YI)
    hidden = sign(city_staff, city_event, make_project(other_district_staff), dt.date(2021, 3, 30), YI)
    client = api_as(district_staff)
    # then
    assert client.get(f"/signings/{hidden.pk}").status_code == 404
    assert [s["id"] for s in client.get("/signings").json()["items"]] == [mine.pk]
    assert client.get("/signings", {"event": city_event.pk}).json()["count"] == 1


def test_signing_a_project_one_cannot_see_is_refused_and_nothing_written(api_as, district_staff,
                                                                        other_district_staff, lixia_event):
    # given
    hidden = make_project(other_district_staff)
    # when
    response = api_as(district_staff, language="en").post("/signings", {
        "event": lixia_event.pk, "project": hidden.pk, "parties": "x", "signed_on": "2021-04-17",
        "amount": "100"})
    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "project": ["Select a valid choice. That choice is not one of the available choices."]}
    assert not Signing.objects.exists()
    assert Project.objects.get(pk=hidden.pk).stage == Stage.LEAD


def test_media_editor_sees_no_signings_and_may_not_record_them(api_as, media_editor, city_staff, city_event):
    # given
    project = make_project(city_staff)
    signing = sign(city_staff, city_event, project, dt.date(2021, 3, 30), YI)
    client = api_as(media_editor)
    # then
    assert client.get("/signings").json()["count"] == 0
    assert client.get(f"/signings/{signing.pk}").status_code == 404
    assert client.get(f"/projects/{project.pk}").status_code == 404
    refused = client.post("/signings", {"event": city_event.pk, "project": project.pk, "parties": "x",
                                        "signed_on": "2021-03-30", "amount": "1"})
    assert refused.status_code == 403
    assert Signing.objects.count() == 1


def test_leader_reads_signings_but_may_not_record_them(api_as, leader, city_staff, city_event):
    # given
    project = make_project(city_staff)
    signing = sign(city_staff, city_event, project, dt.date(2021, 3, 30), YI)
    client = api_as(leader)
    # then
    assert client.get(f"/signings/{signing.pk}").status_code == 200
    second = client.post("/signings", {"event": city_event.pk, "project": make_project(city_staff).pk,
                                       "parties": "x", "signed_on": "2021-03-30", "amount": "1"})
    assert second.status_code == 403
    assert Signing.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"signed_on": "2099-01-01"}, "signed_on", "The date cannot be in the future."),
        ({"amount": "-5"}, "amount", "Ensure this value is greater than or equal to 0."),
        ({"amount": 5.5}, "amount", 'Write amounts as text, such as "150000000.00", not as JSON numbers.'),
        ({"mode": "by_pigeon"}, "mode", "Select a valid choice. That choice is not one of the available choices."),
    ],
)
def test_bad_signings_are_422_naming_the_field(api_as, city_staff, city_event, change, field, message):
    # given
    project = make_project(city_staff)
    body = {"event": city_event.pk, "project": project.pk, "parties": "x", "signed_on": "2021-03-30",
            "amount": "100", **change}
    # when
    response = api_as(city_staff, language="en").post("/signings", body)
    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {field: [message]}
    assert not Signing.objects.exists()
    assert Project.objects.get(pk=project.pk).stage == Stage.LEAD


def test_the_same_project_twice_at_one_event_is_refused(api_as, city_staff, city_event):
    # given
    project = make_project(city_staff)
    sign(city_staff, city_event, project, dt.date(2021, 3, 30), YI)
    # when
    response = api_as(city_staff, language="en").post("/signings", {
        "event": city_event.pk, "project": project.pk, "parties": "x", "signed_on": "2021-03-30", "amount": "1"})
    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {"project": ["This project is already recorded as signed at this event."]}
    assert Signing.objects.count() == 1


def test_nothing_is_signed_at_a_cancelled_event(api_as, city_staff, units):
    # given
    cancelled = actions.create_event(actor=city_staff, title_zh="取消的路演", level=EventLevel.SPECIAL,
                                     owner_unit=units["jnipb"], starts_at=at(5, 1), status=EventStatus.CANCELLED)
    project = make_project(city_staff)
    # when
    response = api_as(city_staff, language="en").post("/signings", {
        "event": cancelled.pk, "project": project.pk, "parties": "x", "signed_on": "2021-05-01", "amount": "1"})
    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {"event": ["This event was cancelled; nothing can be signed at it."]}
    assert not Signing.objects.exists()


def test_signing_list_query_count_does_not_grow(api_as, city_staff, units, campaign, city_event,
                                                django_assert_max_num_queries):
    # given
    client = api_as(city_staff)
    client.get("/signings")

    def add(n: int) -> None:
        for _ in range(n):
            sign(city_staff, city_event, make_project(city_staff, district=units["lixia"]), dt.date(2021, 3, 30), YI)

    add(5)
    # when / then: token, the campaign and district of the filter, count, page
    with django_assert_max_num_queries(5):
        five = client.get("/signings", {"campaign": campaign.pk, "district": units["lixia"].pk, "limit": 100})
    add(45)
    with django_assert_max_num_queries(5):
        fifty = client.get("/signings", {"campaign": campaign.pk, "district": units["lixia"].pk, "limit": 100})
    assert (five.json()["count"], fifty.json()["count"]) == (5, 50)
    assert fifty.json()["items"][0]["event"]["title"] == "首场市级综合推介会"
