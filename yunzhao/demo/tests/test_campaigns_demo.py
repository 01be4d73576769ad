import datetime as dt
import re
from decimal import Decimal
from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Sum
from django.test import override_settings
from django.utils import timezone, translation

from yunzhao.campaigns.choices import EventLevel, EventStatus
from yunzhao.campaigns.models import Campaign, Event, EventGuest, Signing
from yunzhao.campaigns.selectors import campaign_structure
from yunzhao.core.choices import Currency
from yunzhao.core.models import TimelineEntry
from yunzhao.crm.choices import InteractionKind
from yunzhao.crm.models import Interaction
from yunzhao.orgs.models import User
from yunzhao.reach.bulletin import bulletin_text
from yunzhao.reach.choices import ChannelLevel, SnapshotSource
from yunzhao.reach.models import Channel, MetricSnapshot, Outlet
from yunzhao.reach.selectors import publications_for, reach_as_of

SIX_PM = timezone.make_aware(dt.datetime(2021, 3, 30, 18, 0))
# The speakers' real names, as the press reported them; the demo uses their roles only.
REAL_NAMES = ("尹清忠", "张军", "孙蒙", "张勇", "张冀", "Yin Qingzhong", "Zhang Jun", "Sun Meng")


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def seed() -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("seed_demo", scale=0, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo at scale 0 (the press set and the campaign), seeded twice, rolled back at the end."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        first = seed()
        counts = row_counts()
        second = seed()
        yield SimpleNamespace(first=first, second=second, counts=counts)
        transaction.set_rollback(True)


@pytest.fixture
def city_event(seeded) -> Event:
    return Event.objects.get(level=EventLevel.CITY, campaign__name_zh="泉城新机遇 云招商")


@pytest.mark.django_db
def test_the_city_events_reach_at_six_pm_is_of_the_order_reported(city_event):
    # when
    reach = reach_as_of(publications_for(event=city_event), SIX_PM)
    # then: over 60 media, tens of millions of reads, more than 5 million followers
    assert reach.media >= 60
    assert 10_000_000 <= reach.totals["reads"] < 100_000_000
    assert reach.totals["followers"] > 5_000_000
    assert reach.incomplete  # reposts that went out just before six have no count yet
    assert all(reach.media_by_level[level] for level in (ChannelLevel.CENTRAL, ChannelLevel.PROVINCIAL,
                                                          ChannelLevel.CITY, ChannelLevel.DISTRICT))
    assert bulletin_text(reach, lang="zh").startswith(f"截至3月30日18时，据不完全统计，活动共有{reach.media}家媒体报道")
    # and the coverage went on growing: overseas screens showed it in the following days
    later = reach_as_of(publications_for(event=city_event), SIX_PM + dt.timedelta(days=7))
    assert later.media > reach.media and later.media_by_level[ChannelLevel.OVERSEAS] >= 2
    assert later.totals["reads"] > reach.totals["reads"]


@pytest.mark.django_db
def test_the_bulletin_command_prints_the_sentence_of_the_reports(city_event):
    # when
    out = StringIO()
    call_command("reach_bulletin", event=city_event.pk, as_of="2021-03-30 18:00", lang="zh", stdout=out)
    # then
    match = re.fullmatch(r"截至3月30日18时，据不完全统计，活动共有(\d+)家媒体报道，阅读量(\d+)万次，关注人次(\d+)万\+\n",
                         out.getvalue())
    assert match, out.getvalue()
    media, reads_wan, followers_wan = map(int, match.groups())
    assert media >= 60 and reads_wan >= 1000 and followers_wan >= 500


@pytest.mark.django_db
def test_the_campaign_is_one_city_event_twelve_district_sessions_and_special_events(seeded, city_event):
    # given
    campaign = Campaign.objects.get(name_zh="泉城新机遇 云招商")
    city = User.objects.get(username="demo-city")
    # when
    structure = campaign_structure(campaign, city)
    # then
    assert (campaign.name_en, campaign.theme_zh, campaign.theme_en) == (
        "Fresh Opportunities for Jinan", "选择济南 共赢未来", "Join Jinan for a Win-Win Future")
    assert (campaign.starts_on, campaign.ends_on) == (dt.date(2021, 3, 30), dt.date(2021, 6, 30))
    assert set(campaign.organisers.values_list("code", flat=True)) == {"jnipb", "jdng"}
    assert structure.city_events == [city_event]
    assert (structure.districts_total, structure.districts_scheduled, structure.districts_held) == (12, 12, 9)
    assert all(dt.date(2021, 4, 1) <= timezone.localtime(e.starts_at).date() <= dt.date(2021, 6, 30)
               for row in structure.districts for e in row.events)
    assert {e.city for e in structure.special_events} >= {"北京", "深圳"}
    assert {e.owner_unit.code for e in structure.special_events} >= {"hightech", "pioneer", "medical", "jdng"}
    assert (timezone.localtime(city_event.starts_at), city_event.status) == (
        timezone.make_aware(dt.datetime(2021, 3, 30, 14, 0)), EventStatus.HELD)
    assert "融媒体中心演播室" in city_event.venue


@pytest.mark.django_db
def test_the_agenda_names_roles_never_the_speakers(city_event):
    agenda = list(city_event.agenda.order_by("order"))
    assert [item.speaker_title for item in agenda] == [
        "副市长", "市政府副秘书长、市投资促进局局长", "高新区管委会主任助理、招商部部长", "起步区管委会副主任",
        "医学中心管委会副主任"]
    assert all(item.speaker.endswith("某") for item in agenda)
    texts = " ".join(f"{e.title_zh} {e.summary_zh} {e.summary_en}" for e in Event.objects.all())
    texts += " ".join(f"{a.speaker} {a.topic}" for e in Event.objects.all() for a in e.agenda.all())
    assert not any(name in texts for name in REAL_NAMES)


@pytest.mark.django_db
def test_the_channels_of_the_reports_are_registered_under_their_outlets(seeded):
    codes = set(Channel.objects.values_list("code", flat=True))
    assert {"people-app", "xuexi", "ifeng", "thepaper", "toutiao", "ijinan", "xinshibao", "shun", "jinan-app",
            "jinan-daily", "jinan-times", "people-cn", "xinhua-live", "cctv-news", "people-video", "wechat",
            "weibo", "douyin", "kuaishou", "baidu", "sohu", "economic-daily", "36kr", "health-sd",
            "reuters-screen", "leicester-screen", "lixia-media", "shanghe-media"} <= codes
    assert set(Channel.objects.values_list("level", flat=True)) == set(ChannelLevel.values)
    people = Outlet.objects.annotate(n=Count("channels")).get(name_zh="人民日报")
    assert people.n == 3  # "media covering" counts the outlet once
    assert Channel.objects.get(code="reuters-screen").country.code == "US"


@pytest.mark.django_db
def test_projects_signed_at_a_provincial_event_and_again_at_the_city_event_count_once(city_event):
    # given
    provincial = Signing.objects.filter(event__level=EventLevel.PROVINCIAL)
    again = Signing.objects.filter(event=city_event)
    # then: the 14 provincial signings of US$1.354 billion
    assert provincial.count() == 14
    assert provincial.aggregate(total=Sum("amount"))["total"] == Decimal("1354000000")
    assert set(provincial.values_list("currency", flat=True)) == {Currency.USD}
    assert provincial.filter(credited_project=True).count() == 14
    # and the re-signings at the city event are recorded but not counted again
    assert again.count() == 3
    assert {(s.credited_project, s.credited_amount_cny) for s in again} == {(False, Decimal(0))}
    for signing in again:
        assert signing.project.signings.filter(credited_project=True).get().event.level == EventLevel.PROVINCIAL


@pytest.mark.django_db
def test_guests_attend_through_the_action_once_each(city_event):
    guests = EventGuest.objects.filter(event=city_event)
    assert guests.count() >= 8
    assert guests.filter(attended=True).exists() and guests.filter(attended=False).exists()
    assert all(g.interaction.kind == InteractionKind.EVENT_ATTENDANCE for g in guests.filter(attended=True))
    per_investor = (Interaction.objects.filter(kind=InteractionKind.EVENT_ATTENDANCE, occurred_on=dt.date(2021, 3, 30))
                    .values("investor").annotate(n=Count("pk")))
    assert {row["n"] for row in per_investor} == {1}


@pytest.mark.django_db
def test_reach_was_recorded_by_the_media_group_through_the_actions(city_event):
    editor = User.objects.get(username="demo-media")
    snapshots = MetricSnapshot.objects.all()
    assert snapshots.count() > 1000
    assert set(snapshots.values_list("source", "created_by")) == {(SnapshotSource.PLATFORM, editor.pk)}
    assert TimelineEntry.objects.for_object(city_event).filter(field="reach", actor=editor).exists()
    assert city_event.publications.filter(created_by=editor).count() == city_event.publications.count()


@pytest.mark.django_db
def test_the_second_run_changes_nothing(seeded):
    assert "metric snapshots" in seeded.first and "signings" in seeded.first
    assert "nothing was changed" in seeded.second
    assert row_counts() == seeded.counts
