import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yunzhao.core import timeline
from yunzhao.core.choices import TimelineEvent
from yunzhao.publishing import actions
from yunzhao.publishing.choices import Status
from yunzhao.publishing.models import CityFigure, Policy, ZoneProfile
from yunzhao.testing.factories import make_project

from . import factories


def test_publishing_a_draft_puts_it_live_indexes_its_words_and_writes_the_timeline(city_staff):
    # given
    draft = factories.policy(city_staff, publish=False)
    assert draft.status == Status.DRAFT and draft.search_text == ""
    # when
    published = actions.publish_item(draft, actor=city_staff)
    # then
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED
    assert published.published_by == city_staff
    assert published.first_published_at == published.published_at is not None
    assert " 济南 " in published.search_text and " 新能源 " in published.search_text
    entry = timeline.for_object(published).first()
    assert (entry.event, entry.field, entry.before, entry.after) == (
        TimelineEvent.UPDATED, "status", "draft", "published")
    assert entry.actor == city_staff


def test_a_draft_is_edited_in_place(city_staff):
    # given
    draft = factories.policy(city_staff, publish=False)
    # when
    actions.edit_item(draft, actor=city_staff, changes={"title_en": "New-energy policy"})
    # then
    draft.refresh_from_db()
    assert draft.title_en == "New-energy policy"
    assert draft.pending == {}


def test_an_edit_of_a_published_item_waits_while_the_published_version_stays_live(city_staff):
    # given
    item = factories.policy(city_staff, title_en="Old title")
    first_published = item.first_published_at
    # when
    actions.edit_item(item, actor=city_staff, changes={"title_en": "New title", "issued_on": dt.date(2024, 5, 6)})
    # then: the columns (what the public sees) are unchanged, the edit waits in ``pending``
    item.refresh_from_db()
    assert item.title_en == "Old title" and item.issued_on == dt.date(2024, 3, 1)
    assert item.pending == {"title_en": "New title", "issued_on": "2024-05-06"}
    assert item.with_draft().title_en == "New title"
    assert item.with_draft().issued_on == dt.date(2024, 5, 6)
    edit = timeline.for_object(item).first()
    assert edit.field == "title_en,issued_on" and edit.after["title_en"] == "New title"
    # and when published, the edit goes live and ``pending`` empties
    actions.publish_item(item, actor=city_staff)
    item.refresh_from_db()
    assert (item.title_en, item.issued_on, item.pending) == ("New title", dt.date(2024, 5, 6), {})
    assert item.first_published_at == first_published
    assert " new " in item.search_text and " old " not in item.search_text


def test_reverting_an_edit_to_the_published_value_leaves_nothing_pending(city_staff):
    # given
    item = factories.policy(city_staff, title_en="Same")
    actions.edit_item(item, actor=city_staff, changes={"title_en": "Other"})
    # when
    actions.edit_item(item, actor=city_staff, changes={"title_en": "Same"})
    # then
    item.refresh_from_db()
    assert item.pending == {}


def test_unpublishing_takes_the_item_off_and_keeps_its_pending_edits_as_the_draft(city_staff):
    # given
    item = factories.policy(city_staff)
    actions.edit_item(item, actor=city_staff, changes={"title_zh": "修订后的标题"})
    # when
    actions.unpublish_item(item, actor=city_staff)
    # then
    item.refresh_from_db()
    assert item.status == Status.DRAFT
    assert item.title_zh == "修订后的标题" and item.pending == {}
    assert not Policy.objects.live().filter(pk=item.pk).exists()


def test_discarding_edits_keeps_the_published_version(city_staff):
    # given
    item = factories.policy(city_staff, title_en="Kept")
    actions.edit_item(item, actor=city_staff, changes={"title_en": "Dropped"})
    # when
    actions.discard_edits(item, actor=city_staff)
    # then
    item.refresh_from_db()
    assert (item.title_en, item.pending, item.status) == ("Kept", {}, Status.PUBLISHED)
    assert timeline.for_object(item).first().field == "pending"


def test_an_invalid_edit_is_refused_whole(city_staff):
    # given
    item = factories.policy(city_staff)
    # when / then
    with pytest.raises(ValidationError) as error:
        actions.edit_item(item, actor=city_staff, changes={"title_zh": "", "title_en": "x"})
    assert "title_zh" in error.value.message_dict
    item.refresh_from_db()
    assert item.pending == {}


def test_district_staff_write_for_their_own_unit_only(district_staff, other_district_staff, units):
    # given: a district user asking for another unit gets their own
    mine = factories.policy(district_staff, owner_unit=units["huaiyin"])
    assert mine.owner_unit == units["lixia"]
    # when / then: another district cannot change, publish or unpublish it
    for action in (actions.publish_item, actions.unpublish_item, actions.discard_edits):
        with pytest.raises(PermissionDenied):
            action(mine, actor=other_district_staff)
    with pytest.raises(PermissionDenied):
        actions.edit_item(mine, actor=other_district_staff, changes={"title_en": "x"})


def test_city_staff_write_for_any_unit_and_leaders_and_editors_for_none(city_staff, leader, media_editor, units):
    # given
    theirs = factories.policy(city_staff, owner_unit=units["huaiyin"])
    # when
    actions.edit_item(theirs, actor=city_staff, changes={"title_en": "Edited by the city"})
    # then
    assert theirs.owner_unit == units["huaiyin"]
    for person in (leader, media_editor):
        with pytest.raises(PermissionDenied):
            factories.policy(person)
        with pytest.raises(PermissionDenied):
            actions.unpublish_item(theirs, actor=person)


def test_zone_profiles_belong_to_their_zone(zone_staff, district_staff, city_staff, units):
    # given
    profile = factories.zone(zone_staff, units["hightech"], publish=False)
    # then
    assert profile.owner_unit == units["hightech"]
    with pytest.raises(PermissionDenied):
        factories.zone(district_staff, units["pioneer"])
    with pytest.raises(PermissionDenied):
        factories.zone(zone_staff, units["pioneer"])
    with pytest.raises(ValidationError):
        factories.zone(city_staff, units["lixia"])  # a district is not a zone
    with pytest.raises(ValidationError):
        factories.zone(city_staff, units["hightech"])  # one profile per zone


def test_a_zone_contact_is_an_office_line_never_a_mobile_number(city_staff, units):
    # when / then
    with pytest.raises(ValidationError) as error:
        factories.zone(city_staff, units["hightech"], office_phone="+86 138 1234 5678")
    assert "office_phone" in error.value.message_dict
    assert not ZoneProfile.objects.exists()


def test_an_opportunity_is_opened_on_a_project_the_user_may_change(district_staff, other_district_staff,
                                                                    city_staff, units):
    # given
    project = make_project(district_staff)
    # when
    opportunity = factories.opportunity(district_staff, project, publish=False)
    # then
    assert opportunity.owner_unit == units["lixia"]
    with pytest.raises(PermissionDenied):
        factories.opportunity(other_district_staff, make_project(district_staff))
    with pytest.raises(ValidationError):
        factories.opportunity(city_staff, project)


def test_an_event_page_belongs_to_the_events_unit(zone_staff, city_staff, district_staff, units):
    # given
    event = factories.event(zone_staff)
    # when
    page = factories.event_page(city_staff, event, publish=False)
    # then
    assert page.owner_unit == units["hightech"]
    with pytest.raises(PermissionDenied):
        factories.event_page(district_staff, factories.event(zone_staff))


def test_city_figures_belong_to_the_city_bureau(city_staff, district_staff, units):
    # when
    item = factories.figure(city_staff)
    # then
    assert item.owner_unit == units["jnipb"]
    with pytest.raises(PermissionDenied):
        factories.figure(district_staff)
    assert CityFigure.objects.count() == 1


def test_another_process_sees_a_new_content_version_within_a_second(monkeypatch):
    # given: this process has read the version
    from django.core.cache import cache

    from yunzhao.publishing import cache as content_cache

    before = content_cache.content_version()
    # when: another process publishes (it replaces the shared version)
    cache.set(content_cache.VERSION_KEY, "elsewhere", timeout=None)
    # then: this process keeps its reading for at most a second, then takes the new one
    assert content_cache.content_version() == before
    later = content_cache.time.monotonic() + content_cache.VERSION_SECONDS + 0.01
    monkeypatch.setattr(content_cache.time, "monotonic", lambda: later)
    assert content_cache.content_version() == "elsewhere"
    # and its own publication is seen at once
    content_cache.content_changed()
    assert content_cache.content_version() not in (before, "elsewhere")
