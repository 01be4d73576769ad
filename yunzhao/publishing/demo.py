"""Demo content of the public portal, published through the same actions staff use.

Zone profiles, policies, news, videos, the city at a glance, opportunities on demo projects, event
pages (one event live now, some to come, the campaign's held events with replays) and a few video-
meeting slots. Some English texts are left out on purpose, so that the "Chinese original" badge
shows. Running it again changes nothing: items are found by their Chinese title (or zone, project,
event) and left as they are.

Figures are the bureau's published ones quoted in DOMAIN.md and the press reports; office phone
numbers and addresses are placeholders (example.cn), never a person's.
"""

import datetime as dt
from collections import Counter

from django.utils import timezone

from yunzhao.campaigns import actions as campaign_actions
from yunzhao.campaigns.choices import EventLevel, EventMode, StreamKind
from yunzhao.campaigns.models import Event, EventStream
from yunzhao.crm import leads
from yunzhao.crm.models import MeetingSlot
from yunzhao.orgs.models import Unit, User
from yunzhao.projects.choices import Stage
from yunzhao.projects.models import Project
from yunzhao.reach.models import Channel

from . import actions
from .models import CityFigure, EventPage, NewsArticle, Opportunity, Policy, Video, VideoSeries, ZoneProfile

FIGURES = [
    ("地区生产总值", "GDP", "1.28万亿元", "1.28 trillion yuan", "2023年，国家统计局济南调查队", "2023, NBS Jinan survey office",
     dt.date(2023, 12, 31)),
    ("签约过亿元项目", "Projects over 100 million yuan signed", "613个", "613", "其中百亿元以上7个", "7 of them over 10 billion yuan",
     dt.date(2023, 12, 31)),
    ("实际使用外资", "Foreign capital actually used", "10.67亿美元", "US$1.067 billion", "2023年全年", "Year 2023",
     dt.date(2023, 12, 31)),
    ("常住人口", "Resident population", "943.7万人", "9.44 million", "", "", dt.date(2023, 12, 31)),
    ("世界500强企业落户", "Fortune Global 500 companies present", "120余家", "over 120", "", "", dt.date(2023, 12, 31)),
    ("国家级开发区", "National development zones", "5个", "5", "", "", dt.date(2023, 12, 31)),
]

# zone code: (tagline zh, tagline en, summary zh, summary en, industries zh, industries en, figures zh,
#             figures en, featured)
ZONES: dict[str, tuple[str, str, str, str, str, str, str, str, bool]] = {
    "hightech": (
        "创新之城 智造高地", "Where Jinan innovates and manufactures",
        "济南高新区是1991年首批国家级高新区之一，集聚了浪潮、齐鲁制药等龙头企业，是济南建设国家中心城市的"
        "核心引擎。区内重点发展新一代信息技术、生物医药、智能装备和新能源产业，提供从研发、中试到量产的全链条"
        "空间载体和政策支持。",
        "Jinan High-Tech Zone, one of China's first national high-tech zones (1991), is home to Inspur and Qilu "
        "Pharmaceutical. It focuses on next-generation IT, biomedicine, intelligent equipment and new energy, and "
        "offers space and support from research through pilot production to volume manufacturing.",
        "新一代信息技术\n生物医药\n智能装备\n新能源与储能", "Next-generation IT\nBiomedicine\nIntelligent equipment\n"
        "New energy and storage",
        "高新技术企业：2600余家\n上市公司：42家\n国家级孵化器：12家", "High-tech enterprises: over 2,600\n"
        "Listed companies: 42\nNational incubators: 12", True),
    "pioneer": (
        "黄河岸边的新城", "A new city on the Yellow River",
        "济南新旧动能转换起步区位于黄河北岸，是国务院批复的国家级战略平台，重点布局新能源汽车、氢能、绿色低碳和"
        "现代服务业，已引进比亚迪济南基地等重大项目。",
        "", "新能源汽车\n氢能\n绿色低碳\n现代服务业", "", "规划面积：798平方公里", "", True),
    "medical": (
        "医学科学与健康产业", "Medical science and health industry",
        "济南国际医学科学中心聚焦医学科技创新、高端医疗服务和生物医药产业，拥有多家国家区域医疗中心。",
        "The Jinan International Medical Science Center focuses on medical research, advanced care and the "
        "biomedicine industry, around several national regional medical centres.",
        "生物医药\n医疗器械\n精准医疗", "Biomedicine\nMedical devices\nPrecision medicine", "", "", True),
    "ftz": (
        "制度创新试验田", "A testing ground for open-economy rules",
        "中国（山东）自由贸易试验区济南片区以制度创新为核心，发展人工智能、产业金融、医疗康养和文化产业，为外资"
        "企业提供负面清单管理和跨境贸易便利。",
        "The Jinan Area of the China (Shandong) Pilot Free Trade Zone tests open-economy rules: a negative list "
        "for foreign investment, easier cross-border trade, and a focus on AI, industrial finance, health and "
        "culture.",
        "人工智能\n产业金融\n医疗康养\n文化产业", "Artificial intelligence\nIndustrial finance\nHealth and care\n"
        "Culture", "", "", False),
}

POLICIES = [
    ("济南市支持新能源产业高质量发展若干政策措施", "Measures to support high-quality development of new energy in Jinan",
     "对新落户的新能源整车、动力电池、储能和氢能项目给予固定资产投资补助、用地保障和人才支持。",
     "Investment grants, land and talent support for new-energy vehicle, battery, storage and hydrogen projects.",
     "为加快济南新能源产业集聚发展，培育千亿级新能源产业集群，制定本措施。\n\n一、对新落户济南的新能源整车、"
     "动力电池、储能系统和氢能装备项目，按设备投资额的10%给予补助，单个项目最高5000万元。\n\n二、对链主企业"
     "带动的配套项目，优先保障用地，土地出让价格按国家规定执行。\n\n三、对项目引进的高层次人才，给予安家补贴和"
     "子女入学便利。",
     "", "济南市人民政府办公厅", "General Office of the Jinan Municipal Government", "济政办字〔2023〕12号",
     dt.date(2023, 5, 18), "新能源,储能,氢能", "new energy,storage,hydrogen", "jnipb"),
    ("济南市鼓励外商投资若干措施", "Measures to encourage foreign investment in Jinan",
     "对实际使用外资金额达到标准的新设外资项目给予奖励，并提供全流程服务。",
     "Rewards for new foreign-invested projects by capital actually used, and one-stop service.",
     "为进一步扩大高水平对外开放，稳外资、促发展，制定本措施。\n\n一、对年度实际使用外资金额超过1000万美元的"
     "新设外资项目，按实际使用外资金额的2%给予奖励。\n\n二、外资企业在济南设立地区总部、研发中心的，给予一次性"
     "奖励。\n\n三、建立外资企业服务专员制度，提供注册、用地、用工全流程服务。",
     "To open the city further to foreign investment, Jinan offers the following.\n\n1. New foreign-invested "
     "projects using over US$10 million in a year receive a reward of 2% of the capital actually used.\n\n2. "
     "Regional headquarters and R&D centres of foreign companies receive a one-off reward.\n\n3. Every "
     "foreign-invested company has a service officer for registration, land and hiring.",
     "济南市商务局", "Jinan Municipal Bureau of Commerce", "济商务发〔2024〕3号", dt.date(2024, 2, 26),
     "外资,总部经济", "foreign investment,headquarters", "jnipb"),
    ("济南高新区集成电路产业扶持办法", "Support for the integrated circuit industry in Jinan High-Tech Zone",
     "对芯片设计、制造和封测企业给予研发、流片和房租支持。",
     "", "为打造集成电路产业链，济南高新区对芯片设计企业的流片费用给予50%补贴，对新建封测产线给予设备补助，"
     "对入驻园区的企业给予三年房租减免。", "", "济南高新区管委会", "Jinan High-Tech Zone Administrative Committee",
     "", dt.date(2024, 4, 10), "集成电路,芯片", "", "hightech"),
    ("关于进一步优化营商环境的实施意见", "Implementing opinions on further improving the business environment",
     "推行企业开办一日办结、工程建设项目审批提速和涉企政策免申即享。", "",
     "济南将深化“放管服”改革：企业开办一个工作日内办结；工业项目实现拿地即开工；涉企优惠政策免申即享，"
     "资金直达企业。", "", "济南市人民政府", "Jinan Municipal Government", "济政发〔2024〕1号",
     dt.date(2024, 1, 8), "营商环境", "business environment", "jnipb"),
    ("起步区氢能产业发展专项政策", "Hydrogen industry policy of the Pioneer Zone",
     "支持加氢站建设和燃料电池汽车示范应用。", "",
     "对在起步区建设的加氢站按投资额给予补助，对燃料电池汽车示范运营给予运营补贴，支持氢能装备企业在起步区"
     "设立生产基地。", "", "济南新旧动能转换起步区管委会", "", "", dt.date(2023, 9, 1), "氢能,新能源", "", "pioneer"),
]

NEWS = [
    ("“泉城新机遇 云招商”推介活动线上签约重点项目", "Key projects signed online at the “New Opportunities in Quancheng” "
     "promotion", "市级综合推介会通过云签约方式集中签约一批重点项目，涵盖新能源、集成电路和生物医药领域。",
     "The city-level promotion signed a group of key projects online, in new energy, integrated circuits and "
     "biomedicine.",
     "3月30日，“泉城新机遇 云招商”济南市投资推介活动在线举行，市领导与客商“屏对屏”交流，集中签约一批重点项目。"
     "活动通过四级融媒体平台同步直播。",
     "On 30 March, Jinan's “New Opportunities in Quancheng” promotion was held online. City leaders met investors "
     "screen to screen and a group of key projects was signed, broadcast live across media at four levels."),
    ("济南高新区举办集成电路产业专场推介会", "", "高新区面向长三角和粤港澳大湾区企业推介集成电路产业链机会。", "",
     "济南高新区集成电路产业专场推介会以“线上+线下”方式举行，介绍园区在芯片设计、封装测试方面的配套能力和扶持政策。",
     ""),
    ("济南综合保税区跨境电商业务量快速增长", "Cross-border e-commerce grows fast in the Jinan Comprehensive Bonded Zone",
     "", "", "济南综合保税区今年以来跨境电商进出口单量同比增长明显，新增多家海外仓企业。", "The bonded zone reports a "
     "marked year-on-year rise in cross-border e-commerce orders and several new overseas warehouse companies."),
    ("起步区新能源汽车产业链加速集聚", "", "整车项目带动电池、电机、电控等配套企业落户。", "",
     "随着整车项目投产，起步区新能源汽车产业链上下游企业加速集聚，形成链主带动、配套跟进的发展格局。", ""),
]

SERIES = [
    ("泉城招商", "Invest in Quancheng", "济南投资环境宣传片", "Films about investing in Jinan", [
        ("走进济南：一座来了就不想走的城市", "Meet Jinan", 212),
        ("济南的产业地图", "Jinan's industry map", 305),
        ("外商眼中的济南", "Jinan through investors' eyes", 268),
    ]),
    ("园区巡礼", "Zone tours", "跟随镜头走进济南各大园区", "", [
        ("济南高新区：创新之城", "", 184),
        ("起步区：黄河岸边的新城", "The Pioneer Zone on the Yellow River", 231),
    ]),
]


class PortalSeeder:
    """Publishes the demo content with the demo accounts: the city's by the city, a zone's by the zone."""

    def __init__(self, *, units: dict[str, Unit], users: dict[str, User], created: Counter):
        self.units = units
        self.city = users["demo-city"]
        self.unit_users = {u.unit.code: u for u in users.values() if u.can_write_ledger and not u.is_citywide}
        self.created = created
        self.now = timezone.now()

    def _actor(self, unit_code: str) -> User:
        return self.unit_users.get(unit_code, self.city)

    def _publish(self, item, actor: User, counter: str) -> None:
        actions.publish_item(item, actor=actor)
        self.created[counter] += 1

    def run(self) -> None:
        self.figures()
        self.zones()
        self.policies()
        self.news()
        self.videos()
        self.opportunities()
        self.events()
        self.slots()

    def figures(self) -> None:
        for order, (lzh, len_, vzh, ven, nzh, nen, as_of) in enumerate(FIGURES):
            if CityFigure.objects.filter(label_zh=lzh).exists():
                continue
            item = actions.create_item(CityFigure, actor=self.city, label_zh=lzh, label_en=len_, value_zh=vzh,
                                       value_en=ven, note_zh=nzh, note_en=nen, as_of=as_of, order=order)
            self._publish(item, self.city, "portal figures")

    def zones(self) -> None:
        for code, (tzh, ten, szh, sen, izh, ien, fzh, fen, featured) in ZONES.items():
            unit = self.units[code]
            if ZoneProfile.objects.filter(unit=unit).exists():
                continue
            actor = self._actor(code)
            item = actions.create_zone_profile(
                unit, actor=actor, tagline_zh=tzh, tagline_en=ten, summary_zh=szh, summary_en=sen,
                industries_zh=izh, industries_en=ien, figures_zh=fzh, figures_en=fen,
                figures_as_of=dt.date(2023, 12, 31) if fzh else None, featured=featured,
                address_zh=f"济南市{unit.name_zh}投资促进服务中心", address_en=f"Investment Service Centre, {unit.name_en}",
                office_phone="0531-8000 0000", office_email=f"invest-{code}@example.cn",
                website=f"https://{code}.example.cn/")
            self._publish(item, actor, "portal zones")

    def policies(self) -> None:
        for tzh, ten, szh, sen, bzh, ben, izh, ien, number, issued, tagzh, tagen, owner in POLICIES:
            if Policy.objects.filter(title_zh=tzh).exists():
                continue
            actor = self._actor(owner)
            item = actions.create_item(
                Policy, actor=actor, owner_unit=self.units[owner], title_zh=tzh, title_en=ten, summary_zh=szh,
                summary_en=sen, body_zh=bzh, body_en=ben, issuer_zh=izh, issuer_en=ien, document_number=number,
                issued_on=issued, tags_zh=tagzh, tags_en=tagen)
            self._publish(item, actor, "portal policies")

    def news(self) -> None:
        for tzh, ten, szh, sen, bzh, ben in NEWS:
            if NewsArticle.objects.filter(title_zh=tzh).exists():
                continue
            item = actions.create_item(NewsArticle, actor=self.city, title_zh=tzh, title_en=ten, summary_zh=szh,
                                       summary_en=sen, body_zh=bzh, body_en=ben)
            self._publish(item, self.city, "portal news")

    def videos(self) -> None:
        for order, (tzh, ten, dzh, den, videos) in enumerate(SERIES):
            series = VideoSeries.objects.filter(title_zh=tzh).first()
            if series is None:
                series = actions.create_item(VideoSeries, actor=self.city, title_zh=tzh, title_en=ten,
                                             description_zh=dzh, description_en=den, order=order)
                self._publish(series, self.city, "portal video series")
            for n, (vzh, ven, seconds) in enumerate(videos):
                if Video.objects.filter(title_zh=vzh).exists():
                    continue
                video = actions.create_item(
                    Video, actor=self.city, series=series, title_zh=vzh, title_en=ven, order=n,
                    url=f"https://video.example.cn/jinan/{order}-{n}", duration_seconds=seconds)
                self._publish(video, self.city, "portal videos")

    def opportunities(self) -> None:
        teasers = [
            ("储能电池材料配套项目", "Battery materials for energy storage",
             "围绕链主企业的储能电池产能，寻求正负极材料、电解液和隔膜配套企业，园区提供标准厂房和定制化用地。",
             "Suppliers of cathode, anode, electrolyte and separator materials are sought around an anchor "
             "battery maker; standard plants and custom land are available.", "总投资约10亿元", "About 1 billion yuan"),
            ("生物医药中试平台合作", "", "面向创新药企业提供中试生产平台，欢迎合作共建与入驻。", "", "", ""),
            ("智能装备零部件产业园", "Intelligent equipment components park",
             "规划建设智能装备关键零部件产业园，招引精密减速器、伺服电机和控制系统企业。",
             "A park for key components of intelligent equipment: precision reducers, servo motors and controls.",
             "", ""),
        ]
        projects = list(Project.objects.filter(stage__in=[Stage.LEAD, Stage.NEGOTIATING], opportunity__isnull=True)
                        .exclude(zone__isnull=True).select_related("zone").order_by("code")[:len(teasers)])
        if Opportunity.objects.exists():
            return
        for project, (tzh, ten, szh, sen, fzh, fen) in zip(projects, teasers, strict=False):
            item = actions.open_opportunity(project, actor=self.city, title_zh=tzh, title_en=ten, teaser_zh=szh,
                                            teaser_en=sen, industry=project.industry, public_figure_zh=fzh,
                                            public_figure_en=fen)
            self._publish(item, self.city, "portal opportunities")

    def _event(self, title_zh: str, title_en: str, unit: str, starts: dt.datetime, hours: float, **extra) -> Event:
        event = Event.objects.filter(title_zh=title_zh).first()
        if event is None:
            event = campaign_actions.create_event(
                actor=self._actor(unit) if unit != "jnipb" else self.city, title_zh=title_zh, title_en=title_en,
                level=EventLevel.CITY if unit == "jnipb" else EventLevel.SPECIAL, owner_unit=self.units[unit],
                starts_at=starts, ends_at=starts + dt.timedelta(hours=hours), mode=EventMode.ONLINE, **extra)
        return event

    def _streams(self, event: Event, kind: str) -> None:
        channels = {c.code: c for c in Channel.objects.filter(code__in=["ijinan", "wechat", "douyin"])}
        for code, channel in channels.items():
            if not EventStream.objects.filter(event=event, channel=channel, kind=kind).exists():
                campaign_actions.add_stream(event, actor=self.city, channel=channel, kind=kind,
                                            url=f"https://{code}.example.cn/{kind}/{event.pk}")

    def _page(self, event: Event, intro_zh: str, intro_en: str = "") -> None:
        if EventPage.objects.filter(event=event).exists():
            return
        page = actions.create_event_page(event, actor=self.city, intro_zh=intro_zh, intro_en=intro_en)
        self._publish(page, self.city, "portal event pages")

    def events(self) -> None:
        hour = self.now.replace(minute=0, second=0, microsecond=0)
        live = self._event("2025济南投资环境全球推介会", "Jinan Global Investment Promotion 2025", "jnipb",
                           hour - dt.timedelta(minutes=30), 3, venue="济南日报报业集团融媒体演播室")
        self._streams(live, StreamKind.LIVE)
        self._page(live, "市领导介绍济南投资环境，园区代表推介重点项目，客商在线提问并现场签约。",
                   "City leaders present Jinan, zones present their key projects, and investors ask questions "
                   "and sign online.")
        coming = self._event("济南高新区集成电路专场推介会", "Jinan High-Tech Zone integrated circuits session",
                             "hightech", hour + dt.timedelta(days=5, hours=2), 2)
        self._streams(coming, StreamKind.LIVE)
        self._page(coming, "面向芯片设计、制造和封测企业，介绍高新区集成电路产业链配套和扶持政策。")
        later = self._event("起步区新能源汽车产业链对接会", "", "pioneer", hour + dt.timedelta(days=12), 2)
        self._page(later, "链主企业与配套企业现场对接，发布起步区新能源汽车产业链招商清单。")
        held = Event.objects.filter(level=EventLevel.CITY, starts_at__lt=self.now - dt.timedelta(days=1)).exclude(
            pk__in=[live.pk]).order_by("-starts_at").first()
        if held is not None:
            self._streams(held, StreamKind.REPLAY)
            self._page(held, "“泉城新机遇 云招商”市级综合推介会回放。",
                       "Replay of the city-level “New Opportunities in Quancheng” promotion.")

    def slots(self) -> None:
        if MeetingSlot.objects.exists():
            return
        base = timezone.localtime(self.now).replace(hour=10, minute=0, second=0, microsecond=0)
        for unit in ("hightech", "jnipb", "pioneer"):
            actor = self._actor(unit)
            for day in (1, 2, 3):
                for hour in (0, 4):
                    start = base + dt.timedelta(days=day, hours=hour)
                    leads.offer_slot(actor=actor, unit=self.units[unit], starts_at=start,
                                     ends_at=start + dt.timedelta(minutes=45),
                                     meeting_link=f"https://meeting.example.cn/{unit}/{day}{hour}")
                    self.created["meeting slots"] += 1


def seed_portal(*, units: dict[str, Unit], users: dict[str, User], created: Counter) -> None:
    """Publish the portal's demo content where it is missing."""
    PortalSeeder(units=units, users=users, created=created).run()
