import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from yunzhao.campaigns import actions
from yunzhao.campaigns.choices import EventLevel, GuestType
from yunzhao.campaigns.models import EventGuest, Signing
from yunzhao.core import timeline
from yunzhao.core.choices import TimelineEvent
from yunzhao.crm.models import Interaction
from yunzhao.projects.choices import Stage
from yunzhao.testing.factories import make_investor, make_project

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def campaign(city_staff, units):
    return actions.create_campaign(
        actor=city_staff,
        organisers=[units["jnipb"], units["jdng"]],
        name_zh="济南新机遇",
        starts_on=dt.date(2021, 3, 30),
        ends_on=dt.date(2021, 6, 30),
    )


@pytest.fixture
def city_event(city_staff, units, campaign):
    return actions.create_event(
        actor=city_staff,
        campaign=campaign,
        title_zh="市级综合推介会",
        level=EventLevel.CITY,
        owner_unit=units["jnipb"],
        starts_at=timezone.make_aware(dt.datetime(2021, 3, 30, 14)),
    )


def test_update_campaign_records_changed_fields_and_organisers(city_staff, units, campaign):
    # when
    actions.update_campaign(
        campaign,
        actor=city_staff,
        changes={"ends_on": dt.date(2021, 5, 31), "name_zh": "济南新机遇"},
        organisers=[units["jnipb"]],
    )
    # then
    campaign.refresh_from_db()
    assert campaign.ends_on == dt.date(2021, 5, 31)
    assert list(campaign.organisers.all()) == [units["jnipb"]]
    [entry] = timeline.for_object(campaign).filter(event=TimelineEvent.UPDATED)
    assert entry.field == "ends_on,organisers"
    assert entry.before == {"ends_on": "2021-06-30", "organisers": "jdng,jnipb"}
    assert entry.after == {"ends_on": "2021-05-31", "organisers": "jnipb"}


def test_update_campaign_without_changes_writes_nothing(city_staff, units, campaign):
    actions.update_campaign(
        campaign,
        actor=city_staff,
        changes={"name_zh": "济南新机遇"},
        organisers=[units["jdng"], units["jnipb"]],
    )
    assert not timeline.for_object(campaign).filter(event=TimelineEvent.UPDATED).exists()


@pytest.mark.parametrize("who", ["district_staff", "leader"])
def test_only_the_bureau_and_media_group_change_campaigns(request, who, campaign):
    with pytest.raises(PermissionDenied):
        actions.update_campaign(campaign, actor=request.getfixturevalue(who), changes={"name_zh": "x"})
    campaign.refresh_from_db()
    assert campaign.name_zh == "济南新机遇"


def test_update_campaign_refuses_an_end_before_the_start(city_staff, campaign):
    with pytest.raises(ValidationError) as exc:
        actions.update_campaign(campaign, actor=city_staff, changes={"ends_on": dt.date(2021, 1, 1)})
    assert "ends_on" in exc.value.message_dict
    campaign.refresh_from_db()
    assert campaign.ends_on == dt.date(2021, 6, 30)


def test_inviting_twice_keeps_one_guest_and_registration_comes_later(city_staff, city_event):
    # given
    investor = make_investor(city_staff)
    first = actions.invite_investor(city_event, investor, actor=city_staff, guest_type=GuestType.ENTERPRISE)
    # when
    again = actions.invite_investor(
        city_event, investor, actor=city_staff, guest_type=GuestType.OTHER, registered=True
    )
    # then
    assert first.pk == again.pk and EventGuest.objects.count() == 1
    again.refresh_from_db()
    assert again.guest_type == GuestType.ENTERPRISE and again.registered_at is not None


def test_other_district_cannot_mark_attendance_at_a_city_event(city_staff, other_district_staff, city_event):
    guest = actions.invite_investor(
        city_event, make_investor(city_staff), actor=city_staff, guest_type=GuestType.OTHER
    )
    with pytest.raises(PermissionDenied):
        actions.mark_attended(guest, actor=other_district_staff)
    guest.refresh_from_db()
    assert not guest.attended and not Interaction.objects.exists()


def test_a_failed_signing_leaves_no_row_no_stage_change_and_no_file(
    city_staff, district_staff, city_event, settings, monkeypatch
):
    # given the credit step fails after the agreement was stored
    project = make_project(district_staff)

    def broken(project_id):
        raise RuntimeError("database went away")

    monkeypatch.setattr(actions, "recompute_credits", broken)
    # when
    with pytest.raises(RuntimeError):
        actions.record_signing(
            city_event,
            project,
            actor=city_staff,
            parties="p",
            signed_on=dt.date(2021, 3, 30),
            amount=Decimal("100000000"),
            agreement=SimpleUploadedFile("a.pdf", PDF),
        )
    # then
    assert not Signing.objects.exists()
    project.refresh_from_db()
    assert project.stage != Stage.SIGNED
    folder = settings.MEDIA_ROOT / "agreements" / str(project.pk)
    assert not folder.exists() or not any(folder.iterdir())


def test_signing_refuses_a_disguised_agreement_before_anything_is_written(
    city_staff, district_staff, city_event
):
    project = make_project(district_staff)
    with pytest.raises(ValidationError) as exc:
        actions.record_signing(
            city_event,
            project,
            actor=city_staff,
            parties="p",
            signed_on=dt.date(2021, 3, 30),
            amount=Decimal(1),
            agreement=SimpleUploadedFile("scan.jpg", b"GIF89a"),
        )
    assert exc.value.code == "agreement_content"
    assert not Signing.objects.exists()
    assert not timeline.for_object(project).filter(event=TimelineEvent.SIGNED).exists()


def test_district_staff_cannot_hold_the_city_level_event(district_staff, units, campaign):
    with pytest.raises(ValidationError) as exc:
        actions.create_event(
            actor=district_staff,
            campaign=campaign,
            title_zh="历下区",
            level=EventLevel.CITY,
            owner_unit=units["lixia"],
            starts_at=timezone.make_aware(dt.datetime(2021, 4, 1, 14)),
        )
    assert "level" in exc.value.message_dict


def test_district_staff_cannot_hand_their_event_to_another_unit(district_staff, units, campaign):
    # given
    event = actions.create_event(
        actor=district_staff,
        campaign=campaign,
        title_zh="历下区专场",
        level=EventLevel.DISTRICT,
        owner_unit=units["lixia"],
        starts_at=timezone.make_aware(dt.datetime(2021, 4, 1, 14)),
    )
    # when / then
    with pytest.raises(PermissionDenied):
        actions.update_event(event, actor=district_staff, changes={"owner_unit": units["huaiyin"]})
    event.refresh_from_db()
    assert event.owner_unit == units["lixia"]
