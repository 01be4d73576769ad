"""The permission matrix: every route × every role, generated from the URL resolver.

A world is built in which 历下区 (Lixia) owns a project, an investor, a contact, an import and a signed
agreement, all carrying a marker name. Then, for each role, every route is requested (GET and an
empty POST) with the ids of those objects:

- a route about one of Lixia's objects answers 404 to anyone who may not see it (another district,
  a zone the project is not in, the media group) — never 403 and never 200;
- whoever may see it (Lixia's own staff, the city bureau, leaders) never gets a 404;
- read-only roles (leaders) never change anything: a POST is refused;
- the marker never appears in any response to someone who may not see it, on any route.

A new route with an id in its URL fails this test until it is given a sample object below.
"""

import datetime as dt
import io
import uuid
import zipfile
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import get_resolver
from django.utils import timezone

from yunzhao.campaigns import actions as campaign_actions
from yunzhao.campaigns.choices import EventLevel
from yunzhao.core.tests.test_routes_closed import walk
from yunzhao.crm import actions as crm_actions
from yunzhao.crm import leads
from yunzhao.crm.choices import ConsentMethod, InteractionKind, LeadSource
from yunzhao.ledger.actions import record_oversized_upload
from yunzhao.orgs.choices import Role
from yunzhao.reach import actions as reach_actions
from yunzhao.reach.choices import ChannelKind, ChannelLevel, PublicationKind
from yunzhao.reports import actions as reports_actions
from yunzhao.testing.factories import UserFactory, make_investor, make_project

MARKER = "历下绝密"

# Which sample object fills the id of each route that has one.
SAMPLE = {
    "projects:": "project", "crm:contact_edit": "contact", "crm:lead": "lead", "crm:slot": "slot",
    "crm:": "investor", "ledger:": "import_run",
    "campaigns:agreement": "signing", "campaigns:guest_add": "event", "campaigns:guest_": "guest",
    "campaigns:event": "event",
    "campaigns:agenda_add": "event", "campaigns:stream_add": "event", "campaigns:material_add": "event",
    "campaigns:signing_add": "event", "campaigns:": "campaign",
    "reach:channel": "channel", "reach:outlet": "outlet", "reach:import": "snapshot_import",
    "reach:event": "event", "reach:campaign": "campaign",
    "api:read_investor": "investor", "api:update_investor": "investor", "api:": "project",
    "reports:": "report",
    # Public pages and staff content pages: ids of published content, which no unit keeps to itself.
    "portal:": "campaign", "publishing:": "campaign",
}
# Routes about one of Lixia's own records: a 404 to anyone who may not see it.
OWNED = {"project", "investor", "contact", "import_run", "signing", "guest", "report", "lead", "slot"}
# An import report is its author's alone; the other records are seen by whoever sees Lixia's ledger.
PERSONAL = {"import_run"}
# Routes that would end the session or switch the language in the middle of the walk.
SKIP = {"logout", "set_language"}


# API routes name their id after the object: ``<int:event_id>`` takes the event, and so on.
KWARG_SAMPLE = {
    "project_id": "project", "investor_id": "investor", "campaign_id": "campaign", "event_id": "event",
    "channel_id": "channel", "outlet_id": "outlet", "publication_id": "publication", "signing_id": "signing",
    "guest_id": "guest",
}


def sample_for(name: str, route: str = "") -> str:
    import re

    kwargs = re.findall(r"<int:(\w+)>", route)
    if kwargs and kwargs[0] in KWARG_SAMPLE:
        return KWARG_SAMPLE[kwargs[0]]
    for prefix, key in SAMPLE.items():
        if name.startswith(prefix):
            return key
    raise AssertionError(f"route {name!r} has an id but no sample object in SAMPLE")


def routes():
    """(name, path template, sample key or None) for every route but the admin's."""
    import re

    found = []
    for name, route in walk(get_resolver().url_patterns):
        if route.startswith("admin/") or "(?P<" in route or name in SKIP or not name:
            continue
        key = sample_for(name, route) if re.search(r"<int:", route) else None
        path = "/" + re.sub(r"<slug:[^>]+>", "signed_by_band", route)
        found.append((name, path, key))
    return found


@pytest.fixture
def world(units, district_staff, city_staff):
    """Lixia's records, each named with the marker, and the shared records around them."""
    investor = make_investor(district_staff, name_zh=f"{MARKER}投资方有限公司", name_en="Secret Investor")
    project = make_project(district_staff, name_zh=f"{MARKER}新能源项目", investors=[investor], is_key=True,
                           total_investment=Decimal("2000000000"))
    contact = crm_actions.add_contact(investor, actor=district_staff, name=f"{MARKER}联系人", phone="13812345678",
                                      consent_given=True, consent_method=ConsentMethod.WRITTEN)
    crm_actions.record_interaction(investor, actor=district_staff, kind=InteractionKind.VISIT,
                                   occurred_on=dt.date(2024, 3, 1), project=project, outcome=f"{MARKER}会谈纪要")
    import_run = record_oversized_upload(file_name=f"{MARKER}台账.xlsx", size=10**9, actor=district_staff)
    campaign = campaign_actions.create_campaign(
        actor=city_staff, name_zh="泉城新机遇云招商", starts_on=dt.date(2021, 3, 30), ends_on=dt.date(2021, 6, 30),
        organisers=[units["jnipb"], units["jdng"]],
    )
    event = campaign_actions.create_event(
        actor=city_staff, campaign=campaign, title_zh="市级综合推介会", level=EventLevel.CITY,
        owner_unit=units["jnipb"], starts_at=timezone.make_aware(dt.datetime(2021, 3, 30, 14)),
    )
    signing = campaign_actions.record_signing(
        event, project, actor=district_staff, parties=f"{MARKER}签约方", signed_on=dt.date(2021, 3, 30),
        amount=Decimal("2000000000"),
        agreement=ContentFile(b"%PDF-1.4\n%" + MARKER.encode() + b"\n%%EOF\n", name="agreement.pdf"),
    )
    guest = campaign_actions.invite_investor(event, investor, actor=city_staff,
                                             guest_type="enterprise")
    channel = reach_actions.create_channel(actor=city_staff, outlet_name_zh="济南日报", code="ijinan",
                                           name_zh="爱济南", level=ChannelLevel.CITY, kind=ChannelKind.NEWS_APP)
    publication = reach_actions.record_publication(actor=city_staff, channel=channel, kind=PublicationKind.LIVE, event=event,
                                     published_at=timezone.make_aware(dt.datetime(2021, 3, 30, 14)))
    snapshot_import = reach_actions.log_import(actor=city_staff, file_name="reach.csv", sha256="0" * 64, size=10,
                                               status="rejected")
    report = reports_actions.request_report(actor=district_staff, period_start=dt.date(2021, 3, 29),
                                            formats=["xlsx"])
    reports_actions.generate_report(report.pk)
    lead, _ = leads.register_interest(
        page=leads.LeadSourcePage(kind=LeadSource.ZONE, id=1, title="济南高新区", path="", unit=units["lixia"]),
        visitor={"name": f"{MARKER}访客", "email": "visitor@example.com", "interest": "invest"},
        token=uuid.uuid4(), notice=leads.current_privacy_notice(), language="zh-hans")
    slot = leads.offer_slot(actor=district_staff, unit=units["lixia"], starts_at=timezone.now() + dt.timedelta(days=2),
                            ends_at=timezone.now() + dt.timedelta(days=2, hours=1),
                            meeting_link="https://meeting.example.com/lixia")
    return {
        "lead": lead, "slot": slot,
        "report": report,
        "project": project, "investor": investor, "contact": contact, "import_run": import_run,
        "campaign": campaign, "event": event, "signing": signing, "guest": guest, "channel": channel,
        "outlet": channel.outlet, "snapshot_import": snapshot_import, "publication": publication,
    }


@pytest.fixture(autouse=True)
def _short_streams(settings):
    """Live-audience event streams send their figures once and end, so that the walk does not wait on them."""
    settings.AUDIENCE_STREAM_SECONDS = 0


def fingerprint() -> dict[str, int]:
    """How many rows every table of the platform has (sessions and login records aside)."""
    from django.apps import apps

    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        # The beacon counts refused requests; counting is not a change made by the user.
        if model._meta.app_label not in {"sessions", "axes", "admin"} and model._meta.label != "audience.AudienceRejection"
    }


def body_text(response) -> str:
    """The response as text, looking inside xlsx and other zip files too."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return content.decode("utf-8", "replace")


def fill(path: str, world: dict, key: str | None) -> str:
    import re

    return re.sub(r"<int:[^>]+>", str(world[key].pk), path) if key else path


ROLES = {
    # role name: (user factory arguments, sees Lixia's records)
    "own_district": ("lixia", Role.DISTRICT_STAFF, True),
    "city_staff": ("jnipb", Role.CITY_STAFF, True),
    "leader": ("jnipb", Role.LEADER, True),
    "other_district": ("huaiyin", Role.DISTRICT_STAFF, False),
    "other_zone": ("medical", Role.ZONE_STAFF, False),
    "media_editor": ("jdng", Role.MEDIA_EDITOR, False),
}


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, units, district_staff, role):
    # given
    unit_code, role_value, sees = ROLES[role]
    user = district_staff if role == "own_district" else UserFactory(role=role_value, unit=units[unit_code])
    client.force_login(user)
    before = fingerprint()
    failures = []
    # when every route is asked for, with the sample objects' ids
    for name, template, key in routes():
        path = fill(template, world, key)
        for method in ("get", "post"):
            response = getattr(client, method)(path, {} if method == "post" else None)
            status = response.status_code
            owned = key in OWNED
            sees_it = sees and (key not in PERSONAL or user == district_staff)
            # then
            if status >= 500:
                failures.append(f"{method.upper()} {path} ({name}): {status}")
            # 405 (wrong method) and 400 (a malformed API body) are answered before any lookup.
            if owned and not sees_it and status not in (404, 405, 400):
                failures.append(f"{method.upper()} {path} ({name}): {status}, expected 404")
            if owned and sees_it and method == "get" and status == 404:
                failures.append(f"{method.upper()} {path} ({name}): 404 for a user who may see it")
            if not sees and status < 400 and MARKER in body_text(response):
                failures.append(f"{method.upper()} {path} ({name}): shows another unit's record")
    assert not failures, "\n".join(failures)
    # and a read-only role changed nothing at all
    if role == "leader":
        assert fingerprint() == before


def test_every_route_with_an_id_has_a_sample():
    known = set(SAMPLE.values()) | set(KWARG_SAMPLE.values())
    assert all(key is None or key in known for _, _, key in routes())
    assert {"projects:detail", "crm:detail", "ledger:report", "campaigns:agreement"} <= {n for n, _, _ in routes()}
