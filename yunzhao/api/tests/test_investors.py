from yunzhao.core import timeline
from yunzhao.core.choices import TimelineEvent
from yunzhao.crm import actions
from yunzhao.crm.choices import InvestorKind
from yunzhao.crm.models import Investor
from yunzhao.testing.factories import make_investor, make_project

# A valid unified social credit code (check digit included).
CREDIT_CODE = "91350900587527783P"


def events(investor: Investor) -> list[str]:
    return sorted(e.event for e in timeline.for_object(investor))


def test_read_investor(api_as, district_staff, units):
    # given
    investor = make_investor(
        district_staff,
        name_zh="博世（中国）投资有限公司",
        name_en="Bosch China",
        kind=InvestorKind.MULTINATIONAL,
        country="DE",
        tags=["汽车", "链主"],
    )
    make_project(district_staff, investors=[investor])
    # when
    response = api_as(district_staff, language="en").get(f"/investors/{investor.pk}")
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["kind"], body["kind_label"]) == (
        "Bosch China",
        "multinational",
        "Multinational",
    )
    assert (body["country"], body["country_name"]) == ("DE", "Germany")
    assert body["tags"] == sorted(["汽车", "链主"])
    assert body["owner_unit"]["code"] == "lixia"
    assert body["project_count"] == 1


def test_create_through_the_action_writes_the_timeline(api_as, district_staff, units):
    # when
    response = api_as(district_staff).post(
        "/investors",
        {
            "name_zh": "宁德时代新能源科技股份有限公司",
            "name_en": "CATL",
            "kind": "private",
            "credit_code": CREDIT_CODE,
            "industry": "new_energy",
            "tags": ["链主"],
        },
    )
    # then
    assert response.status_code == 201, response.content
    investor = Investor.objects.get(pk=response.json()["id"])
    assert (investor.owner_unit, investor.created_by, investor.credit_code) == (
        units["lixia"],
        district_staff,
        CREDIT_CODE,
    )
    assert list(investor.tags.names()) == ["链主"]
    assert events(investor) == [TimelineEvent.CREATED]


def test_likely_duplicate_is_409_with_the_message_unless_confirmed(
    api_as, district_staff, other_district_staff
):
    # given a company recorded by another district
    make_investor(other_district_staff, name_zh="比亚迪股份有限公司", name_en="BYD")
    client = api_as(district_staff, language="en")
    # when
    refused = client.post("/investors", {"name_zh": "比亚迪有限公司"})
    confirmed = client.post("/investors", {"name_zh": "比亚迪有限公司", "allow_duplicate": True})
    # then
    assert refused.status_code == 409
    assert refused.json()["errors"]["name_zh"][0].startswith("An investor with a very similar name")
    assert confirmed.status_code == 201
    assert Investor.objects.filter(name_zh="比亚迪有限公司").count() == 1


def test_duplicate_credit_code_is_409(api_as, district_staff):
    # given
    make_investor(district_staff, credit_code=CREDIT_CODE)
    # when
    response = api_as(district_staff, language="en").post(
        "/investors", {"name_zh": "另一家公司", "credit_code": CREDIT_CODE, "allow_duplicate": True}
    )
    # then
    assert response.status_code == 409
    assert response.json()["errors"] == {
        "credit_code": ["An investor with this credit code is already recorded."]
    }


def test_bad_credit_code_is_422_naming_the_field(api_as, district_staff):
    # when
    response = api_as(district_staff, language="en").post(
        "/investors", {"name_zh": "某公司", "credit_code": "91350900587527783X"}
    )
    # then
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["credit_code"]
    assert not Investor.objects.filter(name_zh="某公司").exists()


def test_patch_changes_fields_and_tags_on_the_timeline(api_as, district_staff):
    # given
    investor = make_investor(district_staff, headquarters="福建宁德")
    # when
    response = api_as(district_staff).patch(
        f"/investors/{investor.pk}",
        {
            "headquarters": "福建省宁德市",
            "tags": ["储能"],
            "note": "核对工商信息",
        },
    )
    # then
    assert response.status_code == 200, response.content
    assert (response.json()["headquarters"], response.json()["tags"]) == ("福建省宁德市", ["储能"])
    entry = timeline.for_object(investor).get(field="headquarters")
    assert (entry.before, entry.after, entry.note) == (
        {"headquarters": "福建宁德"},
        {"headquarters": "福建省宁德市"},
        "核对工商信息",
    )
    assert timeline.for_object(investor).filter(field="tags").exists()


def test_patch_of_an_investor_seen_only_through_a_shared_project_is_refused(
        api_as, district_staff, other_district_staff):
    # given
    investor = make_investor(other_district_staff, headquarters="江苏常州")
    make_project(district_staff, investors=[investor])
    # when
    response = api_as(district_staff, language="en").patch(f"/investors/{investor.pk}", {"headquarters": "改"})
    # then
    assert response.status_code == 403
    assert "owns this investor" in response.json()["detail"]
    assert Investor.objects.get(pk=investor.pk).headquarters == "江苏常州"


def test_patch_refuses_owner_changes(api_as, district_staff, units):
    # given
    investor = make_investor(district_staff)
    # when
    response = api_as(district_staff, language="en").patch(
        f"/investors/{investor.pk}", {"owner_unit": units["huaiyin"].pk}
    )
    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {"owner_unit": ["This field is unknown or cannot be set here."]}
    assert Investor.objects.get(pk=investor.pk).owner_unit == units["lixia"]


def test_another_districts_investor_is_404(api_as, district_staff, other_district_staff):
    # given
    investor = make_investor(other_district_staff)
    client = api_as(district_staff)
    # then
    assert client.get(f"/investors/{investor.pk}").status_code == 404
    assert client.patch(f"/investors/{investor.pk}", {"notes": "x"}).status_code == 404
    assert events(investor) == [TimelineEvent.CREATED]
    assert client.get("/investors").json()["count"] == 0


def test_leader_reads_investors_but_may_not_write(api_as, leader, district_staff):
    # given
    investor = make_investor(district_staff)
    client = api_as(leader)
    # then
    assert client.get(f"/investors/{investor.pk}").status_code == 200
    assert client.patch(f"/investors/{investor.pk}", {"notes": "x"}).status_code == 403
    assert client.post("/investors", {"name_zh": "领导新增企业"}).status_code == 403
    assert Investor.objects.count() == 1
    assert events(investor) == [TimelineEvent.CREATED]


def test_media_editor_sees_no_investors(api_as, media_editor, city_staff):
    # given
    investor = make_investor(city_staff)
    client = api_as(media_editor)
    # then
    assert client.get("/investors").json()["count"] == 0
    assert client.get(f"/investors/{investor.pk}").status_code == 404
    assert client.post("/investors", {"name_zh": "x"}).status_code == 403


def test_list_filters(api_as, city_staff):
    # given
    catl = make_investor(
        city_staff,
        name_zh="宁德时代",
        name_en="CATL",
        kind=InvestorKind.PRIVATE,
        country="CN",
        industry="new_energy",
        tags=["链主"],
    )
    bosch = make_investor(
        city_staff,
        name_zh="博世",
        name_en="Bosch",
        kind=InvestorKind.MULTINATIONAL,
        country="DE",
        industry="automotive",
    )
    client = api_as(city_staff)

    def ids(**params) -> set[int]:
        response = client.get("/investors", params)
        assert response.status_code == 200, response.content
        return {i["id"] for i in response.json()["items"]}

    # then
    assert ids() == {catl.pk, bosch.pk}
    assert ids(q="catl") == {catl.pk}
    assert ids(kind="multinational") == {bosch.pk}
    assert ids(country="DE") == {bosch.pk}
    assert ids(industry="new_energy") == {catl.pk}
    assert ids(tag="链主") == {catl.pk}


def test_list_pagination_totals(api_as, city_staff):
    # given
    for _ in range(4):
        make_investor(city_staff)
    # when
    page = api_as(city_staff).get("/investors", {"limit": 3, "offset": 3}).json()
    # then
    assert (page["count"], page["offset"], len(page["items"])) == (4, 3, 1)


def test_investor_list_query_count_does_not_grow(api_as, city_staff, django_assert_max_num_queries):
    # given
    client = api_as(city_staff)
    client.get("/investors")  # the token's first use is written once
    for n in range(5):
        actions.create_investor(
            actor=city_staff, name_zh=f"企业{n}", tags=["链主", "储能"], allow_duplicate=True
        )
    # when / then: token, the tag choices of the filter, count, page, tags
    with django_assert_max_num_queries(5):
        five = client.get("/investors", {"limit": 100})
    for n in range(45):
        actions.create_investor(actor=city_staff, name_zh=f"公司{n}", tags=["链主"], allow_duplicate=True)
    with django_assert_max_num_queries(5):
        fifty = client.get("/investors", {"limit": 100})
    assert (five.json()["count"], fifty.json()["count"]) == (5, 50)
    assert fifty.json()["items"][0]["tags"]
