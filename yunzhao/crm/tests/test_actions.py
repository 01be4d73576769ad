import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yunzhao.core import timeline
from yunzhao.core.choices import TimelineEvent
from yunzhao.core.validators import uscc_check_char
from yunzhao.crm import actions
from yunzhao.crm.choices import ConsentMethod, InteractionKind
from yunzhao.crm.models import Contact, Interaction, Investor
from yunzhao.crm.selectors import find_duplicates, investor_queryset
from yunzhao.testing.factories import make_investor, make_project


def a_credit_code(serial: str = "00001") -> str:
    first17 = "91370100MA3C" + serial
    return first17 + uscc_check_char(first17)


def test_create_investor_normalises_and_writes_timeline(district_staff, units):
    # when
    investor = make_investor(district_staff, name_zh=" 宁德时代新能源科技股份有限公司 ",
                             credit_code=a_credit_code().lower(), tags=["链主", "新能源"])
    # then
    investor.refresh_from_db()
    assert investor.name_zh == "宁德时代新能源科技股份有限公司"
    assert investor.credit_code == a_credit_code()
    assert investor.name_key == "宁德时代新能源科技"
    assert investor.owner_unit == units["lixia"]
    assert sorted(investor.tags.names()) == ["新能源", "链主"]
    entry = timeline.for_object(investor).get()
    assert (entry.event, entry.actor, entry.after) == (TimelineEvent.CREATED, district_staff, investor.name_zh)


def test_duplicate_name_is_refused_unless_confirmed(city_staff, other_district_staff):
    # given: recorded by another unit, under a slightly different spelling
    make_investor(other_district_staff, name_zh="比亚迪股份有限公司", name_en="BYD Company Limited")
    # when / then
    with pytest.raises(ValidationError) as exc:
        make_investor(city_staff, name_zh="比亚迪（中国）有限公司", name_en="")
    assert [e.code for e in exc.value.error_dict["name_zh"]] == ["possible_duplicate"]
    assert Investor.objects.count() == 1
    # when confirmed as a different company
    make_investor(city_staff, name_zh="比亚迪（中国）有限公司", name_en="", allow_duplicate=True)
    # then
    assert Investor.objects.count() == 2


def test_duplicate_english_name_is_refused(city_staff):
    # given
    make_investor(city_staff, name_zh="西门子股份公司", name_en="Siemens AG")
    # when / then
    with pytest.raises(ValidationError) as exc:
        make_investor(city_staff, name_zh="西门子", name_en="  siemens ag ")
    assert exc.value.error_dict["name_zh"][0].code == "possible_duplicate"


def test_duplicate_credit_code_is_refused_even_when_confirmed(city_staff, district_staff):
    # given
    make_investor(district_staff, name_zh="甲公司", credit_code=a_credit_code())
    # when / then
    with pytest.raises(ValidationError) as exc:
        make_investor(city_staff, name_zh="乙公司", credit_code=a_credit_code(), allow_duplicate=True)
    [error] = exc.value.error_dict["credit_code"]
    assert error.code == "duplicate_credit_code"
    assert "已存在使用该统一社会信用代码的客商" in error.messages[0]
    assert Investor.objects.count() == 1


def test_invalid_credit_code_check_digit_is_refused(city_staff):
    # given: the right 17 characters with a wrong check character
    code = a_credit_code()
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    # when / then
    with pytest.raises(ValidationError) as exc:
        make_investor(city_staff, credit_code=wrong)
    assert [e.code for e in exc.value.error_dict["credit_code"]] == ["uscc_check"]
    assert not Investor.objects.exists()


def test_district_staff_cannot_record_for_another_unit(district_staff, units):
    with pytest.raises(ValidationError) as exc:
        make_investor(district_staff, owner_unit=units["huaiyin"])
    assert "owner_unit" in exc.value.error_dict


def test_leader_cannot_create_investors(leader):
    with pytest.raises(PermissionDenied):
        make_investor(leader)


def test_update_investor_records_changed_fields_and_tags(district_staff):
    # given
    investor = make_investor(district_staff, name_en="Old", tags=["a"])
    # when
    actions.update_investor(investor, actor=district_staff, changes={"name_en": "New", "headquarters": ""},
                            tags=["a", "b"])
    # then
    entries = {e.field: e for e in timeline.for_object(investor).filter(event=TimelineEvent.UPDATED)}
    assert entries["name_en"].before == {"name_en": "Old"}
    assert entries["name_en"].after == {"name_en": "New"}
    assert (entries["tags"].before, entries["tags"].after) == ("a", "a, b")


def test_update_to_another_investors_credit_code_is_refused(city_staff):
    # given
    make_investor(city_staff, credit_code=a_credit_code("00001"))
    other = make_investor(city_staff, credit_code=a_credit_code("00002"))
    # when / then
    with pytest.raises(ValidationError) as exc:
        actions.update_investor(other, actor=city_staff, changes={"credit_code": a_credit_code("00001")})
    assert exc.value.error_dict["credit_code"][0].code == "duplicate_credit_code"
    other.refresh_from_db()
    assert other.credit_code == a_credit_code("00002")


def test_consent_time_is_set_when_given_and_cleared_when_withdrawn(district_staff):
    # given
    investor = make_investor(district_staff)
    # when
    contact = actions.add_contact(investor, actor=district_staff, name="张伟", phone="13812345678",
                                  consent_given=True, consent_method=ConsentMethod.BUSINESS_CARD)
    # then
    given_at = Contact.objects.get(pk=contact.pk).consent_at
    assert given_at is not None
    assert abs((timezone.now() - given_at).total_seconds()) < 60
    # when: an unrelated change keeps the original time
    actions.update_contact(contact, actor=district_staff, changes={"title": "总经理"})
    assert Contact.objects.get(pk=contact.pk).consent_at == given_at
    # when: consent withdrawn
    actions.update_contact(contact, actor=district_staff, changes={"consent_given": False})
    # then
    contact.refresh_from_db()
    assert (contact.consent_given, contact.consent_at, contact.consent_method) == (False, None, "")
    assert timeline.for_object(investor).filter(field="contacts").count() == 3


def test_consent_needs_a_method(district_staff):
    investor = make_investor(district_staff)
    with pytest.raises(ValidationError) as exc:
        actions.add_contact(investor, actor=district_staff, name="李娜", consent_given=True)
    assert "consent_method" in exc.value.error_dict
    assert not Contact.objects.exists()


def test_contacts_of_another_units_investor_cannot_be_added(district_staff, other_district_staff):
    investor = make_investor(other_district_staff)
    with pytest.raises(Investor.DoesNotExist):
        actions.add_contact(investor, actor=district_staff, name="王强")


def test_negotiation_rounds_are_numbered_per_project(district_staff):
    # given
    investor = make_investor(district_staff)
    first, second = make_project(district_staff), make_project(district_staff)
    day = dt.date(2024, 3, 1)
    # when
    rounds = [
        actions.record_interaction(investor, actor=district_staff, kind=InteractionKind.NEGOTIATION,
                                   occurred_on=day, project=project)
        for project in (first, first, second, first)
    ]
    visit = actions.record_interaction(investor, actor=district_staff, kind=InteractionKind.VISIT,
                                       occurred_on=day, project=first)
    # then
    assert [r.round_number for r in rounds] == [1, 2, 1, 3]
    assert visit.round_number is None


def test_interaction_writes_timeline_on_investor_and_project(district_staff):
    # given
    investor = make_investor(district_staff)
    project = make_project(district_staff)
    # when
    actions.record_interaction(investor, actor=district_staff, kind=InteractionKind.NEGOTIATION,
                               occurred_on=dt.date(2024, 3, 1), project=project, outcome="就用地达成一致")
    # then
    for subject in (investor, project):
        entry = timeline.for_object(subject).get(event=TimelineEvent.INTERACTION_RECORDED)
        assert entry.after == {"kind": "negotiation", "date": "2024-03-01", "round": 1}
        assert entry.note == "就用地达成一致"


def test_interaction_on_an_invisible_project_is_refused(district_staff, other_district_staff):
    # given
    investor = make_investor(district_staff)
    elsewhere = make_project(other_district_staff)
    # when / then
    with pytest.raises(ValidationError) as exc:
        actions.record_interaction(investor, actor=district_staff, kind=InteractionKind.VISIT,
                                   occurred_on=dt.date(2024, 3, 1), project=elsewhere)
    assert "project" in exc.value.error_dict
    assert not Interaction.objects.exists()


def test_find_duplicates_for_a_user_hides_other_units(district_staff, other_district_staff):
    # given
    make_investor(other_district_staff, name_zh="海尔集团公司")
    # then
    assert find_duplicates("海尔集团", user=district_staff).count() == 0
    assert find_duplicates("海尔集团").count() == 1


def test_project_count_only_counts_projects_the_user_sees(district_staff, other_district_staff, city_staff):
    # given: one investor in a Lixia project and in two Huaiyin projects
    investor = make_investor(district_staff)
    for actor in (district_staff, other_district_staff, other_district_staff):
        make_project(actor, investors=[investor])
    # then
    assert investor_queryset(district_staff).get(pk=investor.pk).project_count == 1
    assert investor_queryset(other_district_staff).get(pk=investor.pk).project_count == 2
    assert investor_queryset(city_staff).get(pk=investor.pk).project_count == 3
