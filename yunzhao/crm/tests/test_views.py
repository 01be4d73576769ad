import datetime as dt

import pytest
from django.urls import reverse

from yunzhao.core import timeline
from yunzhao.core.choices import Industry, TimelineEvent
from yunzhao.core.validators import uscc_check_char
from yunzhao.crm import actions
from yunzhao.crm.choices import ConsentMethod, InteractionKind, InvestorKind
from yunzhao.crm.models import Contact, Interaction, Investor
from yunzhao.testing.factories import make_investor, make_project

PHONE = "13812345678"


def a_credit_code(serial: str = "00001") -> str:
    first17 = "91370100MA3C" + serial
    return first17 + uscc_check_char(first17)


def investor_post(**overrides) -> dict:
    data = {
        "name_zh": "济南新能源科技有限公司", "name_en": "Jinan New Energy Technology Co., Ltd.",
        "kind": InvestorKind.PRIVATE, "country": "CN", "credit_code": "", "industry": Industry.NEW_ENERGY,
        "headquarters": "济南", "website": "https://example.com", "notes": "", "tags": "储能，链主",
    }
    return {**data, **overrides}


# --- list -------------------------------------------------------------------------------------------

def test_list_shows_names_kind_owner_project_count_and_tags(client, district_staff):
    # given
    investor = make_investor(district_staff, name_zh="宁德时代新能源科技股份有限公司",
                             name_en="Contemporary Amperex Technology", tags=["链主"])
    make_project(district_staff, investors=[investor])
    make_project(district_staff, investors=[investor])
    client.force_login(district_staff)
    # when
    response = client.get(reverse("crm:list"))
    # then
    assert response.status_code == 200
    row = response.context["table"].page.object_list.data[0]
    assert row.project_count == 2
    html = response.content.decode()
    assert "宁德时代新能源科技股份有限公司" in html
    assert "Contemporary Amperex Technology" in html
    assert "链主" in html
    assert reverse("crm:detail", args=[investor.pk]) in html
    assert reverse("crm:create") in html


def test_list_shows_only_what_the_unit_sees(client, district_staff, other_district_staff):
    # given
    mine = make_investor(district_staff, name_zh="历下客商甲")
    make_investor(other_district_staff, name_zh="槐荫客商乙")
    in_shared_project = make_investor(other_district_staff, name_zh="槐荫客商丙")
    make_project(district_staff, investors=[in_shared_project])
    client.force_login(district_staff)
    # when
    response = client.get(reverse("crm:list"))
    # then
    shown = {r.pk for r in response.context["table"].page.object_list.data}
    assert shown == {mine.pk, in_shared_project.pk}
    assert "槐荫客商乙" not in response.content.decode()
    assert "owner_unit" not in response.context["filter"].form.fields


def test_list_filters_by_search_kind_tag_and_unit(client, city_staff, district_staff, units):
    # given
    a = make_investor(district_staff, name_zh="海尔集团", kind=InvestorKind.PRIVATE, tags=["家电"],
                      credit_code=a_credit_code("00007"))
    b = make_investor(city_staff, name_zh="浪潮集团", kind=InvestorKind.SOE, tags=["算力"])
    client.force_login(city_staff)

    def shown(**params):
        response = client.get(reverse("crm:list"), params)
        assert response.status_code == 200
        return {r.pk for r in response.context["table"].page.object_list.data}

    # then
    assert shown(q="海尔") == {a.pk}
    assert shown(q=a_credit_code("00007")[:10].lower()) == {a.pk}
    assert shown(kind=InvestorKind.SOE) == {b.pk}
    assert shown(tag="算力") == {b.pk}
    assert shown(owner_unit=units["lixia"].pk) == {a.pk}
    assert shown() == {a.pk, b.pk}


def test_list_is_sortable_by_project_count(client, city_staff):
    # given
    few, many = make_investor(city_staff), make_investor(city_staff)
    make_project(city_staff, investors=[many])
    make_project(city_staff, investors=[many])
    make_project(city_staff, investors=[few])
    client.force_login(city_staff)
    # when
    response = client.get(reverse("crm:list"), {"sort": "-project_count"})
    # then
    assert [r.pk for r in response.context["table"].page.object_list.data] == [many.pk, few.pk]


def list_queries(client, user, count, django_assert_max_num_queries, limit):
    for _ in range(count):
        investor = make_investor(user, tags=["甲", "乙"])
        actions.add_contact(investor, actor=user, name="联系人", phone=PHONE)
    client.force_login(user)
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(reverse("crm:list"))
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("user_fixture", ["city_staff", "district_staff"])
def test_list_query_count_does_not_grow_with_rows(client, request, user_fixture, django_assert_max_num_queries):
    # given
    user = request.getfixturevalue(user_fixture)
    # when
    few = list_queries(client, user, 5, django_assert_max_num_queries, 12)
    many = list_queries(client, user, 55, django_assert_max_num_queries, 12)
    # then: 60 investors, a full page of 50 rows, the same number of queries as 5 rows
    assert many == few


def test_list_is_paginated_50_to_a_page(client, city_staff):
    # given
    for _ in range(51):
        make_investor(city_staff)
    client.force_login(city_staff)
    # when
    first = client.get(reverse("crm:list"))
    second = client.get(reverse("crm:list"), {"page": 2})
    # then
    assert len(first.context["table"].page.object_list) == 50
    assert len(second.context["table"].page.object_list) == 1


def test_media_editor_is_refused_the_list(client, media_editor):
    client.force_login(media_editor)
    assert client.get(reverse("crm:list")).status_code == 403


# --- detail -----------------------------------------------------------------------------------------

def test_detail_shows_everything_with_the_phone_masked(client, district_staff):
    # given
    investor = make_investor(district_staff, name_zh="中国氢谷投资有限公司", credit_code=a_credit_code(),
                             tags=["氢能"])
    project = make_project(district_staff, name_zh="氢能产业园项目", investors=[investor])
    actions.add_contact(investor, actor=district_staff, name="赵敏", title="投资总监", phone=PHONE,
                        consent_given=True, consent_method=ConsentMethod.WRITTEN)
    actions.record_interaction(investor, actor=district_staff, kind=InteractionKind.NEGOTIATION,
                               occurred_on=dt.date(2024, 5, 6), project=project, their_people="赵敏",
                               our_people="投促局王处", outcome="确定选址", next_step="提交协议草案")
    client.force_login(district_staff)
    # when
    response = client.get(reverse("crm:detail", args=[investor.pk]))
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert PHONE not in html
    assert "138****5678" in html
    for text in ("中国氢谷投资有限公司", a_credit_code(), "氢能", "氢能产业园项目", "赵敏", "投资总监",
                 "确定选址", "提交协议草案", "投促局王处", "2024-05-06"):
        assert text in html, text
    assert reverse("projects:detail", args=[project.pk]) in html
    assert response.context["interactions"][0].round_number == 1
    assert reverse("crm:contact_edit", args=[Contact.objects.get().pk]) in html
    events = [row["entry"].event for row in response.context["timeline"]]
    assert events == [TimelineEvent.INTERACTION_RECORDED, TimelineEvent.UPDATED, TimelineEvent.CREATED]


def test_detail_lists_interactions_newest_first_and_flags_overdue_next_steps(client, district_staff):
    # given
    investor = make_investor(district_staff)
    today = dt.date.today()
    on_project = actions.record_interaction(
        investor, actor=district_staff, kind=InteractionKind.NEGOTIATION, occurred_on=today - dt.timedelta(days=40),
        project=make_project(district_staff, investors=[investor]), next_step="报送用地需求",
        next_step_due=today - dt.timedelta(days=35))
    old = actions.record_interaction(investor, actor=district_staff, kind=InteractionKind.VISIT,
                                     occurred_on=today - dt.timedelta(days=30), next_step="寄送资料",
                                     next_step_due=today - dt.timedelta(days=20))
    late = actions.record_interaction(investor, actor=district_staff, kind=InteractionKind.PHONE_CALL,
                                      occurred_on=today - dt.timedelta(days=10), next_step="安排视频会",
                                      next_step_due=today - dt.timedelta(days=1))
    client.force_login(district_staff)
    # when
    response = client.get(reverse("crm:detail", args=[investor.pk]))
    # then: the visit's next step was followed up by the call; the call's own step is overdue, and so is the
    # project's, which no later interaction on that project followed up
    items = response.context["interactions"]
    assert [i.pk for i in items] == [late.pk, old.pk, on_project.pk]
    assert [i.is_overdue for i in items] == [True, False, True]
    assert response.content.decode().count("text-bg-danger") == 2


def test_another_units_investor_in_one_of_my_projects_is_visible(client, district_staff, other_district_staff):
    # given
    investor = make_investor(other_district_staff, name_zh="共同跟进的客商")
    make_project(district_staff, investors=[investor])
    client.force_login(district_staff)
    # when
    response = client.get(reverse("crm:detail", args=[investor.pk]))
    # then
    assert response.status_code == 200
    assert "共同跟进的客商" in response.content.decode()


def test_a_unit_sharing_a_project_may_record_interactions_but_not_edit_the_owners_record(
        client, district_staff, other_district_staff):
    # given an investor owned by another district, in one of my projects
    investor = make_investor(other_district_staff, name_zh="共同跟进的客商")
    contact = actions.add_contact(investor, actor=other_district_staff, name="钱经理", consent_given=False)
    project = make_project(district_staff, investors=[investor])
    client.force_login(district_staff)
    # when
    detail = client.get(reverse("crm:detail", args=[investor.pk])).content.decode()
    edit = client.post(reverse("crm:edit", args=[investor.pk]), investor_post(name_zh="改名"))
    add_contact = client.post(reverse("crm:contact_add", args=[investor.pk]), {"name": "孙"})
    edit_contact = client.post(reverse("crm:contact_edit", args=[contact.pk]), {"name": "李"})
    interaction = client.post(reverse("crm:interaction_add", args=[investor.pk]), {
        "kind": InteractionKind.VISIT, "occurred_on": "2024-05-06", "project": project.pk,
        "their_people": "钱经理", "our_people": "王处", "outcome": "参观园区"})
    # then the record and contacts are the owner's, the visit is ours
    assert reverse("crm:edit", args=[investor.pk]) not in detail
    assert reverse("crm:interaction_add", args=[investor.pk]) in detail
    assert (edit.status_code, add_contact.status_code, edit_contact.status_code) == (403, 403, 403)
    investor.refresh_from_db()
    contact.refresh_from_db()
    assert (investor.name_zh, contact.name, investor.contacts.count()) == ("共同跟进的客商", "钱经理", 1)
    assert interaction.status_code == 302
    assert Interaction.objects.get(investor=investor).created_by == district_staff


def test_the_owner_and_the_city_may_edit_an_investor_shared_through_a_project(
        client, city_staff, district_staff, other_district_staff):
    # given
    investor = make_investor(other_district_staff)
    make_project(district_staff, investors=[investor])
    # when
    for user in (other_district_staff, city_staff):
        client.force_login(user)
        response = client.get(reverse("crm:edit", args=[investor.pk]))
        # then
        assert response.status_code == 200, user


def test_detail_shows_only_projects_the_user_sees(client, district_staff, other_district_staff):
    # given
    investor = make_investor(district_staff)
    make_project(district_staff, name_zh="历下的项目", investors=[investor])
    make_project(other_district_staff, name_zh="槐荫的项目", investors=[investor])
    client.force_login(district_staff)
    # when
    html = client.get(reverse("crm:detail", args=[investor.pk])).content.decode()
    # then
    assert "历下的项目" in html
    assert "槐荫的项目" not in html


def test_detail_query_count_does_not_grow(client, district_staff, django_assert_max_num_queries):
    # given
    investor = make_investor(district_staff, tags=["a", "b"])
    client.force_login(district_staff)

    def queries():
        with django_assert_max_num_queries(14) as captured:
            assert client.get(reverse("crm:detail", args=[investor.pk])).status_code == 200
        return len(captured)

    before = queries()
    for n in range(8):
        project = make_project(district_staff, investors=[investor])
        actions.add_contact(investor, actor=district_staff, name=f"联系人{n}", phone=PHONE)
        actions.record_interaction(investor, actor=district_staff, kind=InteractionKind.NEGOTIATION,
                                   occurred_on=dt.date(2024, 1, 1 + n), project=project)
    # then
    assert queries() == before


@pytest.mark.parametrize("name", ["crm:detail", "crm:edit", "crm:contact_add", "crm:interaction_add"])
def test_another_districts_investor_is_a_404(client, district_staff, other_district_staff, name):
    # given
    investor = make_investor(other_district_staff)
    client.force_login(district_staff)
    # then
    assert client.get(reverse(name, args=[investor.pk])).status_code == 404
    assert client.post(reverse(name, args=[investor.pk]), investor_post()).status_code == 404


def test_another_districts_contact_is_a_404(client, district_staff, other_district_staff):
    investor = make_investor(other_district_staff)
    contact = actions.add_contact(investor, actor=other_district_staff, name="钱进", phone=PHONE)
    client.force_login(district_staff)
    response = client.get(reverse("crm:contact_edit", args=[contact.pk]))
    assert response.status_code == 404
    assert PHONE not in response.content.decode()


def test_media_editor_gets_404_for_an_investor(client, media_editor, city_staff):
    investor = make_investor(city_staff)
    client.force_login(media_editor)
    assert client.get(reverse("crm:detail", args=[investor.pk])).status_code == 404
    assert client.post(reverse("crm:edit", args=[investor.pk]), investor_post()).status_code == 404


# --- read-only roles --------------------------------------------------------------------------------

def test_leader_sees_the_detail_without_write_buttons(client, leader, city_staff):
    # given
    investor = make_investor(city_staff)
    contact = actions.add_contact(investor, actor=city_staff, name="孙丽", phone=PHONE)
    client.force_login(leader)
    # when
    html = client.get(reverse("crm:detail", args=[investor.pk])).content.decode()
    # then
    assert reverse("crm:edit", args=[investor.pk]) not in html
    assert reverse("crm:contact_add", args=[investor.pk]) not in html
    assert reverse("crm:contact_edit", args=[contact.pk]) not in html
    assert reverse("crm:create") not in client.get(reverse("crm:list")).content.decode()


@pytest.mark.parametrize("user_fixture", ["leader", "media_editor"])
def test_read_only_roles_cannot_create(client, request, user_fixture):
    # given
    client.force_login(request.getfixturevalue(user_fixture))
    # when
    responses = [client.get(reverse("crm:create")), client.post(reverse("crm:create"), investor_post()),
                 client.get(reverse("crm:duplicates"), {"name_zh": "x"})]
    # then
    assert [r.status_code for r in responses] == [403, 403, 403]
    assert not Investor.objects.exists()


def test_leader_posts_to_write_urls_are_refused(client, leader, city_staff):
    # given
    investor = make_investor(city_staff, name_en="Unchanged")
    contact = actions.add_contact(investor, actor=city_staff, name="周杰", phone=PHONE)
    client.force_login(leader)
    # when
    responses = [
        client.post(reverse("crm:edit", args=[investor.pk]), investor_post(name_en="Changed")),
        client.post(reverse("crm:contact_add", args=[investor.pk]), {"name": "新人"}),
        client.post(reverse("crm:contact_edit", args=[contact.pk]), {"name": "周杰", "phone": "1"}),
        client.post(reverse("crm:interaction_add", args=[investor.pk]),
                    {"kind": InteractionKind.VISIT, "occurred_on": "2024-05-06"}),
        client.get(reverse("crm:contact_edit", args=[contact.pk])),
    ]
    # then
    assert [r.status_code for r in responses] == [403] * 5
    investor.refresh_from_db()
    assert investor.name_en == "Unchanged"
    assert Contact.objects.count() == 1
    assert not Interaction.objects.exists()
    assert PHONE not in responses[-1].content.decode()


# --- create and edit --------------------------------------------------------------------------------

def test_create_investor(client, district_staff, units):
    client.force_login(district_staff)
    # when
    response = client.post(reverse("crm:create"), investor_post(credit_code=" " + a_credit_code().lower()))
    # then
    investor = Investor.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("crm:detail", args=[investor.pk])
    assert investor.credit_code == a_credit_code()
    assert investor.owner_unit == units["lixia"]
    assert sorted(investor.tags.names()) == ["储能", "链主"]
    assert timeline.for_object(investor).get().event == TimelineEvent.CREATED


def test_city_staff_may_record_an_investor_for_a_district(client, city_staff, units):
    client.force_login(city_staff)
    client.post(reverse("crm:create"), investor_post(owner_unit=units["tianqiao"].pk))
    assert Investor.objects.get().owner_unit == units["tianqiao"]


def test_create_with_a_wrong_check_digit_says_so_in_the_users_language(client, district_staff):
    # given
    code = a_credit_code()
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    client.force_login(district_staff)
    # when
    response = client.post(reverse("crm:create"), investor_post(credit_code=wrong), HTTP_ACCEPT_LANGUAGE="en")
    # then
    assert response.status_code == 200
    assert "check character" in response.content.decode()
    assert response.context["form"].errors["credit_code"]
    assert not Investor.objects.exists()


def test_duplicate_warning_lists_visible_matches_and_creates_only_when_confirmed(client, district_staff):
    # given
    existing = make_investor(district_staff, name_zh="济南新能源科技股份有限公司")
    client.force_login(district_staff)
    # when
    refused = client.post(reverse("crm:create"), investor_post())
    # then
    html = refused.content.decode()
    assert refused.status_code == 200
    assert reverse("crm:detail", args=[existing.pk]) in html
    assert 'name="allow_duplicate"' in html
    assert Investor.objects.count() == 1
    # when confirmed
    created = client.post(reverse("crm:create"), investor_post(allow_duplicate="on"))
    # then
    assert created.status_code == 302
    assert Investor.objects.count() == 2


def test_duplicate_of_another_unit_is_mentioned_without_details(client, district_staff, other_district_staff):
    # given
    hidden = make_investor(other_district_staff, name_zh="济南新能源科技有限公司", name_en="Secret Name Ltd")
    client.force_login(district_staff)
    # when
    response = client.post(reverse("crm:create"), investor_post(name_en=""), HTTP_ACCEPT_LANGUAGE="en")
    # then
    html = response.content.decode()
    assert "already recorded by another unit" in html
    assert response.context["duplicates"]["hidden"] is True
    assert response.context["duplicates"]["visible"] == []
    assert reverse("crm:detail", args=[hidden.pk]) not in html
    assert "Secret Name Ltd" not in html
    assert Investor.objects.count() == 1


def test_duplicate_credit_code_cannot_be_overridden(client, district_staff):
    # given
    make_investor(district_staff, name_zh="甲公司", credit_code=a_credit_code())
    client.force_login(district_staff)
    # when
    response = client.post(reverse("crm:create"),
                           investor_post(credit_code=a_credit_code(), allow_duplicate="on"))
    # then
    assert response.status_code == 200
    assert response.context["form"].errors["credit_code"]
    assert response.context["duplicates"]["can_override"] is False
    assert 'name="allow_duplicate"' not in response.content.decode()
    assert Investor.objects.count() == 1


def test_duplicates_endpoint_answers_as_you_type(client, district_staff, other_district_staff):
    # given
    mine = make_investor(district_staff, name_zh="山东重工集团有限公司", credit_code=a_credit_code())
    make_investor(other_district_staff, name_zh="中国重汽集团有限公司")
    client.force_login(district_staff)
    url = reverse("crm:duplicates")
    # when / then
    by_name = client.get(url, {"name_zh": "山东重工"}).content.decode()
    assert reverse("crm:detail", args=[mine.pk]) in by_name
    by_code = client.get(url, {"credit_code": a_credit_code().lower()}).content.decode()
    assert reverse("crm:detail", args=[mine.pk]) in by_code
    assert client.get(url, {"name_zh": "山东重工", "exclude": mine.pk}).content.decode().strip() == ""
    hidden = client.get(url, {"name_zh": "中国重汽"})
    assert hidden.context["duplicates"]["hidden"] is True
    assert "中国重汽" not in hidden.content.decode()
    assert client.get(url, {"name_zh": ""}).content.decode().strip() == ""
    # and names that contain what is typed are suggested, without refusing anything
    typing = client.get(url, {"name_zh": "山东重"})
    assert [i.pk for i in typing.context["duplicates"]["similar"]] == [mine.pk]
    assert typing.context["duplicates"]["visible"] == []
    assert client.get(url, {"name_zh": "重汽"}).context["duplicates"]["similar"] == []


def test_edit_investor_changes_fields_and_tags(client, district_staff):
    # given
    investor = make_investor(district_staff, tags=["旧"])
    client.force_login(district_staff)
    page = client.get(reverse("crm:edit", args=[investor.pk]))
    assert page.status_code == 200
    assert 'value="旧"' in page.content.decode()
    # when
    response = client.post(reverse("crm:edit", args=[investor.pk]),
                           investor_post(name_zh=investor.name_zh, headquarters="上海", tags="新, 旧"))
    # then
    assert response.status_code == 302
    investor.refresh_from_db()
    assert investor.headquarters == "上海"
    assert sorted(investor.tags.names()) == ["新", "旧"]
    assert timeline.for_object(investor).filter(event=TimelineEvent.UPDATED).exists()


def test_edit_to_another_investors_credit_code_is_shown_on_the_field(client, city_staff):
    # given
    make_investor(city_staff, credit_code=a_credit_code("00001"))
    other = make_investor(city_staff)
    client.force_login(city_staff)
    # when
    response = client.post(reverse("crm:edit", args=[other.pk]),
                           investor_post(name_zh=other.name_zh, credit_code=a_credit_code("00001")))
    # then
    assert response.status_code == 200
    assert response.context["form"].errors["credit_code"]
    assert len(response.context["duplicates"]["visible"]) == 1


# --- contacts and interactions ----------------------------------------------------------------------

def test_add_contact_records_consent_time(client, district_staff):
    # given
    investor = make_investor(district_staff)
    client.force_login(district_staff)
    # when
    response = client.post(reverse("crm:contact_add", args=[investor.pk]), {
        "name": "吴刚", "phone": PHONE, "consent_given": "on", "consent_method": ConsentMethod.VERBAL,
    })
    # then
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.consent_at is not None
    assert contact.consent_method == ConsentMethod.VERBAL


def test_consent_without_method_is_an_error_on_the_field(client, district_staff):
    investor = make_investor(district_staff)
    client.force_login(district_staff)
    response = client.post(reverse("crm:contact_add", args=[investor.pk]), {"name": "吴刚", "consent_given": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["consent_method"]
    assert not Contact.objects.exists()


def test_full_phone_only_on_the_contact_edit_page(client, district_staff):
    # given
    investor = make_investor(district_staff)
    contact = actions.add_contact(investor, actor=district_staff, name="郑洁", phone=PHONE)
    client.force_login(district_staff)
    # when
    page = client.get(reverse("crm:contact_edit", args=[contact.pk]))
    # then
    assert f'value="{PHONE}"' in page.content.decode()
    # when
    response = client.post(reverse("crm:contact_edit", args=[contact.pk]), {
        "name": "郑洁", "phone": "13900001111", "consent_given": "on", "consent_method": ConsentMethod.WRITTEN,
    })
    # then
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.phone, contact.consent_given) == ("13900001111", True)
    assert contact.consent_at is not None


def test_record_negotiation_rounds_through_the_page(client, district_staff):
    # given
    investor = make_investor(district_staff)
    project = make_project(district_staff, investors=[investor])
    client.force_login(district_staff)
    url = reverse("crm:interaction_add", args=[investor.pk])
    page = client.get(url)
    assert list(page.context["form"].fields["project"].queryset) == [project]
    # when
    for day in ("2024-05-06", "2024-05-20"):
        response = client.post(url, {
            "kind": InteractionKind.NEGOTIATION, "occurred_on": day, "project": project.pk,
            "their_people": "赵总", "our_people": "王处", "outcome": "推进", "next_step": "复谈",
            "next_step_due": "2024-06-01",
        })
        assert response.status_code == 302
    # then
    assert list(Interaction.objects.order_by("occurred_on").values_list("round_number", flat=True)) == [1, 2]
    assert timeline.for_object(project).filter(event=TimelineEvent.INTERACTION_RECORDED).count() == 2


def test_interaction_with_another_visible_project_by_ledger_number(client, district_staff, other_district_staff):
    # given
    investor = make_investor(district_staff)
    unlinked = make_project(district_staff)
    elsewhere = make_project(other_district_staff)
    client.force_login(district_staff)
    url = reverse("crm:interaction_add", args=[investor.pk])
    # when
    refused = client.post(url, {"kind": InteractionKind.VISIT, "occurred_on": "2024-05-06",
                                "project_code": elsewhere.code})
    accepted = client.post(url, {"kind": InteractionKind.VISIT, "occurred_on": "2024-05-06",
                                 "project_code": unlinked.code.lower()})
    # then
    assert refused.status_code == 200
    assert refused.context["form"].errors["project_code"]
    assert accepted.status_code == 302
    assert Interaction.objects.get().project == unlinked


def test_interaction_errors_are_shown_and_nothing_is_written(client, district_staff):
    investor = make_investor(district_staff)
    client.force_login(district_staff)
    response = client.post(reverse("crm:interaction_add", args=[investor.pk]), {
        "kind": InteractionKind.VISIT, "occurred_on": "2024-05-06", "next_step_due": "2024-05-01",
    })
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"next_step_due", "next_step"}
    assert not Interaction.objects.exists()
