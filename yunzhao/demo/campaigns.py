"""The demo campaign of the press reports: "泉城新机遇 云招商" (Fresh Opportunities for Jinan), March–June 2021.

What the reports say is kept: the theme, the period, the organisers, the "1+12+N" structure, the city-level
event of 30 March 2021 in the media group's studio and who spoke there (by role only: the speakers' names are
never used), the channels that carried it at four media levels and overseas, its reach as of 18:00 that day
(over 60 media, tens of millions of reads, more than 5 million followers), and the two provincial signing
events of 18 and 23 March. Everything else is invented and labelled as demo data: the dates of the district
and special sessions, every count of every snapshot, the guests, the links.

Counts come from one seeded ``random.Random`` and are written through the reach actions, so the figures on
the pages are computed exactly as they would be from real snapshots. Running it again changes nothing:
campaigns, events, channels, publications, snapshots, guests and signings are found by what identifies them
and only the missing ones are created.
"""

import datetime as dt
import math
import random
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from yunzhao.campaigns import actions as campaigns
from yunzhao.campaigns.choices import EventLevel, EventMode, EventStatus, GuestType, MaterialKind, SigningMode
from yunzhao.campaigns.forms import GUEST_TYPE_FOR_KIND
from yunzhao.campaigns.models import (
    AgendaItem,
    Campaign,
    Event,
    EventGuest,
    EventMaterial,
    EventStream,
    Signing,
)
from yunzhao.crm.choices import InteractionKind, InvestorKind
from yunzhao.crm.models import Interaction, Investor
from yunzhao.orgs.models import Unit, User
from yunzhao.orgs.reference import DISTRICTS, ZONES
from yunzhao.projects.models import Project
from yunzhao.reach import actions as reach
from yunzhao.reach.choices import (
    METRICS,
    ChannelKind,
    ChannelLevel,
    ChannelOwner,
    PublicationKind,
    SnapshotSource,
)
from yunzhao.reach.models import Channel, MetricSnapshot, Publication
from yunzhao.reach.snapshots import SnapshotRow

from . import data

SOURCE = data.SRC_CLOUD_2021
DEMO = "演示数据"

CAMPAIGN = {
    "name_zh": "泉城新机遇 云招商",
    "name_en": "Fresh Opportunities for Jinan",
    "theme_zh": "选择济南 共赢未来",
    "theme_en": "Join Jinan for a Win-Win Future",
    "starts_on": dt.date(2021, 3, 30),
    "ends_on": dt.date(2021, 6, 30),
    "special_events_planned": 6,
    "description_zh": f"{SOURCE}：市投资促进局与济南日报报业集团联合推出，线上线下结合，“1+12+N”——1场市级综合推介、"
                      "12场区县专场和N场园区、客户端专场，依托融媒体中心演播室，中央、省、市、区县四级融媒联动推介。"
                      f"各专场日期、场次安排为{DEMO}。",
    "description_en": "As reported: run by the Jinan Investment Promotion Bureau and the Jinan Daily Newspaper Group, "
                      "online and offline, \"1+12+N\": one city-level comprehensive event, 12 district and county "
                      "sessions and N special sessions in zones and on apps, from the group's studio, carried by "
                      "media at four levels. The dates of the sessions are demo data.",
}
CITY_EVENT_TITLE = "“泉城新机遇 云招商”首场市级综合推介会"
CITY_EVENT_START = dt.datetime(2021, 3, 30, 14, 0)
STUDIO = "济南日报报业集团大厦融媒体中心演播室"

# The speakers of the city-level event, by role as reported; the surnames are invented.
CITY_AGENDA = [
    ("14:00", "王某", "副市长", "济南市人民政府", "新时代济南为投资者提供新机遇、新平台、新政策、新服务"),
    ("14:20", "周某", "市政府副秘书长、市投资促进局局长", "济南市投资促进局",
     "黄河战略与强省会战略下的济南：东强、西兴、南美、北起、中优"),
    ("14:40", "吴某", "高新区管委会主任助理、招商部部长", "济南高新区管委会", "创新驱动的高质量发展先行区"),
    ("14:55", "郑某", "起步区管委会副主任", "济南新旧动能转换起步区管委会",
     "“绿色技术+绿色产业”与五大主导产业"),
    ("15:10", "冯某", "医学中心管委会副主任", "济南国际医学科学中心管委会", "产城融合，建设四大中心"),
]
CITY_MATERIALS = [
    (MaterialKind.POLICY, "济南市招商引资政策汇编（2021）", "Jinan investment policies (2021)"),
    (MaterialKind.VIDEO, "“泉城新机遇”城市宣传片", "Fresh Opportunities for Jinan: city film"),
    (MaterialKind.DOCUMENT, "济南投资指南", "Jinan investment guide"),
]

# Where each district session or special event stands: most held, the last ones still to come.
DISTRICTS_HELD = 9
SPECIAL_EVENTS = [
    # (key, title_zh, title_en, owner unit, month, day, hour, mode, city, held)
    ("hightech", "“泉城新机遇 云招商”高新区专场", "Fresh Opportunities for Jinan: High-Tech Zone session", "hightech",
     4, 8, 14, EventMode.ONLINE, "", True),
    ("pioneer", "“泉城新机遇 云招商”起步区专场", "Fresh Opportunities for Jinan: Pioneer Zone session", "pioneer",
     4, 28, 14, EventMode.ONLINE, "", True),
    ("medical", "“泉城新机遇 云招商”国际医学科学中心专场",
     "Fresh Opportunities for Jinan: International Medical Science Center session", "medical",
     5, 12, 14, EventMode.ONLINE, "", True),
    ("beijing", "“泉城新机遇 云招商”北京专场推介会", "Fresh Opportunities for Jinan: Beijing roadshow", "jnipb",
     5, 20, 10, EventMode.HYBRID, "北京", True),
    ("app", "爱济南客户端“云招商”直播专场", "LoveJinan app: cloud promotion live session", "jdng",
     5, 26, 19, EventMode.ONLINE, "", True),
    ("shenzhen", "“泉城新机遇 云招商”深圳专场推介会", "Fresh Opportunities for Jinan: Shenzhen roadshow", "jnipb",
     6, 17, 10, EventMode.HYBRID, "深圳", False),
]
PROVINCIAL_EVENTS = {
    dt.date(2021, 3, 18): ("山东省重点外资项目签约活动", "Shandong key foreign investment projects signing"),
    dt.date(2021, 3, 23): ("山东与港澳台深化合作交流活动",
                           "Meeting on deepening cooperation between Shandong and Hong Kong, Macao and Taiwan"),
}
# Projects signed at a provincial event and signed again, screen to screen, at the city-level event.
RESIGNED_AT_CITY_EVENT = ["DEMO-0101", "DEMO-0104", "DEMO-0109"]
# Investors of the press set invited to the city-level event (by the ledger number of their project).
CITY_GUEST_PROJECTS = ["DEMO-0008", "DEMO-0009", "DEMO-0010", "DEMO-0011", "DEMO-0012", "DEMO-0014", "DEMO-0003",
                       "DEMO-0007", *RESIGNED_AT_CITY_EVENT]


# --- the channels ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelPlan:
    """A channel of the registry, its outlet, and how widely it is read (``weight``, relative)."""

    code: str
    name_zh: str
    name_en: str
    outlet_zh: str
    outlet_en: str
    level: ChannelLevel
    kind: ChannelKind
    weight: float
    owner: ChannelOwner = ChannelOwner.EXTERNAL
    country: str = "CN"
    language: str = "zh-hans"
    repost: bool = False  # carries events as reposts (other cities' and districts' media)


def _c(code, name_zh, name_en, outlet_zh, outlet_en, level, kind, weight, **extra) -> ChannelPlan:
    return ChannelPlan(code, name_zh, name_en, outlet_zh, outlet_en, level, kind, weight, **extra)


CENTRAL, PROVINCIAL, CITY = ChannelLevel.CENTRAL, ChannelLevel.PROVINCIAL, ChannelLevel.CITY
DISTRICT, OVERSEAS = ChannelLevel.DISTRICT, ChannelLevel.OVERSEAS
APP, WEB, VIDEO, SOCIAL, PAPER, SCREEN = (ChannelKind.NEWS_APP, ChannelKind.WEBSITE, ChannelKind.VIDEO,
                                          ChannelKind.SOCIAL, ChannelKind.NEWSPAPER, ChannelKind.OUTDOOR)
OWN = {"owner": ChannelOwner.OWN}

# The channels named in the reports, and others of the same kinds at every level.
CHANNELS: list[ChannelPlan] = [
    _c("people-app", "人民日报客户端", "People's Daily app", "人民日报", "People's Daily", CENTRAL, APP, 9),
    _c("people-cn", "人民网", "people.com.cn", "人民日报", "People's Daily", CENTRAL, WEB, 5),
    _c("people-video", "人民视频", "People's Video", "人民日报", "People's Daily", CENTRAL, VIDEO, 4),
    _c("xuexi", "学习强国", "Xuexi", "学习强国", "Xuexi Qiangguo", CENTRAL, APP, 8),
    _c("xinhua-live", "新华现场云", "Xinhua Live Cloud", "新华社", "Xinhua News Agency", CENTRAL, VIDEO, 5),
    _c("xinhuanet", "新华网", "xinhuanet.com", "新华社", "Xinhua News Agency", CENTRAL, WEB, 4),
    _c("cctv-news", "央视新闻客户端", "CCTV News app", "中央广播电视总台", "China Media Group", CENTRAL, APP, 6),
    _c("cctv-video", "央视频", "CCTV Video", "中央广播电视总台", "China Media Group", CENTRAL, VIDEO, 4),
    _c("economic-daily", "经济日报客户端", "Economic Daily app", "经济日报", "Economic Daily", CENTRAL, APP, 3),
    _c("ce-cn", "中国经济网", "ce.cn", "经济日报", "Economic Daily", CENTRAL, WEB, 2),
    _c("chinanews", "中国新闻网", "chinanews.com", "中国新闻社", "China News Service", CENTRAL, WEB, 3),
    _c("gmw", "光明网", "gmw.cn", "光明日报", "Guangming Daily", CENTRAL, WEB, 2),
    _c("chinadaily", "中国日报网", "chinadaily.com.cn", "中国日报", "China Daily", CENTRAL, WEB, 2, language="en"),
    _c("china-org", "中国网", "china.org.cn", "中国网", "China.org.cn", CENTRAL, WEB, 2),
    _c("huanqiu", "环球网", "huanqiu.com", "环球网", "Huanqiu.com", CENTRAL, WEB, 2),
    _c("ifeng", "凤凰新闻客户端", "Phoenix News app", "凤凰网", "Phoenix New Media", CENTRAL, APP, 5),
    _c("thepaper", "澎湃新闻", "The Paper", "澎湃新闻", "The Paper", CENTRAL, APP, 5),
    _c("toutiao", "今日头条", "TouTiao", "今日头条", "Toutiao", CENTRAL, APP, 10),
    _c("douyin", "抖音", "Douyin", "抖音", "Douyin", CENTRAL, VIDEO, 10),
    _c("kuaishou", "快手", "Kuaishou", "快手", "Kuaishou", CENTRAL, VIDEO, 7),
    _c("bilibili", "哔哩哔哩", "Bilibili", "哔哩哔哩", "Bilibili", CENTRAL, VIDEO, 3),
    _c("weibo", "微博", "Weibo", "微博", "Weibo", CENTRAL, SOCIAL, 8),
    _c("wechat", "微信视频号", "WeChat Channels", "微信", "WeChat", CENTRAL, SOCIAL, 6),
    _c("baidu", "百度百家号", "Baidu Baijiahao", "百度", "Baidu", CENTRAL, WEB, 5),
    _c("sohu", "搜狐新闻", "Sohu News", "搜狐", "Sohu", CENTRAL, APP, 4),
    _c("netease", "网易新闻", "NetEase News", "网易", "NetEase", CENTRAL, APP, 4),
    _c("tencent", "腾讯新闻", "Tencent News", "腾讯", "Tencent", CENTRAL, APP, 5),
    _c("sina", "新浪新闻", "Sina News", "新浪", "Sina", CENTRAL, APP, 3),
    _c("36kr", "36氪", "36Kr", "36氪", "36Kr", CENTRAL, WEB, 2),
    _c("dazhong", "大众日报客户端", "Dazhong Daily app", "大众日报", "Dazhong Daily", PROVINCIAL, APP, 4),
    _c("lightning", "闪电新闻", "Lightning News", "山东广播电视台", "Shandong Radio and Television", PROVINCIAL, APP, 4),
    _c("iqilu", "齐鲁网", "iqilu.com", "山东广播电视台", "Shandong Radio and Television", PROVINCIAL, WEB, 2),
    _c("qilu-evening", "齐鲁壹点", "Qilu Yidian", "齐鲁晚报", "Qilu Evening News", PROVINCIAL, APP, 3),
    _c("sdchina", "中国山东网", "sdchina.com", "中国山东网", "Shandong China", PROVINCIAL, WEB, 1),
    _c("shandong-release", "山东发布", "Shandong Release", "山东发布", "Shandong Release", PROVINCIAL, SOCIAL, 2),
    _c("health-sd", "健康山东", "Healthy Shandong", "健康山东", "Healthy Shandong", PROVINCIAL, APP, 1),
    _c("ijinan", "爱济南客户端", "LoveJinan app", "济南日报", "Jinan Daily", CITY, APP, 8, **OWN),
    _c("jinan-daily", "《济南日报》", "Jinan Daily (newspaper)", "济南日报", "Jinan Daily", CITY, PAPER, 2, **OWN),
    _c("xinshibao", "新时报客户端", "Xinshibao app", "济南时报", "Jinan Times", CITY, APP, 6, **OWN),
    _c("jinan-times", "《济南时报》", "Jinan Times (newspaper)", "济南时报", "Jinan Times", CITY, PAPER, 1.5, **OWN),
    _c("shun", "舜网", "shun.com", "舜网", "shun.com", CITY, WEB, 4, **OWN),
    _c("jinan-app", "济南发布客户端", "Jinan app", "济南发布", "Jinan Release", CITY, APP, 5),
    _c("jinan-weibo", "济南发布微博", "Jinan Release on Weibo", "济南发布", "Jinan Release", CITY, SOCIAL, 3),
    _c("jntv", "天下泉城客户端", "Tianxia Quancheng app", "济南广播电视台", "Jinan Radio and Television", CITY, APP, 3),
    # The apps of other sub-provincial cities, which carried the event as reposts.
    *(
        _c(code, f"{zh}客户端", f"{en} app", zh, en, CITY, APP, 1, repost=True)
        for code, zh, en in [
            ("qingdao-daily", "青岛日报", "Qingdao Daily"), ("shenzhen-daily", "深圳特区报", "Shenzhen Special Zone Daily"),
            ("guangzhou-daily", "广州日报", "Guangzhou Daily"), ("nanjing-daily", "南京日报", "Nanjing Daily"),
            ("changjiang-daily", "长江日报", "Changjiang Daily"), ("chengdu-daily", "成都日报", "Chengdu Daily"),
            ("hangzhou-daily", "杭州日报", "Hangzhou Daily"), ("ningbo-daily", "宁波日报", "Ningbo Daily"),
            ("xiamen-daily", "厦门日报", "Xiamen Daily"), ("dalian-daily", "大连日报", "Dalian Daily"),
            ("shenyang-daily", "沈阳日报", "Shenyang Daily"), ("changchun-daily", "长春日报", "Changchun Daily"),
            ("harbin-daily", "哈尔滨日报", "Harbin Daily"), ("xian-daily", "西安日报", "Xi'an Daily"),
        ]
    ),
    # Every district and county has its convergence media centre.
    *(
        _c(f"{code}-media", f"{zh}融媒体中心客户端", f"{en} media centre app", f"{zh}融媒体中心",
           f"{en} Convergence Media Center", DISTRICT, APP, 1.2, repost=True)
        for code, zh, en, _gb in DISTRICTS
    ),
    _c("reuters-screen", "纽约时报广场路透大屏", "Reuters screen, Times Square", "路透社", "Reuters", OVERSEAS, SCREEN, 0.6,
       country="US", language="en"),
    _c("leicester-screen", "伦敦莱斯特广场大屏", "Leicester Square screen, London", "莱斯特广场户外大屏",
       "Leicester Square screen", OVERSEAS, SCREEN, 0.4, country="GB", language="en"),
    _c("oushinet", "欧洲时报网", "Nouvelles d'Europe online", "欧洲时报", "Nouvelles d'Europe", OVERSEAS, WEB, 0.5,
       country="FR"),
    _c("uschinapress", "侨报网", "The China Press online", "侨报", "The China Press", OVERSEAS, WEB, 0.5, country="US"),
]
BY_CODE = {c.code: c for c in CHANNELS}
ZONE_CODES = frozenset(code for code, *_ in ZONES)
# The city's own platforms carry every session live.
OWN_LIVE = ["ijinan", "xinshibao", "jinan-app"]
# Platforms that pick up a session, some of them each time.
WIDER = ["toutiao", "weibo", "wechat", "lightning", "qilu-evening", "dazhong", "xuexi", "people-app", "sohu",
         "ifeng", "thepaper", "tencent", "netease", "baidu"]


# --- the plan -------------------------------------------------------------------------------------


@dataclass
class EventPlan:
    """An event to hold, with its agenda, links, materials and publications."""

    key: str
    title_zh: str
    title_en: str
    level: EventLevel
    unit: str
    starts_at: dt.datetime  # local
    hours: float
    mode: EventMode
    status: EventStatus
    venue: str = ""
    city: str = ""
    summary_zh: str = ""
    summary_en: str = ""
    in_campaign: bool = True
    agenda: list[tuple[str | None, str, str, str, str]] = field(default_factory=list)
    materials: list[tuple[MaterialKind, str, str]] = field(default_factory=list)
    live_on: list[str] = field(default_factory=list)
    publications: list["PublicationPlan"] = field(default_factory=list)


@dataclass
class PublicationPlan:
    """A publication and its counts at each moment (cumulative, never going down)."""

    channel: str
    kind: PublicationKind
    published_at: dt.datetime  # local
    snapshots: list[tuple[dt.datetime, dict[str, int]]] = field(default_factory=list)


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.make_aware(moment)


# How quickly each kind of publication is read (hours to about two thirds of its final count).
TAU = {PublicationKind.LIVE: 2.5, PublicationKind.REPLAY: 10.0, PublicationKind.ARTICLE: 6.0,
       PublicationKind.REPOST: 8.0}
# Snapshot moments, in hours after the event starts: every half hour in the afternoon of the city event
# (so that 18:00 is one of them), then the evening and the following days.
CITY_MOMENTS = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6, 8, 18, 22, 28, 52, 76, 172]
SESSION_MOMENTS = [1, 2, 4, 8, 20, 44, 92, 188]
# Reposts of the city event that went out just before six.
LATE_REPOSTS = ("dalian-daily", "harbin-daily")


def _counts(rng: random.Random, channel: ChannelPlan, kind: PublicationKind) -> dict[str, float]:
    """Counts per read, for this channel and kind: plays for video and live, the rest as shares of reads."""
    watched = kind in (PublicationKind.LIVE, PublicationKind.REPLAY) or channel.kind in (VIDEO, SCREEN)
    follow = {SOCIAL: 0.28, VIDEO: 0.24, APP: 0.15}.get(channel.kind, 0.05)
    return {
        "reads": 1.0,
        "plays": rng.uniform(0.7, 1.1) if watched else 0.0,
        "likes": rng.uniform(0.01, 0.04),
        "shares": rng.uniform(0.003, 0.012),
        "comments": rng.uniform(0.0005, 0.003),
        "followers": follow * rng.uniform(0.7, 1.3),
    }


def _publish(rng: random.Random, event: EventPlan, channel: str, kind: PublicationKind, after_hours: float,
             moments: list[float], reference: float, raw: dict[str, float]) -> None:
    """Plan a publication ``after_hours`` after the event starts, with its raw counts at each moment."""
    plan = BY_CODE[channel]
    published = event.starts_at + dt.timedelta(hours=after_hours)
    size = plan.weight * rng.lognormvariate(0, 0.35)
    shares = _counts(rng, plan, kind)
    pub = PublicationPlan(channel, kind, published)
    latest = None
    for hours in moments:
        since = hours - after_hours
        if since < 0.25:  # the first count is taken a quarter of an hour after it went out, at the earliest
            continue
        grown = size * (1 - math.exp(-since / TAU[kind]))
        counts = {m: grown * shares[m] for m in METRICS}
        pub.snapshots.append((event.starts_at + dt.timedelta(hours=hours), counts))
        if hours <= reference:
            latest = counts
    if latest is not None:
        for m in ("reads", "followers"):
            raw[m] = raw.get(m, 0.0) + latest[m]
    event.publications.append(pub)


def _scale(event: EventPlan, raw: dict[str, float], reads: int, followers: int) -> None:
    """Turn raw counts into whole numbers whose totals at the reference moment are ``reads`` and ``followers``."""
    k_reads = reads / raw["reads"] if raw.get("reads") else 1.0
    k_followers = followers / raw["followers"] if raw.get("followers") else 1.0
    for pub in event.publications:
        pub.snapshots = [
            (moment, {m: int(v * (k_followers if m == "followers" else k_reads)) for m, v in counts.items()})
            for moment, counts in pub.snapshots
        ]


def _city_event(rng: random.Random) -> EventPlan:
    """The kick-off on 30 March 2021: live on the big platforms, reported, reposted, shown overseas."""
    event = EventPlan(
        key="city", title_zh=CITY_EVENT_TITLE, title_en="Fresh Opportunities for Jinan: city-level comprehensive event",
        level=EventLevel.CITY, unit="jnipb", starts_at=CITY_EVENT_START, hours=2, mode=EventMode.ONLINE,
        status=EventStatus.HELD, venue=STUDIO,
        summary_zh=f"{SOURCE}：活动在济南日报报业集团大厦融媒体中心演播室启动，副市长现场发出邀约，"
                   "市投资促进局、高新区、起步区、医学中心依次推介。据不完全统计，截至3月30日18时，"
                   f"活动共有60余家媒体报道，阅读量数千万次，关注人次超过500万。各平台数据为{DEMO}。",
        summary_en="As reported: launched in the Convergence Media Studio of the JDNG Building; by 6 p.m. on "
                   "March 30, covered by over 60 media, read tens of millions of times, with more than 5 million "
                   "followers. The figures of each platform are demo data.",
        agenda=list(CITY_AGENDA),
        materials=list(CITY_MATERIALS),
        live_on=["ijinan", "xinshibao", "shun", "jinan-app", "xinhua-live", "people-video", "douyin", "kuaishou"],
    )
    raw: dict[str, float] = {}
    reference = 4.0  # 18:00
    for plan in CHANNELS:
        if plan.kind == SCREEN:
            kind, after = PublicationKind.REPLAY, rng.choice([31.0, 60.0])  # shown overseas in the following days
        elif plan.kind == PAPER:
            kind, after = PublicationKind.ARTICLE, 16.5  # the next morning's paper
        elif plan.code in LATE_REPOSTS:
            kind, after = PublicationKind.REPOST, 3.85  # no count yet at six: the figure is incomplete
        elif plan.repost:
            kind, after = PublicationKind.REPOST, rng.uniform(0.7, 3.5)
        elif plan.kind == WEB:
            kind, after = PublicationKind.ARTICLE, rng.uniform(0.5, 3.6)
        else:
            kind, after = PublicationKind.LIVE, rng.uniform(0, 0.15)
        _publish(rng, event, plan.code, kind, after, CITY_MOMENTS, reference, raw)
    for code in ("ijinan", "douyin", "people-video"):
        _publish(rng, event, code, PublicationKind.REPLAY, 2.5, CITY_MOMENTS, reference, raw)
    _scale(event, raw, reads=rng.randint(31_000_000, 38_000_000), followers=rng.randint(5_100_000, 5_800_000))
    return event


def _session(rng: random.Random, event: EventPlan, own: list[str], districts: list[str]) -> None:
    """The publications of a district or special session: own platforms live, others report or repost."""
    raw: dict[str, float] = {}
    reference = 8.0
    for code in own:
        _publish(rng, event, code, PublicationKind.LIVE, rng.uniform(0, 0.1), SESSION_MOMENTS, reference, raw)
    _publish(rng, event, "shun", PublicationKind.ARTICLE, rng.uniform(1, 2), SESSION_MOMENTS, reference, raw)
    _publish(rng, event, "jinan-daily", PublicationKind.ARTICLE, 24 - event.starts_at.hour + 6.5, SESSION_MOMENTS,
             reference, raw)
    for code in rng.sample(WIDER, rng.randint(3, 6)):
        kind = rng.choice([PublicationKind.ARTICLE, PublicationKind.REPOST])
        _publish(rng, event, code, kind, rng.uniform(1, 6), SESSION_MOMENTS, reference, raw)
    for code in districts:
        _publish(rng, event, f"{code}-media", PublicationKind.REPOST, rng.uniform(1, 5), SESSION_MOMENTS, reference,
                 raw)
    _scale(event, raw, reads=rng.randint(800_000, 3_500_000), followers=rng.randint(100_000, 480_000))


def _district_sessions(rng: random.Random) -> list[EventPlan]:
    """One session per district and county through April–June; the last ones are still to come."""
    days, day = [], dt.date(2021, 4, 9)
    while day <= dt.date(2021, 6, 29):
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    chosen = sorted(rng.sample(days, len(DISTRICTS)))
    order = list(DISTRICTS)
    rng.shuffle(order)
    events = []
    for number, ((code, zh, en, _gb), day) in enumerate(zip(order, chosen, strict=True)):
        held = number < DISTRICTS_HELD
        start = dt.datetime.combine(day, dt.time(rng.choice([9, 14]), 30))
        head = rng.choice(data.SURNAMES)[0]
        event = EventPlan(
            key=code, title_zh=f"“泉城新机遇 云招商”{zh}专场推介会", title_en=f"Fresh Opportunities for Jinan: {en} session",
            level=EventLevel.DISTRICT, unit=code, starts_at=start, hours=2, mode=rng.choice([EventMode.ONLINE, EventMode.HYBRID]),
            status=EventStatus.HELD if held else EventStatus.PLANNED, venue=STUDIO,
            summary_zh=f"{zh}专场：区县投资环境、重点产业和招商项目推介。日期、议程与各平台数据为{DEMO}。",
            summary_en=f"{en} session: investment environment, key industries and projects. Dates, agenda and "
                       "figures are demo data.",
            agenda=[
                (None, f"{head}某", "区（县）委副书记、区（县）长", f"{zh}人民政府", f"{zh}投资环境与发展机遇"),
                (None, f"{rng.choice(data.SURNAMES)[0]}某", "投资促进中心主任", f"{zh}投资促进中心", "重点产业与招商项目推介"),
                (None, f"{rng.choice(data.SURNAMES)[0]}某", "企业代表", "", "在济投资体会"),
            ],
            materials=[(MaterialKind.DOCUMENT, f"{zh}投资指南", f"{en} investment guide")],
            live_on=["ijinan", f"{code}-media"],
        )
        if held:
            others = rng.sample([c for c, *_ in DISTRICTS if c != code], rng.randint(1, 3))
            _session(rng, event, [*OWN_LIVE, f"{code}-media", "douyin", "kuaishou"], others)
        events.append(event)
    return events


def _special_events(rng: random.Random, units: dict[str, Unit]) -> list[EventPlan]:
    """The "N": sessions of the zones and of an app, and roadshows in Beijing and Shenzhen."""
    events = []
    for key, zh, en, unit, month, day, hour, mode, city, held in SPECIAL_EVENTS:
        start = dt.datetime(2021, month, day, hour, 0)
        roadshow = bool(city)
        event = EventPlan(
            key=key, title_zh=zh, title_en=en, level=EventLevel.SPECIAL, unit=unit, starts_at=start,
            hours=3 if roadshow else 2, mode=mode, status=EventStatus.HELD if held else EventStatus.PLANNED,
            venue=f"{city}专场会场" if roadshow else STUDIO, city=city,
            summary_zh=f"{'异地路演' if roadshow else '园区、客户端专场'}。日期、议程与各平台数据为{DEMO}。",
            summary_en=f"{'Roadshow' if roadshow else 'Zone or app session'}. Dates, agenda and figures are demo data.",
            agenda=[
                (None, f"{rng.choice(data.SURNAMES)[0]}某", "市投资促进局副局长", "济南市投资促进局", "济南投资环境推介"),
                (None, f"{rng.choice(data.SURNAMES)[0]}某",
                 "管委会副主任" if unit in ("hightech", "pioneer", "medical") else "招商部负责人",
                 units[unit].name_zh, "重点项目与合作机会"),
            ],
            live_on=["ijinan"],
        )
        if held:
            overlaps = [d.code for d in units[unit].districts.order_by("order")] if unit in ZONE_CODES else []
            own = ["ijinan", "xinshibao", "douyin"] if key == "app" else OWN_LIVE
            _session(rng, event, own, overlaps[:2])
        events.append(event)
    return events


def _provincial_events() -> list[EventPlan]:
    """The two provincial signing events of March 2021 (not part of the campaign)."""
    return [
        EventPlan(key=f"provincial-{day:%m%d}", title_zh=zh, title_en=en, level=EventLevel.PROVINCIAL, unit="jnipb",
                  starts_at=dt.datetime.combine(day, dt.time(10, 0)), hours=2, mode=EventMode.HYBRID,
                  status=EventStatus.HELD, in_campaign=False,
                  summary_zh=f"{data.PROVINCIAL_SIGNINGS_NOTE}", summary_en="As reported: with the other "
                  "provincial event of March 2021, 14 Jinan projects signed, US$1.354 billion. The companies are "
                  "fictional.")
        for day, (zh, en) in PROVINCIAL_EVENTS.items()
    ]


def _campaign_publications(rng: random.Random) -> EventPlan:
    """The campaign's own coverage: its announcement and topic page (held in an ``EventPlan`` for the counts)."""
    holder = EventPlan(key="campaign", title_zh="", title_en="", level=EventLevel.CITY, unit="jnipb",
                       starts_at=dt.datetime(2021, 3, 29, 9, 0), hours=0, mode=EventMode.ONLINE,
                       status=EventStatus.HELD)
    raw: dict[str, float] = {}
    _publish(rng, holder, "jinan-app", PublicationKind.ARTICLE, 0, SESSION_MOMENTS, 8, raw)
    _publish(rng, holder, "jinan-daily", PublicationKind.ARTICLE, 45.5, SESSION_MOMENTS, 8, raw)
    _scale(holder, raw, reads=rng.randint(200_000, 400_000), followers=rng.randint(20_000, 50_000))
    return holder


# --- seeding --------------------------------------------------------------------------------------


class CampaignSeeder:
    """Writes the demo campaign through the actions; what is already there is left as it is."""

    def __init__(self, *, units: dict[str, Unit], users: dict[str, User], created: Counter, seed: int):
        self.units = units
        self.city = users["demo-city"]
        self.media = users["demo-media"]
        self.created = created
        self.rng = random.Random(seed * 1_000 + 330)

    def run(self) -> None:
        rng = self.rng
        city_event = _city_event(rng)
        sessions = _district_sessions(rng)
        specials = _special_events(rng, self.units)
        coverage = _campaign_publications(rng)
        self.channels_in_place()
        campaign = self.campaign_in_place()
        plans = [city_event, *sessions, *specials, *_provincial_events()]
        events = self.events_in_place(plans, campaign)
        for plan in plans:
            self.programme_in_place(events[plan.key], plan)
        self.publications_in_place("event", events, plans)
        self.publications_in_place("campaign", {"campaign": campaign}, [coverage])
        self.signings_in_place(events)
        self.guests_in_place(events)

    # -- registry, campaign and events -----------------------------------------------------------

    def channels_in_place(self) -> None:
        """Add the channels (and their outlets) that the registry does not have yet."""
        have = set(Channel.objects.filter(code__in=BY_CODE).values_list("code", flat=True))
        for plan in CHANNELS:
            if plan.code in have:
                continue
            reach.create_channel(
                actor=self.media, code=plan.code, name_zh=plan.name_zh, name_en=plan.name_en,
                outlet_name_zh=plan.outlet_zh, outlet_name_en=plan.outlet_en, level=plan.level, kind=plan.kind,
                owner=plan.owner, country=plan.country, language=plan.language,
            )
            self.created["channels"] += 1

    def campaign_in_place(self) -> Campaign:
        found = Campaign.objects.filter(name_zh=CAMPAIGN["name_zh"], starts_on=CAMPAIGN["starts_on"]).first()
        if found:
            return found
        self.created["campaigns"] += 1
        return campaigns.create_campaign(actor=self.city, organisers=[self.units["jnipb"], self.units["jdng"]],
                                         **CAMPAIGN)

    def events_in_place(self, plans: list[EventPlan], campaign: Campaign) -> dict[str, Event]:
        """The events by plan key, created where no event of that title and start exists."""
        existing = {
            (e.title_zh, e.starts_at): e
            for e in Event.objects.filter(title_zh__in=[p.title_zh for p in plans])
        }
        events = {}
        for plan in plans:
            start = _local(plan.starts_at)
            event = existing.get((plan.title_zh, start))
            if event is None:
                event = campaigns.create_event(
                    actor=self.city, campaign=campaign if plan.in_campaign else None, title_zh=plan.title_zh,
                    title_en=plan.title_en, level=plan.level, owner_unit=self.units[plan.unit], starts_at=start,
                    ends_at=start + dt.timedelta(hours=plan.hours), mode=plan.mode, venue=plan.venue,
                    city=plan.city, status=plan.status, summary_zh=plan.summary_zh, summary_en=plan.summary_en,
                )
                self.created["events"] += 1
            events[plan.key] = event
        return events

    def programme_in_place(self, event: Event, plan: EventPlan) -> None:
        """Agenda, livestream links and materials, for an event that has none yet."""
        if plan.agenda and not AgendaItem.objects.filter(event=event).exists():
            for order, (time, speaker, title, organisation, topic) in enumerate(plan.agenda, start=1):
                campaigns.add_agenda_item(
                    event, actor=self.city, order=order, speaker=speaker, speaker_title=title,
                    organisation=organisation, topic=topic,
                    starts_at=dt.time.fromisoformat(time) if time else None,
                )
                self.created["agenda items"] += 1
        if plan.live_on and not EventStream.objects.filter(event=event).exists():
            channels = Channel.objects.in_bulk(plan.live_on, field_name="code")
            for code in plan.live_on:
                campaigns.add_stream(event, actor=self.city, channel=channels[code],
                                     url=f"https://example.com/live/{code}/{plan.starts_at:%Y%m%d}")
        if plan.materials and not EventMaterial.objects.filter(event=event).exists():
            for kind, zh, en in plan.materials:
                campaigns.add_material(event, actor=self.city, kind=kind, title_zh=zh, title_en=en)

    # -- reach -----------------------------------------------------------------------------------

    def publications_in_place(self, kind: str, objects: dict[str, Event | Campaign], plans: list[EventPlan]) -> None:
        """The publications of the events (``kind`` "event") or of the campaign, and their snapshots, where
        missing; ``objects`` are the subjects by plan key. The snapshots are checked and written in one batch."""
        channels = Channel.objects.in_bulk(BY_CODE, field_name="code")
        ids = [obj.pk for obj in objects.values()]
        existing = {(getattr(p, f"{kind}_id"), p.channel_id, p.kind): p
                    for p in Publication.objects.filter(**{f"{kind}__in": ids})}
        stored = set(MetricSnapshot.objects.filter(**{f"publication__{kind}__in": ids})
                     .values_list("publication_id", "taken_at"))
        rows: list[SnapshotRow] = []
        for plan in plans:
            subject = objects[plan.key]
            for pub_plan in plan.publications:
                channel = channels[pub_plan.channel]
                publication = existing.get((subject.pk, channel.pk, pub_plan.kind))
                if publication is None:
                    publication = reach.record_publication(
                        actor=self.media, channel=channel, kind=pub_plan.kind,
                        published_at=_local(pub_plan.published_at), **{kind: subject})
                    self.created["publications"] += 1
                for moment, counts in pub_plan.snapshots:
                    taken_at = _local(moment)
                    if (publication.pk, taken_at) not in stored:
                        rows.append(SnapshotRow(publication=publication, taken_at=taken_at, counts=counts,
                                                row=len(rows) + 1))
        if rows:
            plan = reach.record_snapshots(rows, actor=self.media, source=SnapshotSource.PLATFORM)
            self.created["snapshots"] += len(plan.new)

    # -- signings and guests ---------------------------------------------------------------------

    def signings_in_place(self, events: dict[str, Event]) -> None:
        """The provincial signings of March 2021, and some of those projects signed again at the city event."""
        codes = [f"DEMO-{100 + i:04d}" for i in range(1, len(data.PROVINCIAL_SIGNINGS_2021) + 1)]
        projects = {p.code: p for p in Project.objects.filter(code__in=codes).prefetch_related("investors")}
        done = set(Signing.objects.filter(project__in=projects.values()).values_list("event_id", "project_id"))
        provincial = {day: events[f"provincial-{day:%m%d}"] for day in PROVINCIAL_EVENTS}
        wanted = []
        for number, code in enumerate(codes):
            project = projects.get(code)
            if project is None or project.signed_on not in provincial:
                continue
            mode = SigningMode.ON_SITE if number % 3 == 0 else SigningMode.ONLINE
            wanted.append((provincial[project.signed_on], project, project.signed_on, mode, ""))
            if code in RESIGNED_AT_CITY_EVENT:
                wanted.append((events["city"], project, CITY_EVENT_START.date(), SigningMode.ONLINE,
                               "市级综合推介会上云签约（已在省级活动签约，不重复计入）"))
        for event, project, day, mode, note in wanted:
            if (event.pk, project.pk) in done:
                continue
            investors = "、".join(i.name_zh for i in project.investors.all()) or "投资方"
            campaigns.record_signing(
                event, project, actor=self.city, parties=f"济南市人民政府；{investors}", signed_on=day,
                amount=project.total_investment, currency=project.currency, exchange_rate=project.exchange_rate,
                mode=mode, note=note,
            )
            self.created["signings"] += 1

    def guests_in_place(self, events: dict[str, Event]) -> None:
        """Investors at the city event and the provincial ones: invited, registered, most of them attending.

        Investors whose attendance of the kick-off is already in the CRM (an interaction of that day, not
        written for a guest) are left out, so that no attendance is recorded twice.
        """
        rng = self.rng
        by_project = {
            p.code: list(p.investors.all())
            for p in Project.objects.filter(code__startswith="DEMO-").prefetch_related("investors")
        }
        city_day = CITY_EVENT_START.date()
        attended_already = set(Interaction.objects.filter(
            kind=InteractionKind.EVENT_ATTENDANCE, occurred_on=city_day, event_guest__isnull=True,
        ).values_list("investor_id", flat=True))
        city_guests = [i for code in CITY_GUEST_PROJECTS for i in by_project.get(code, [])
                       if i.pk not in attended_already]
        city_guests += list(
            Investor.objects.filter(kind__in=[InvestorKind.FINANCIAL, InvestorKind.ASSOCIATION])
            .exclude(pk__in=attended_already).order_by("pk")[:4]
        )
        wanted = [(events["city"], investor, rng.random() < 0.75) for investor in dict.fromkeys(city_guests)]
        for day in PROVINCIAL_EVENTS:
            event = events[f"provincial-{day:%m%d}"]
            signed_there = Project.objects.filter(code__startswith="DEMO-01", signed_on=day)
            for project in signed_there.order_by("code"):
                wanted += [(event, investor, True) for investor in by_project.get(project.code, [])]
        guests = {(g.event_id, g.investor_id): g for g in EventGuest.objects.filter(
            event__in=[e for e, *_ in wanted])}
        for event, investor, attends in wanted:
            guest = guests.get((event.pk, investor.pk))
            if guest is None:
                guest = campaigns.invite_investor(
                    event, investor, actor=self.city, registered=True,
                    guest_type=GUEST_TYPE_FOR_KIND.get(investor.kind, GuestType.OTHER))
                self.created["guests"] += 1
            if attends and not guest.attended:
                campaigns.mark_attended(guest, actor=self.city)


def seed_campaigns(*, units: dict[str, Unit], users: dict[str, User], created: Counter, seed: int = 2021) -> None:
    """Create the demo campaign, its events, channels, reach and signings where they are missing."""
    CampaignSeeder(units=units, users=users, created=created, seed=seed).run()
