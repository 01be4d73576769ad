import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from yunzhao.campaigns import actions
from yunzhao.campaigns.choices import EventLevel, EventStatus, GuestType, StreamKind
from yunzhao.campaigns.models import AgendaItem, Event, EventGuest, Signing
from yunzhao.campaigns.selectors import SigningTotals
from yunzhao.core import timeline
from yunzhao.core.choices import TimelineEvent
from yunzhao.crm.choices import InteractionKind
from yunzhao.crm.models import Interaction
from yunzhao.orgs.models import Unit
from yunzhao.projects.choices import Stage
from yunzhao.reach.choices import ChannelKind, ChannelLevel
from yunzhao.reach.models import Channel, Outlet
from yunzhao.testing.factories import make_investor, make_project

YI = Decimal(100_000_000)
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def at(day: int, hour: int = 14, month: int = 3) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2021, month, day, hour))


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def campaign(city_staff, units):
    return actions.create_campaign(
        actor=city_staff,
        organisers=[units["jnipb"], units["jdng"]],
        name_zh="济南新机遇云招商推介活动",
        name_en="Fresh Opportunities for Jinan",
        theme_zh="选择济南 共赢未来",
        theme_en="Join Jinan for a Win-Win Future",
        starts_on=dt.date(2021, 3, 30),
        ends_on=dt.date(2021, 6, 30),
        special_events_planned=3,
    )


@pytest.fixture
def city_event(city_staff, units, campaign):
    return actions.create_event(
        actor=city_staff,
        campaign=campaign,
        title_zh="首场市级综合推介会",
        level=EventLevel.CITY,
        owner_unit=units["jnipb"],
        starts_at=at(30),
        venue="济南日报报业集团融媒体演播室",
        status=EventStatus.HELD,
    )


@pytest.fixture
def provincial_event(city_staff, units):
    return actions.create_event(
        actor=city_staff,
        title_zh="山东省重点外资项目签约活动",
        level=EventLevel.PROVINCIAL,
        owner_unit=units["jnipb"],
        starts_at=at(18, 10),
        status=EventStatus.HELD,
    )


@pytest.fixture
def lixia_event(district_staff, units, campaign):
    return actions.create_event(
        actor=district_staff,
        campaign=campaign,
        title_zh="历下区专场推介会",
        level=EventLevel.DISTRICT,
        owner_unit=units["lixia"],
        starts_at=at(10, 14, 4),
        status=EventStatus.HELD,
    )


def district_event(campaign, unit, actor, *, status=EventStatus.HELD, day=1):
    return actions.create_event(
        actor=actor,
        campaign=campaign,
        title_zh=f"{unit.name_zh}专场",
        level=EventLevel.DISTRICT,
        owner_unit=unit,
        starts_at=at(day, 14, 4),
        status=status,
    )


def sign(event, project, actor, *, on, amount, **extra):
    return actions.record_signing(
        event, project, actor=actor, parties="济南市人民政府；投资方", signed_on=on, amount=amount, **extra
    )


def test_campaign_page_counts_districts_whose_session_was_held(client, city_staff, campaign):
    # given 7 districts held their session (one of them twice), 2 are planned, 1 was cancelled
    districts = list(Unit.objects.districts().order_by("order"))
    assert len(districts) == 12
    for day, unit in enumerate(districts[:7], start=1):
        district_event(campaign, unit, city_staff, day=day)
    district_event(campaign, districts[0], city_staff, day=20)
    for unit in districts[7:9]:
        district_event(campaign, unit, city_staff, status=EventStatus.PLANNED)
    district_event(campaign, districts[9], city_staff, status=EventStatus.CANCELLED)
    client.force_login(city_staff)
    # when
    response = client.get(reverse("campaigns:detail", args=[campaign.pk]))
    listing = client.get(reverse("campaigns:list"))
    # then
    structure = response.context["structure"]
    assert (structure.districts_held, structure.districts_total, structure.districts_scheduled) == (7, 12, 10)
    assert [len(row.events) for row in structure.districts] == [2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]
    # one row per district session, and one for each district without a session
    assert response.content.decode().count('<tr class="yz-district">') == 13
    assert "7 / 12" in listing.content.decode()


def test_campaign_page_places_city_district_and_special_events(
    client, city_staff, zone_staff, units, campaign, city_event, lixia_event
):
    # given a special session held by the High-Tech Zone
    special = actions.create_event(
        actor=zone_staff,
        campaign=campaign,
        title_zh="高新区专场",
        owner_unit=units["hightech"],
        level=EventLevel.SPECIAL,
        starts_at=at(20, 10, 4),
    )
    client.force_login(city_staff)
    # when
    structure = client.get(reverse("campaigns:detail", args=[campaign.pk])).context["structure"]
    # then
    assert structure.city_events == [city_event]
    assert structure.special_events == [special]
    lixia_row = next(row for row in structure.districts if row.unit == units["lixia"])
    assert lixia_row.events == [lixia_event] and lixia_row.held


def test_event_headline_counts_a_project_signed_at_provincial_then_city_level_once(
    client,
    city_staff,
    district_staff,
    campaign,
    provincial_event,
    city_event,
):
    # given one project signed first at the provincial ceremony, then again at the city event
    project = make_project(district_staff, total_investment=5 * YI)
    sign(provincial_event, project, city_staff, on=dt.date(2021, 3, 18), amount=5 * YI)
    sign(city_event, project, city_staff, on=dt.date(2021, 3, 30), amount=5 * YI)
    # and a new project signed only at the city event
    other = make_project(district_staff)
    sign(city_event, other, district_staff, on=dt.date(2021, 3, 30), amount=Decimal("150000000"))
    client.force_login(city_staff)
    # when
    city_page = client.get(reverse("campaigns:event", args=[city_event.pk]))
    provincial_page = client.get(reverse("campaigns:event", args=[provincial_event.pk]))
    campaign_page = client.get(reverse("campaigns:detail", args=[campaign.pk]))
    all_signings = client.get(reverse("campaigns:signings"))
    # then the city event shows both projects signed there, but credits only the new one
    assert city_page.context["totals"] == SigningTotals(
        signings=2,
        projects=2,
        amount_cny=Decimal("650000000"),
        credited_projects=1,
        credited_amount_cny=Decimal("150000000"),
    )
    assert provincial_page.context["totals"] == SigningTotals(
        signings=1,
        projects=1,
        amount_cny=5 * YI,
        credited_projects=1,
        credited_amount_cny=5 * YI,
    )
    assert campaign_page.context["structure"].totals.credited_projects == 1
    # and across all levels the project counts once
    assert all_signings.context["totals"] == SigningTotals(
        signings=3,
        projects=2,
        amount_cny=Decimal("1150000000"),
        credited_projects=2,
        credited_amount_cny=Decimal("650000000"),
    )
    html = city_page.content.decode()
    assert "6.5亿元" in html and "1.5亿元" in html


def test_district_users_see_only_their_projects_signings_and_headline(
    client,
    city_staff,
    district_staff,
    other_district_staff,
    city_event,
):
    # given a Lixia project and a Huaiyin project signed at the city event
    lixia = make_project(district_staff, name_zh="历下项目")
    huaiyin = make_project(other_district_staff, name_zh="槐荫项目")
    sign(city_event, lixia, city_staff, on=dt.date(2021, 3, 30), amount=2 * YI)
    sign(city_event, huaiyin, city_staff, on=dt.date(2021, 3, 30), amount=3 * YI)
    client.force_login(district_staff)
    # when
    response = client.get(reverse("campaigns:event", args=[city_event.pk]))
    # then
    html = response.content.decode()
    assert [s.project for s in response.context["signings"]] == [lixia]
    assert response.context["totals"].amount_cny == 2 * YI
    assert "历下项目" in html and "槐荫项目" not in html


def test_mark_attended_twice_records_one_interaction(client, city_staff, city_event):
    # given an invited investor
    investor = make_investor(city_staff)
    guest = actions.invite_investor(
        city_event, investor, actor=city_staff, guest_type=GuestType.MULTINATIONAL
    )
    client.force_login(city_staff)
    url = reverse("campaigns:guest_attended", args=[guest.pk])
    # when the button is pressed twice
    first = client.post(url)
    second = client.post(url)
    # then
    assert first.status_code == second.status_code == 302
    interactions = Interaction.objects.filter(investor=investor, kind=InteractionKind.EVENT_ATTENDANCE)
    assert interactions.count() == 1
    guest.refresh_from_db()
    assert guest.attended and guest.interaction == interactions.get()
    assert guest.registered_at is not None
    assert interactions.get().occurred_on == dt.date(2021, 3, 30)
    assert timeline.for_object(investor).filter(event=TimelineEvent.INTERACTION_RECORDED).count() == 1


def test_invite_form_registers_an_investor_with_the_guest_type_of_its_kind(client, city_staff, city_event):
    # given
    investor = make_investor(city_staff, kind="financial")
    client.force_login(city_staff)
    # when
    response = client.post(
        reverse("campaigns:guest_add", args=[city_event.pk]),
        {"investor": investor.pk, "guest_type": "", "registered": "on"},
    )
    # then
    assert response.status_code == 302
    guest = EventGuest.objects.get(event=city_event, investor=investor)
    assert guest.guest_type == GuestType.FINANCIAL
    assert guest.invited_at is not None and guest.registered_at is not None and not guest.attended


def test_invite_form_offers_only_investors_the_user_can_see(
    client, district_staff, other_district_staff, lixia_event
):
    # given
    mine = make_investor(district_staff)
    theirs = make_investor(other_district_staff)
    client.force_login(district_staff)
    # when
    form = client.get(reverse("campaigns:event", args=[lixia_event.pk])).context["guest_form"]
    refused = client.post(
        reverse("campaigns:guest_add", args=[lixia_event.pk]),
        {"investor": theirs.pk, "guest_type": GuestType.OTHER},
    )
    # then
    assert list(form.fields["investor"].queryset) == [mine]
    assert refused.status_code == 400
    assert not EventGuest.objects.filter(investor=theirs).exists()


@pytest.fixture
def signing_with_agreement(city_staff, district_staff, city_event):
    project = make_project(district_staff)
    agreement = SimpleUploadedFile("协议 final.pdf", PDF, content_type="application/pdf")
    return sign(city_event, project, city_staff, on=dt.date(2021, 3, 30), amount=YI, agreement=agreement)


@pytest.mark.parametrize("who", ["district_staff", "city_staff", "leader"])
def test_agreement_is_served_to_staff_who_see_the_project(client, request, who, signing_with_agreement):
    # given
    client.force_login(request.getfixturevalue(who))
    # when
    response = client.get(reverse("campaigns:agreement", args=[signing_with_agreement.pk]))
    # then
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    code = signing_with_agreement.project.code
    assert response["Content-Disposition"] == f'attachment; filename="{code}-20210330-agreement.pdf"'


@pytest.mark.parametrize("who", ["other_district_staff", "zone_staff", "media_editor"])
def test_agreement_is_a_404_for_staff_who_cannot_see_the_project(
    client, request, who, signing_with_agreement
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("campaigns:agreement", args=[signing_with_agreement.pk]))
    assert response.status_code == 404


def test_agreement_is_stored_privately_under_a_name_of_our_own(signing_with_agreement, settings):
    name = signing_with_agreement.agreement.name
    assert name.startswith(f"agreements/{signing_with_agreement.project_id}/20210330-") and name.endswith(
        ".pdf"
    )
    assert "final" not in name
    assert (settings.MEDIA_ROOT / name).read_bytes() == PDF
    # no URL serves the private files
    from django.urls import Resolver404, resolve

    with pytest.raises(Resolver404):
        resolve(f"{settings.MEDIA_URL}{name}")


def test_signing_form_records_an_amount_typed_in_yi_with_its_agreement(client, district_staff, city_event):
    # given
    project = make_project(district_staff)
    client.force_login(district_staff)
    # when
    response = client.post(
        reverse("campaigns:signing_add", args=[city_event.pk]),
        {
            "project": project.pk,
            "parties": "历下区人民政府；某某新能源有限公司",
            "signed_on": "2021-03-30",
            "amount": "1.5亿",
            "currency": "CNY",
            "mode": "online",
            "note": "",
            "agreement": SimpleUploadedFile("agreement.pdf", PDF),
        },
    )
    # then
    assert response.status_code == 302
    signing = Signing.objects.get(project=project)
    assert (signing.amount, signing.event, signing.credited_project) == (
        Decimal("150000000"),
        city_event,
        True,
    )
    assert signing.agreement.read() == PDF
    project.refresh_from_db()
    assert project.stage == Stage.SIGNED


def test_an_agreement_whose_content_is_not_a_pdf_is_refused_and_nothing_is_written(
    client,
    district_staff,
    city_event,
    settings,
):
    # given a Windows program renamed to .pdf
    project = make_project(district_staff)
    client.force_login(district_staff)
    # when
    response = client.post(
        reverse("campaigns:signing_add", args=[city_event.pk]),
        {
            "project": project.pk,
            "parties": "p",
            "signed_on": "2021-03-30",
            "amount": "5000",
            "currency": "CNY",
            "mode": "online",
            "agreement": SimpleUploadedFile("agreement.pdf", b"MZ\x90\x00" + b"\x00" * 200),
        },
    )
    # then
    assert response.status_code == 400
    errors = response.context["signing_form"].errors.as_data()["agreement"]
    assert errors[0].code == "agreement_content"
    assert "agreement.pdf" in errors[0].message % (errors[0].params or {})
    assert response.context["open_form"] == "signing_form"
    assert not Signing.objects.exists()
    project.refresh_from_db()
    assert project.stage != Stage.SIGNED
    assert not (settings.MEDIA_ROOT / "agreements").exists()


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("agreement.exe", PDF, "agreement_type"),
        ("agreement.docx", b"PK\x03\x04not really a zip", "agreement_content"),
        ("scan.png", b"\xff\xd8\xff\xe0 a jpeg", "agreement_content"),
        ("empty.pdf", b"", "agreement_empty"),
    ],
)
def test_agreement_checks(name, content, code):
    from django.core.exceptions import ValidationError

    from yunzhao.campaigns.validators import validate_agreement

    with pytest.raises(ValidationError) as exc:
        validate_agreement(SimpleUploadedFile(name, content))
    assert exc.value.code == code


def test_a_real_docx_is_accepted():
    from yunzhao.campaigns.validators import validate_agreement

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    validate_agreement(SimpleUploadedFile("agreement.docx", buffer.getvalue()))


def test_the_action_refuses_a_disguised_file_too(city_staff, district_staff, city_event, settings):
    from django.core.exceptions import ValidationError

    project = make_project(district_staff)
    with pytest.raises(ValidationError):
        sign(
            city_event,
            project,
            city_staff,
            on=dt.date(2021, 3, 30),
            amount=YI,
            agreement=SimpleUploadedFile("a.pdf", b"<html>"),
        )
    assert not Signing.objects.exists()
    assert not (settings.MEDIA_ROOT / "agreements").exists()


def test_district_staff_cannot_change_another_units_event(client, other_district_staff, lixia_event):
    # given
    client.force_login(other_district_staff)
    # when
    edit_page = client.get(reverse("campaigns:event_edit", args=[lixia_event.pk]))
    edit_post = client.post(reverse("campaigns:event_edit", args=[lixia_event.pk]), {"title_zh": "改"})
    agenda = client.post(
        reverse("campaigns:agenda_add", args=[lixia_event.pk]), {"speaker": "x", "topic": "y"}
    )
    page = client.get(reverse("campaigns:event", args=[lixia_event.pk]))
    # then
    assert (edit_page.status_code, edit_post.status_code, agenda.status_code) == (404, 404, 404)
    lixia_event.refresh_from_db()
    assert lixia_event.title_zh == "历下区专场推介会"
    assert not AgendaItem.objects.exists()
    assert page.status_code == 200 and not page.context["can_edit"] and "agenda_form" not in page.context


def test_district_staff_edit_their_own_event(client, district_staff, lixia_event):
    client.force_login(district_staff)
    form = client.get(reverse("campaigns:event_edit", args=[lixia_event.pk])).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(title_zh="历下区专场推介会（济南新机遇）", status=EventStatus.HELD)
    response = client.post(reverse("campaigns:event_edit", args=[lixia_event.pk]), data)
    assert response.status_code == 302
    lixia_event.refresh_from_db()
    assert lixia_event.title_zh == "历下区专场推介会（济南新机遇）"
    assert timeline.for_object(lixia_event).filter(event=TimelineEvent.UPDATED).count() == 1


def test_district_staff_cannot_create_an_event_for_another_unit(client, district_staff, units):
    client.force_login(district_staff)
    response = client.post(
        reverse("campaigns:event_create"),
        {
            "title_zh": "槐荫区专场",
            "level": EventLevel.DISTRICT,
            "owner_unit": units["huaiyin"].pk,
            "starts_at": "2021-04-12T14:00",
            "mode": "online",
            "status": EventStatus.PLANNED,
        },
    )
    assert response.status_code == 200
    assert "owner_unit" in response.context["form"].errors
    assert not Event.objects.exists()


def test_leader_sees_pages_without_write_forms(client, leader, city_staff, campaign, city_event):
    # given
    investor = make_investor(city_staff)
    guest = actions.invite_investor(city_event, investor, actor=city_staff, guest_type=GuestType.OTHER)
    client.force_login(leader)
    # when
    event_page = client.get(reverse("campaigns:event", args=[city_event.pk]))
    campaign_page = client.get(reverse("campaigns:detail", args=[campaign.pk]))
    # then
    forms = {"agenda_form", "stream_form", "material_form", "guest_form", "signing_form"}
    assert event_page.status_code == 200 and not forms & set(event_page.context.keys())
    html = event_page.content.decode() + campaign_page.content.decode()
    assert 'method="post" action="/campaigns' not in html
    assert reverse("campaigns:event_edit", args=[city_event.pk]) not in html
    assert reverse("campaigns:edit", args=[campaign.pk]) not in html
    # and writes are refused
    assert client.post(reverse("campaigns:create"), {}).status_code == 403
    assert client.get(reverse("campaigns:event_create")).status_code == 403
    assert client.post(reverse("campaigns:agenda_add", args=[city_event.pk]), {}).status_code == 404
    assert client.post(reverse("campaigns:signing_add", args=[city_event.pk]), {}).status_code == 403
    assert client.post(reverse("campaigns:guest_attended", args=[guest.pk])).status_code == 403
    assert client.get(reverse("campaigns:edit", args=[campaign.pk])).status_code == 404
    guest.refresh_from_db()
    assert not guest.attended


def test_media_editor_runs_events_but_sees_no_investors_or_signings(
    client, media_editor, city_staff, city_event
):
    # given
    actions.invite_investor(
        city_event, make_investor(city_staff), actor=city_staff, guest_type=GuestType.OTHER
    )
    client.force_login(media_editor)
    # when
    page = client.get(reverse("campaigns:event", args=[city_event.pk]))
    # then
    assert page.status_code == 200
    assert page.context["can_edit"] and "stream_form" in page.context
    assert "guests" not in page.context and "signing_form" not in page.context
    assert client.get(reverse("campaigns:signings")).status_code == 403


def test_campaign_is_created_and_edited_by_the_bureau_only(client, city_staff, district_staff, units):
    # given
    data = {
        "name_zh": "济南新机遇",
        "name_en": "Fresh Opportunities for Jinan",
        "theme_zh": "选择济南 共赢未来",
        "theme_en": "",
        "organisers": [units["jnipb"].pk, units["jdng"].pk],
        "starts_on": "2021-03-30",
        "ends_on": "2021-06-30",
        "special_events_planned": "2",
        "description_zh": "",
        "description_en": "",
    }
    client.force_login(district_staff)
    assert client.post(reverse("campaigns:create"), data).status_code == 403
    client.force_login(city_staff)
    # when
    response = client.post(reverse("campaigns:create"), data)
    # then
    campaign = units["jnipb"].campaigns.get()
    assert response.status_code == 302 and campaign.name_en == "Fresh Opportunities for Jinan"
    assert set(campaign.organisers.all()) == {units["jnipb"], units["jdng"]}
    # when edited
    response = client.post(
        reverse("campaigns:edit", args=[campaign.pk]),
        {**data, "ends_on": "2021-05-31", "organisers": [units["jnipb"].pk]},
    )
    campaign.refresh_from_db()
    assert response.status_code == 302 and campaign.ends_on == dt.date(2021, 5, 31)
    assert list(campaign.organisers.all()) == [units["jnipb"]]
    client.force_login(district_staff)
    assert client.get(reverse("campaigns:edit", args=[campaign.pk])).status_code == 404


def test_campaign_end_before_start_is_refused_on_the_form(client, city_staff, units):
    client.force_login(city_staff)
    response = client.post(
        reverse("campaigns:create"),
        {
            "name_zh": "x",
            "organisers": [units["jnipb"].pk],
            "starts_on": "2021-06-30",
            "ends_on": "2021-03-30",
            "special_events_planned": "0",
        },
    )
    assert response.status_code == 200 and "ends_on" in response.context["form"].errors


def test_event_page_lists_agenda_in_order_and_links_per_platform(client, city_staff, city_event):
    # given
    outlet = Outlet.objects.create(name_zh="人民日报")
    channel = Channel.objects.create(
        code="people-video",
        outlet=outlet,
        name_zh="人民视频",
        level=ChannelLevel.CENTRAL,
        kind=ChannelKind.VIDEO,
    )
    client.force_login(city_staff)
    add = reverse("campaigns:agenda_add", args=[city_event.pk])
    client.post(
        add,
        {
            "order": 2,
            "starts_at": "14:20",
            "speaker": "张军",
            "speaker_title": "局长",
            "organisation": "济南市投资促进局",
            "topic": "济南投资环境",
        },
    )
    client.post(add, {"order": 1, "starts_at": "14:00", "speaker": "尹清忠", "topic": "新机遇"})
    client.post(
        reverse("campaigns:stream_add", args=[city_event.pk]),
        {"channel": channel.pk, "kind": StreamKind.LIVE, "url": "https://example.cn/live/1"},
    )
    client.post(
        reverse("campaigns:stream_add", args=[city_event.pk]),
        {"channel": channel.pk, "kind": StreamKind.REPLAY, "url": "https://example.cn/replay/1"},
    )
    client.post(
        reverse("campaigns:material_add", args=[city_event.pk]),
        {"kind": "policy", "title_zh": "国际招商产业园招引政策", "url": ""},
    )
    # when
    page = client.get(reverse("campaigns:event", args=[city_event.pk]))
    # then
    assert [item.speaker for item in page.context["agenda"]] == ["尹清忠", "张军"]
    [row] = page.context["streams"]
    assert (row["channel"], [s.url for s in row["live"]], [s.url for s in row["replay"]]) == (
        channel,
        ["https://example.cn/live/1"],
        ["https://example.cn/replay/1"],
    )
    assert [m.title_zh for m in page.context["materials"]] == ["国际招商产业园招引政策"]


def test_a_bad_stream_link_shows_the_error_on_the_event_page(client, city_staff, city_event):
    client.force_login(city_staff)
    response = client.post(
        reverse("campaigns:stream_add", args=[city_event.pk]),
        {"channel": "", "kind": StreamKind.LIVE, "url": "javascript:alert(1)"},
    )
    assert response.status_code == 400
    assert set(response.context["stream_form"].errors) == {"channel", "url"}
    assert not city_event.streams.exists()


def test_signings_page_filters_by_level_district_and_credit(
    client, city_staff, district_staff, other_district_staff, units, provincial_event, city_event
):
    # given
    lixia = make_project(district_staff)
    huaiyin = make_project(other_district_staff)
    sign(provincial_event, lixia, city_staff, on=dt.date(2021, 3, 18), amount=YI)
    sign(city_event, lixia, city_staff, on=dt.date(2021, 3, 30), amount=YI)
    sign(city_event, huaiyin, city_staff, on=dt.date(2021, 3, 30), amount=2 * YI)
    client.force_login(city_staff)
    url = reverse("campaigns:signings")
    # when / then
    provincial = client.get(url, {"level": EventLevel.PROVINCIAL}).context["totals"]
    assert (provincial.signings, provincial.credited_projects) == (1, 1)
    credited_city = client.get(url, {"level": EventLevel.CITY, "credited_only": "on"}).context["totals"]
    assert (credited_city.signings, credited_city.amount_cny) == (1, 2 * YI)
    in_lixia = client.get(url, {"district": units["lixia"].pk}).context["totals"]
    assert (in_lixia.signings, in_lixia.projects, in_lixia.credited_projects) == (2, 1, 1)
    march = client.get(url, {"date_from": "2021-03-19", "date_to": "2021-03-31"}).context["totals"]
    assert march.signings == 2
    at_event = client.get(url, {"event": city_event.pk}).context["totals"]
    assert at_event.signings == 2
    # and district staff see only their own
    client.force_login(other_district_staff)
    theirs = client.get(url).context["totals"]
    assert (theirs.signings, theirs.amount_cny) == (1, 2 * YI)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_campaign_page_query_count_does_not_grow_with_events(
    client, city_staff, district_staff, campaign, django_assert_max_num_queries
):
    # given one district session with one signing
    units = list(Unit.objects.districts().order_by("order"))
    first = district_event(campaign, units[0], city_staff)
    sign(first, make_project(district_staff), city_staff, on=dt.date(2021, 3, 30), amount=YI)
    client.force_login(city_staff)
    url = reverse("campaigns:detail", args=[campaign.pk])
    few = _queries(client, url)
    # when ten more sessions with signings are added
    for day, unit in enumerate(units[1:11], start=2):
        event = district_event(campaign, unit, city_staff, day=day)
        sign(event, make_project(city_staff, district=unit), city_staff, on=dt.date(2021, 3, 30), amount=YI)
    # then
    with django_assert_max_num_queries(few):
        client.get(url)
    assert _queries(client, reverse("campaigns:list")) == _queries(client, reverse("campaigns:list"))


def test_event_page_query_count_does_not_grow_with_guests_signings_and_agenda(
    client,
    city_staff,
    city_event,
    django_assert_max_num_queries,
):
    # given a little of everything
    outlet = Outlet.objects.create(name_zh="济南日报")
    channels = [
        Channel.objects.create(
            code=f"c{i}",
            outlet=outlet,
            name_zh=f"频道{i}",
            level=ChannelLevel.CITY,
            kind=ChannelKind.NEWS_APP,
        )
        for i in range(6)
    ]

    def add_some(n: int) -> None:
        for i in range(n):
            actions.add_agenda_item(city_event, actor=city_staff, speaker=f"s{i}", topic="t", order=i)
            actions.add_stream(
                city_event,
                actor=city_staff,
                channel=channels[i],
                url=f"https://e.cn/{i}",
                kind=StreamKind.LIVE,
            )
            actions.add_material(city_event, actor=city_staff, kind="document", title_zh=f"m{i}")
            guest = actions.invite_investor(
                city_event, make_investor(city_staff), actor=city_staff, guest_type=GuestType.OTHER
            )
            actions.mark_attended(guest, actor=city_staff)
            sign(
                city_event,
                make_project(city_staff),
                city_staff,
                on=dt.date(2021, 3, 30),
                amount=YI,
                agreement=SimpleUploadedFile("a.pdf", PDF),
            )

    add_some(1)
    client.force_login(city_staff)
    url = reverse("campaigns:event", args=[city_event.pk])
    few = _queries(client, url)
    # when
    add_some(5)
    # then
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert len(response.context["signings"]) == 6 and response.context["audience"]["attended"] == 6


def test_signings_page_query_count_does_not_grow(
    client, city_staff, city_event, provincial_event, django_assert_max_num_queries
):
    sign(city_event, make_project(city_staff), city_staff, on=dt.date(2021, 3, 30), amount=YI)
    client.force_login(city_staff)
    url = reverse("campaigns:signings")
    few = _queries(client, url)
    for _ in range(8):
        project = make_project(city_staff)
        sign(provincial_event, project, city_staff, on=dt.date(2021, 3, 18), amount=YI)
        sign(city_event, project, city_staff, on=dt.date(2021, 3, 30), amount=2 * YI)
    with django_assert_max_num_queries(few):
        client.get(url)
