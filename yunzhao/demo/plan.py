"""The demo city as a plan: every investor, project and record to create, built from one seeded generator.

``build_plan`` is pure: it reads no database and depends only on the seed, the scale and the day it is
built for, so the same call always describes the same city. ``seeding`` turns the plan into records
through the actions.
"""

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from yunzhao.core.choices import Currency, Industry
from yunzhao.crm.choices import ConsentMethod, InteractionKind, InvestorKind
from yunzhao.crm.models import name_key
from yunzhao.orgs.reference import DISTRICTS, ZONES
from yunzhao.projects.choices import OFF_PIPELINE, PIPELINE, CapitalSource, ProjectKind, Stage, stage_rank
from yunzhao.projects.scheduling import period_start_for

from . import data
from .names import CompanyNamer, person, phone
from .rates import demo_usd_rate

WAN = Decimal(10_000)
YI = data.YI
DISTRICT_CODES = [code for code, *_ in DISTRICTS]
ZONE_DISTRICTS = {code: overlaps for code, _zh, _en, overlaps in ZONES}
CITY = "jnipb"

# Generated records at scale 1; the press set comes on top at every scale.
BASE_INVESTORS = 300
BASE_PROJECTS = 300

INVESTOR_KIND_WEIGHTS = {
    InvestorKind.PRIVATE: 30, InvestorKind.DOMESTIC: 18, InvestorKind.SOE: 10, InvestorKind.MULTINATIONAL: 14,
    InvestorKind.FOREIGN_FUNDED: 10, InvestorKind.FINANCIAL: 9, InvestorKind.ASSOCIATION: 6,
}
FOREIGN_KINDS = frozenset({InvestorKind.MULTINATIONAL, InvestorKind.FOREIGN_FUNDED})
INDUSTRY_WEIGHTS = {
    Industry.NEW_ENERGY: 10, Industry.HYDROGEN: 5, Industry.SMART_MANUFACTURING: 12, Industry.AUTOMOTIVE: 7,
    Industry.DIGITAL_ECONOMY: 12, Industry.SEMICONDUCTORS: 6, Industry.BIOMEDICINE: 9, Industry.NEW_MATERIALS: 7,
    Industry.FINANCE: 4, Industry.LOGISTICS: 5, Industry.EXHIBITION: 2, Industry.CULTURE_TOURISM: 4,
    Industry.MODERN_AGRICULTURE: 4, Industry.REAL_ESTATE: 4, Industry.COMMERCE: 5, Industry.OTHER: 4,
}
STAGE_WEIGHTS = {
    Stage.LEAD: 12, Stage.NEGOTIATING: 15, Stage.EXPECTED: 9, Stage.SIGNED: 14, Stage.REGISTERED: 10,
    Stage.STARTED: 18, Stage.PRODUCTION: 14, Stage.PAUSED: 4, Stage.LOST: 4,
}
KIND_WEIGHTS = {ProjectKind.NEW: 70, ProjectKind.EXPANSION: 20, ProjectKind.CAPITAL_INCREASE: 10}
# (low, high, weight) in yuan: most projects 1亿–10亿, some of 50亿 and over 100亿.
AMOUNT_BANDS = [
    (2_000 * WAN, 1 * YI, 15), (1 * YI, 10 * YI, 52), (10 * YI, 50 * YI, 22), (50 * YI, 100 * YI, 7),
    (100 * YI, 300 * YI, 4),
]
LAND_INDUSTRIES = frozenset({
    Industry.NEW_ENERGY, Industry.HYDROGEN, Industry.SMART_MANUFACTURING, Industry.AUTOMOTIVE,
    Industry.SEMICONDUCTORS, Industry.BIOMEDICINE, Industry.NEW_MATERIALS, Industry.LOGISTICS,
    Industry.MODERN_AGRICULTURE, Industry.CULTURE_TOURISM, Industry.EXHIBITION,
})
# Days between signing and today that each stage needs, at least, to be plausible.
MIN_DAYS_SINCE_SIGNING = {Stage.SIGNED: 5, Stage.REGISTERED: 60, Stage.STARTED: 120, Stage.PRODUCTION: 600}


@dataclass
class ContactPlan:
    """A fictional person at an investor."""

    name: str
    title: str
    phone: str
    email: str
    consent_given: bool
    consent_method: str


@dataclass
class InteractionPlan:
    """A visit, call, video meeting, event attendance or negotiation round."""

    investor: str
    kind: InteractionKind
    occurred_on: dt.date
    summary: str
    outcome: str = ""
    next_step: str = ""
    next_step_due: dt.date | None = None
    their_people: str = ""
    our_people: str = ""


@dataclass
class InvestorPlan:
    """An investor to create, keyed for the projects that name it."""

    key: str
    name_zh: str
    name_en: str
    kind: InvestorKind
    country: str
    industry: Industry
    headquarters: str = ""
    website: str = ""
    credit_code: str = ""
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    owner: str = CITY
    short_zh: str = ""
    short_en: str = ""
    contacts: list[ContactPlan] = field(default_factory=list)
    interactions: list[InteractionPlan] = field(default_factory=list)


@dataclass
class StepPlan:
    """One stage change, on the day it happened."""

    stage: Stage
    on: dt.date
    note: str = ""
    reason: str = ""


@dataclass
class CapitalPlan:
    """Money that arrived for a project."""

    received_on: dt.date
    amount: Decimal
    currency: Currency
    source: CapitalSource
    note: str = ""


@dataclass
class UpdatePlan:
    """A key project's scheduling update for the period containing ``period_on``."""

    period_on: dt.date
    progress: str
    problems: str = ""
    help_needed: str = ""
    next_steps: str = ""


@dataclass
class ProjectPlan:
    """A project to create, with its history: stage changes, contacts, capital and scheduling."""

    code: str
    name_zh: str
    name_en: str
    investors: list[str]
    district: str
    zone: str | None
    industry: Industry
    kind: ProjectKind
    source: CapitalSource
    total_investment: Decimal
    currency: Currency
    rate_on: dt.date
    first_contact: dt.date
    land_area_mu: Decimal | None = None
    phases: str = ""
    description: str = ""
    leader: str = ""
    is_key: bool = False
    anchor: str | None = None
    steps: list[StepPlan] = field(default_factory=list)
    interactions: list[InteractionPlan] = field(default_factory=list)
    capital: list[CapitalPlan] = field(default_factory=list)
    updates: list[UpdatePlan] = field(default_factory=list)

    @property
    def stage(self) -> Stage:
        """The stage the project ends at."""
        return self.steps[-1].stage if self.steps else Stage.LEAD

    def reached(self, stage: Stage) -> dt.date | None:
        """The day the project reached ``stage`` (or a later one), if it did."""
        return next((s.on for s in self.steps if stage_rank(s.stage) >= stage_rank(stage)), None)

    @property
    def amount_cny(self) -> Decimal:
        """The total in yuan at the demo rate (for sizing records; the database keeps its own)."""
        if self.currency == Currency.CNY:
            return self.total_investment
        return self.total_investment * demo_usd_rate(self.rate_on.replace(day=1))


@dataclass
class DemoPlan:
    """Everything ``seed_demo`` creates, in the order it is created."""

    today: dt.date
    investors: list[InvestorPlan]
    projects: list[ProjectPlan]


def _days(day: dt.date, n: int) -> dt.date:
    return day + dt.timedelta(days=n)


def _round_cny(amount: Decimal) -> Decimal:
    step = 100 * WAN if amount < YI else 1000 * WAN if amount < 10 * YI else YI if amount < 100 * YI else 10 * YI
    return max(step, (amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step)


def _round_usd(amount: Decimal) -> Decimal:
    step = Decimal(1_000_000) if amount >= 10_000_000 else Decimal(100_000)
    return max(step, (amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step)


def _spread(rng: random.Random, weights: dict, n: int) -> list:
    """``n`` values drawn by weight, with every value present at least once when ``n`` allows."""
    values = list(weights)
    out = values[:n] if n <= len(values) else values + rng.choices(values, list(weights.values()), k=n - len(values))
    rng.shuffle(out)
    return out


class Builder:
    """Builds a ``DemoPlan`` from one ``random.Random``; the order of calls fixes the outcome."""

    def __init__(self, *, seed: int, scale: float, today: dt.date):
        self.rng = random.Random(seed)
        self.today = today
        self.scale = scale
        self.namer = CompanyNamer(self.rng)
        self.investors: dict[str, InvestorPlan] = {}
        self.projects: list[ProjectPlan] = []
        self.project_names: set[str] = set()
        self.period = period_start_for(today)
        self.press_anchors = {chain["anchor"] for chain in data.CHAINS.values()}

    # -- investors -------------------------------------------------------------------------------

    def press_investors(self) -> None:
        """The investors named in the press, under their reported names."""
        for key, zh, en, kind, country, industry, hq, website, tags in data.PRESS_INVESTORS:
            self.namer.taken |= {name_key(zh), "en:" + en.lower()}
            short_zh = zh.split("（")[0].removesuffix("股份有限公司").removesuffix("有限公司")
            self.investors[key] = InvestorPlan(
                key=key, name_zh=zh, name_en=en, kind=kind, country=country, industry=industry, headquarters=hq,
                website=website, tags=list(tags), short_zh=short_zh, short_en=en.split(" (")[0],
                notes="名称据公开报道；统一社会信用代码待补充。台账中的接洽与金额等为演示数据。",
            )

    def fictional_investor(self, key: str, kind: InvestorKind, industry: Industry, *, country: str | None = None,
                           owner: str = CITY) -> InvestorPlan:
        """A new fictional investor with one to three contacts."""
        rng = self.rng
        company = self.namer.company(kind, industry, country=country)
        tags = list(company.tags)
        if rng.random() < 0.15:
            tags.append(rng.choice(["专精特新", "重点客商", "回访客商", "总部经济", "独角兽"]))
        investor = InvestorPlan(
            key=key, name_zh=company.name_zh, name_en=company.name_en, kind=kind, country=company.country,
            industry=company.industry, headquarters=company.headquarters, website=company.website,
            credit_code=company.credit_code, notes=data.FICTIONAL_NOTE, tags=tags, owner=owner,
            short_zh=company.short_zh, short_en=company.short_en,
        )
        foreign = company.country != "CN" and kind == InvestorKind.MULTINATIONAL
        for _ in range(1 if kind == InvestorKind.ASSOCIATION else rng.choice([1, 1, 2, 2, 3])):
            investor.contacts.append(self._contact(foreign=foreign, country=company.country))
        self.investors[key] = investor
        return investor

    def _contact(self, *, foreign: bool, country: str) -> ContactPlan:
        rng = self.rng
        name, mailbox = person(rng, foreign=foreign, country=country)
        if rng.random() < 0.15:  # no consent: we keep only the name and title
            return ContactPlan(name, rng.choice(data.CONTACT_TITLES), "", "", False, "")
        return ContactPlan(
            name=name, title=rng.choice(data.CONTACT_TITLES), phone=phone(rng, country if foreign else "CN"),
            email=f"{mailbox}@{rng.choice(['example.com', 'example.org', 'example.net'])}",
            consent_given=True, consent_method=rng.choice(list(ConsentMethod)),
        )

    def generated_investors(self) -> list[InvestorPlan]:
        """``scale`` × 300 fictional investors of every kind and industry, some met at promotion events."""
        rng = self.rng
        n = round(BASE_INVESTORS * self.scale)
        kinds = _spread(rng, INVESTOR_KIND_WEIGHTS, n)
        industries = _spread(rng, INDUSTRY_WEIGHTS, n)
        made = []
        for i, (kind, industry) in enumerate(zip(kinds, industries, strict=True), start=1):
            owner = CITY if rng.random() < 0.65 else rng.choice(DISTRICT_CODES + list(ZONE_DISTRICTS))
            investor = self.fictional_investor(f"inv-{i:04d}", kind, industry, owner=owner)
            roll = rng.random()
            if roll < 0.2:
                day, what = rng.choice([e for e in data.EVENTS if e[0] < self.today])
                investor.interactions.append(InteractionPlan(
                    investor.key, InteractionKind.EVENT_ATTENDANCE, day, what, rng.choice(data.OUTCOMES["event"]),
                    our_people="市投资促进局"))
            elif roll < 0.3:
                day = _days(self.today, -rng.randint(3, 360))
                investor.interactions.append(InteractionPlan(
                    investor.key, InteractionKind.PHONE_CALL, day, "电话沟通投资意向", rng.choice(data.OUTCOMES["call"]),
                    next_step="邀请来济考察", next_step_due=_days(self.today, rng.randint(7, 60)),
                    their_people=_names(investor), our_people=f"市投资促进局 {rng.choice(data.STAFF_NAMES)}"))
            made.append(investor)
        return made

    # -- projects --------------------------------------------------------------------------------

    def _name(self, zh: str, en: str) -> tuple[str, str]:
        phase = 1
        name_zh, name_en = zh, en
        while name_zh in self.project_names:
            phase += 1
            name_zh, name_en = f"{zh}（{_chinese_number(phase)}期）", f"{en}, phase {phase}"
        self.project_names.add(name_zh)
        return name_zh, name_en

    def _amount(self) -> Decimal:
        rng = self.rng
        low, high, _w = rng.choices(AMOUNT_BANDS, [w for *_b, w in AMOUNT_BANDS])[0]
        value = math.exp(rng.uniform(math.log(low), math.log(high)))
        return _round_cny(Decimal(f"{value:.0f}"))

    def _land(self, industry: Industry, amount_cny: Decimal) -> Decimal | None:
        if industry not in LAND_INDUSTRIES:
            return None
        mu = float(amount_cny / YI) * self.rng.uniform(3, 12)
        return Decimal(min(8000, max(20, round(mu))))

    def press_projects(self) -> None:
        """The projects named in the press, with their reported amounts and dates."""
        for spec in data.PRESS_PROJECTS:
            source = spec.get("source", CapitalSource.DOMESTIC)
            if "amount_usd" in spec:
                amount, currency = spec["amount_usd"], Currency.USD
            else:
                amount, currency = spec["amount"], Currency.CNY
            signed = spec["signed_on"]
            span = 730 if spec.get("negotiations", 0) > 20 else self.rng.randint(90, 360)
            dates = {Stage.NEGOTIATING: _days(signed, -span), Stage.EXPECTED: _days(signed, -self.rng.randint(7, 40)),
                     Stage.SIGNED: signed, Stage.REGISTERED: _days(signed, self.rng.randint(15, 45)),
                     Stage.STARTED: spec.get("started_on"), Stage.PRODUCTION: spec.get("production_on")}
            if dates[Stage.STARTED] and dates[Stage.REGISTERED] >= dates[Stage.STARTED]:
                dates[Stage.REGISTERED] = _days(dates[Stage.STARTED], -7)
            self.project_names.add(spec["name_zh"])
            project = ProjectPlan(
                code=spec["code"], name_zh=spec["name_zh"], name_en=spec["name_en"], investors=list(spec["investors"]),
                district=spec["district"], zone=spec.get("zone"), industry=spec["industry"],
                kind=spec.get("kind", ProjectKind.NEW), source=source, total_investment=amount, currency=currency,
                rate_on=signed, first_contact=_days(dates[Stage.NEGOTIATING], -self.rng.randint(10, 60)),
                land_area_mu=spec.get("land_area_mu"), phases=spec.get("phases", ""), description=spec["description"],
                leader=data.LEADERS[spec["leader"]] if "leader" in spec else "", is_key=spec.get("is_key", False),
            )
            project.steps = self._steps(spec["stage"], dates, signing_note=spec.get("signing_note", ""))
            self.projects.append(project)
            self._history(project, negotiations=spec.get("negotiations"))

    def provincial_signings(self) -> None:
        """The 14 projects of the two provincial signing events of March 2021 (US$1.354 billion)."""
        rng = self.rng
        for i, (day, millions) in enumerate(data.PROVINCIAL_SIGNINGS_2021, start=1):
            industry = rng.choice([Industry.SMART_MANUFACTURING, Industry.NEW_ENERGY, Industry.BIOMEDICINE,
                                   Industry.SEMICONDUCTORS, Industry.DIGITAL_ECONOMY, Industry.NEW_MATERIALS,
                                   Industry.LOGISTICS, Industry.COMMERCE])
            if day.day == 23:  # Hong Kong, Macao and Taiwan
                investor = self.fictional_investor(f"prov-{i:02d}", InvestorKind.FOREIGN_FUNDED, industry,
                                                   country=rng.choice(["HK", "HK", "HK", "MO", "TW"]))
            else:
                investor = self.fictional_investor(f"prov-{i:02d}", InvestorKind.MULTINATIONAL, industry)
            stage = rng.choice([Stage.REGISTERED, Stage.STARTED, Stage.STARTED, Stage.PRODUCTION, Stage.PRODUCTION])
            district, zone = self._place()
            project = self._project(
                code=f"DEMO-{100 + i:04d}", investor=investor, industry=industry, district=district, zone=zone,
                source=CapitalSource.FOREIGN, amount=Decimal(millions) * data.USD_MILLION, currency=Currency.USD,
                kind=ProjectKind.NEW, description=data.PROVINCIAL_SIGNINGS_NOTE,
            )
            project.is_key = millions >= 100
            project.leader = rng.choice(data.LEADERS) if project.is_key else ""
            project.steps = self._steps(stage, self._dates_after_signing(stage, day), signing_note="省级签约活动")
            self._history(project)

    def chains(self) -> None:
        """The chain projects that the press anchors attracted (CATL 17, Komatsu 8, HengXin 5)."""
        rng = self.rng
        anchors = {p.code: p for p in self.projects}
        number = 200
        for chain_key, chain in data.CHAINS.items():
            anchor = anchors[chain["anchor"]]
            countries = chain["foreign_countries"] or ["CN"] * len(chain["links"])
            for (zh, en, industry), country in zip(chain["links"], countries, strict=True):
                number += 1
                if country == "JP":
                    kind = rng.choice([InvestorKind.MULTINATIONAL, InvestorKind.FOREIGN_FUNDED])
                    investor = self.fictional_investor(f"{chain_key}-{number}", kind, industry, country="JP")
                    source, currency = CapitalSource.FOREIGN, Currency.USD
                    amount = _round_usd(Decimal(math.exp(rng.uniform(math.log(8e6), math.log(1.5e8)))))
                else:
                    kind = rng.choice([InvestorKind.PRIVATE, InvestorKind.PRIVATE, InvestorKind.DOMESTIC])
                    investor = self.fictional_investor(f"{chain_key}-{number}", kind, industry)
                    source, currency = CapitalSource.DOMESTIC, Currency.CNY
                    amount = _round_cny(Decimal(math.exp(rng.uniform(math.log(5e7), math.log(3e9)))))
                district = rng.choice(chain["districts"])
                name_zh, name_en = self._name(f"{investor.short_zh}{zh}项目", f"{investor.short_en} {en} Project")
                project = self._project(
                    code=f"DEMO-{number:04d}", investor=investor, industry=industry, district=district,
                    zone=chain.get("zone"), source=source, amount=amount, currency=currency, kind=ProjectKind.NEW,
                    description=f"{data.DEMO_NOTE}{anchor.name_zh}带动的产业链配套项目（{zh}）。",
                    names=(name_zh, name_en),
                )
                project.anchor = anchor.code
                stage = rng.choice([Stage.SIGNED, Stage.REGISTERED, Stage.STARTED, Stage.STARTED, Stage.PRODUCTION,
                                    Stage.NEGOTIATING])
                anchor_signed = anchor.reached(Stage.SIGNED)
                if stage == Stage.NEGOTIATING:
                    dates = self._dates_before_signing(stage, not_before=anchor_signed)
                else:
                    earliest = _days(anchor_signed, 20)
                    stage = self._feasible(stage, earliest)
                    latest = _days(self.today, -MIN_DAYS_SINCE_SIGNING[stage])
                    day = _days(earliest, rng.randint(0, max(0, (latest - earliest).days)))
                    dates = self._dates_after_signing(stage, day)
                project.steps = self._steps(stage, dates)
                self._history(project)

    def _feasible(self, stage: Stage, earliest: dt.date) -> Stage:
        """The latest stage, up to ``stage``, a project signed no earlier than ``earliest`` can have reached."""
        for candidate in (Stage.PRODUCTION, Stage.STARTED, Stage.REGISTERED, Stage.SIGNED):
            if stage_rank(candidate) <= stage_rank(stage) and (
                    _days(self.today, -MIN_DAYS_SINCE_SIGNING[candidate]) >= earliest):
                return candidate
        return Stage.SIGNED

    def _place(self) -> tuple[str, str | None]:
        rng = self.rng
        if rng.random() < 0.35:
            zone = rng.choice(list(ZONE_DISTRICTS))
            return rng.choice(ZONE_DISTRICTS[zone]), zone
        return rng.choice(DISTRICT_CODES), None

    def _places(self, n: int) -> list[tuple[str, str | None]]:
        """Where ``n`` projects are: every zone and every district at least once when ``n`` allows."""
        rng = self.rng
        places = [(rng.choice(ZONE_DISTRICTS[z]), z) for z in ZONE_DISTRICTS] + [(d, None) for d in DISTRICT_CODES]
        places = places[:n] + [self._place() for _ in range(max(0, n - len(places)))]
        rng.shuffle(places)
        return places

    def _project(self, *, code: str, investor: InvestorPlan | None, industry: Industry, district: str,
                 zone: str | None, source: CapitalSource, amount: Decimal, currency: Currency, kind: ProjectKind,
                 description: str, names: tuple[str, str] | None = None) -> ProjectPlan:
        rng = self.rng
        if names is None:
            suffix_zh, suffix_en = {ProjectKind.NEW: ("项目", "Project"), ProjectKind.EXPANSION: ("扩建项目", "Expansion"),
                                    ProjectKind.CAPITAL_INCREASE: ("增资项目", "Capital Increase")}[kind]
            owner_zh = investor.short_zh if investor else ""
            owner_en = f"{investor.short_en} " if investor else ""
            # Another product before another phase: a second phase of a stranger's project would mislead.
            products = rng.sample(data.PRODUCTS[industry], len(data.PRODUCTS[industry]))
            product_zh, product_en = next(
                (p for p in products if f"{owner_zh}{p[0]}{suffix_zh}" not in self.project_names), products[0])
            names = self._name(f"{owner_zh}{product_zh}{suffix_zh}", f"{owner_en}{product_en} {suffix_en}")
        amount_cny = amount if currency == Currency.CNY else amount * Decimal("6.9")
        project = ProjectPlan(
            code=code, name_zh=names[0], name_en=names[1], investors=[investor.key] if investor else [],
            district=district, zone=zone, industry=industry, kind=kind, source=source, total_investment=amount,
            currency=currency, rate_on=self.today, first_contact=self.today,
            land_area_mu=self._land(industry, amount_cny), description=description,
        )
        if amount_cny >= 20 * YI and rng.random() < 0.6:
            first = _round_cny(amount_cny * Decimal(rng.choice(["0.4", "0.5", "0.6"])))
            project.phases = f"一期投资{first / YI:g}亿元；二期投资{(amount_cny - first) / YI:g}亿元。"
        self.projects.append(project)
        return project

    def generated_projects(self, investors: list[InvestorPlan]) -> None:
        """``scale`` × 300 projects over every stage, industry, district, zone, kind and source."""
        rng = self.rng
        n = round(BASE_PROJECTS * self.scale)
        stages = _spread(rng, STAGE_WEIGHTS, n)
        industries = _spread(rng, INDUSTRY_WEIGHTS, n)
        kinds = _spread(rng, KIND_WEIGHTS, n)
        sources = _spread(rng, {CapitalSource.DOMESTIC: 75, CapitalSource.FOREIGN: 25}, n)
        places = self._places(n)
        investing = [i for i in investors if i.kind != InvestorKind.ASSOCIATION]
        financial = [i for i in investing if i.kind == InvestorKind.FINANCIAL]
        for i in range(n):
            stage, industry, kind, source = stages[i], industries[i], kinds[i], sources[i]
            district, zone = places[i]
            investor = self._pick_investor(investing, industry, source)
            amount_cny = self._amount()
            if source == CapitalSource.FOREIGN and rng.random() < 0.8:
                amount, currency = _round_usd(amount_cny / Decimal("6.9")), Currency.USD
            else:
                amount, currency = amount_cny, Currency.CNY
            project = self._project(
                code=f"DEMO-{1001 + i:04d}", investor=investor, industry=industry, district=district, zone=zone,
                source=source, amount=amount, currency=currency, kind=kind, description=data.DEMO_NOTE,
            )
            if financial and rng.random() < 0.12:
                co = rng.choice(financial)
                if co.key not in project.investors:
                    project.investors.append(co.key)
            project.is_key = amount_cny >= 50 * YI or (amount_cny >= 10 * YI and rng.random() < 0.5) or (
                amount_cny >= 5 * YI and rng.random() < 0.1)
            project.leader = rng.choice(data.LEADERS) if project.is_key else ""
            project.steps = self._steps(stage, self._dates_for(stage))
            talks = project.reached(Stage.NEGOTIATING)
            # The press anchors keep exactly the chains reported for them.
            anchors = [p for p in self.projects[:-1] if talks and p.is_key and p.industry == industry
                       and p.code not in self.press_anchors and p.amount_cny >= 50 * YI
                       and p.reached(Stage.SIGNED) and p.reached(Stage.SIGNED) < talks]
            if anchors and rng.random() < 0.3:
                project.anchor = rng.choice(anchors).code
            self._history(project)

    def _pick_investor(self, investors: list[InvestorPlan], industry: Industry,
                       source: CapitalSource) -> InvestorPlan | None:
        rng = self.rng
        if not investors:
            return None
        foreign = source == CapitalSource.FOREIGN
        fitting = [i for i in investors if (i.kind in FOREIGN_KINDS) == foreign] or investors
        same = [i for i in fitting if i.industry == industry]
        return rng.choice(same if same and rng.random() < 0.75 else fitting)

    # -- dates and history -----------------------------------------------------------------------

    def _dates_for(self, stage: Stage) -> dict[Stage, dt.date | None]:
        rng = self.rng
        if stage == Stage.PAUSED:
            reached = rng.choice([Stage.SIGNED, Stage.REGISTERED, Stage.STARTED])
            dates = self._dates_after_signing(reached, _days(self.today, -rng.randint(
                MIN_DAYS_SINCE_SIGNING[reached] + 60, 1500)))
        elif stage == Stage.LOST:
            reached = rng.choice([Stage.LEAD, Stage.NEGOTIATING, Stage.EXPECTED])
            dates = self._dates_before_signing(reached)
        elif stage_rank(stage) >= stage_rank(Stage.SIGNED):
            low = MIN_DAYS_SINCE_SIGNING[stage]
            high = {Stage.SIGNED: 540, Stage.REGISTERED: 900, Stage.STARTED: 1800, Stage.PRODUCTION: 2150}[stage]
            return self._dates_after_signing(stage, _days(self.today, -rng.randint(low, high)))
        else:
            return self._dates_before_signing(stage)
        last = max(d for d in dates.values() if d)
        dates[stage] = min(_days(last, rng.randint(30, 400)), _days(self.today, -1))
        if dates[stage] <= last:
            dates[stage] = last
        return dates

    def _dates_before_signing(self, stage: Stage, not_before: dt.date | None = None) -> dict[Stage, dt.date | None]:
        rng, today = self.rng, self.today
        back = {Stage.LEAD: (3, 300), Stage.NEGOTIATING: (40, 900), Stage.EXPECTED: (90, 1000)}[stage]
        lead = _days(today, -rng.randint(*back))
        if not_before and lead < not_before:
            lead = min(_days(not_before, rng.randint(1, 30)), _days(today, -2))
        dates: dict[Stage, dt.date | None] = {Stage.LEAD: lead}
        if stage_rank(stage) >= stage_rank(Stage.NEGOTIATING):
            dates[Stage.NEGOTIATING] = min(_days(lead, rng.randint(7, 120)), _days(today, -1))
        if stage == Stage.EXPECTED:
            dates[Stage.EXPECTED] = min(_days(dates[Stage.NEGOTIATING], rng.randint(30, 365)), _days(today, -1))
        return dates

    def _dates_after_signing(self, stage: Stage, signed: dt.date) -> dict[Stage, dt.date | None]:
        rng, today = self.rng, self.today
        last_day = _days(today, -1)
        negotiating = _days(signed, -rng.randint(45, 420))
        dates: dict[Stage, dt.date | None] = {
            Stage.LEAD: _days(negotiating, -rng.randint(10, 150)), Stage.NEGOTIATING: negotiating,
            Stage.EXPECTED: _days(signed, -rng.randint(5, 40)), Stage.SIGNED: signed,
        }
        if stage_rank(stage) >= stage_rank(Stage.REGISTERED):
            dates[Stage.REGISTERED] = min(_days(signed, rng.randint(10, 60)), last_day)
        if stage_rank(stage) >= stage_rank(Stage.STARTED):
            dates[Stage.STARTED] = min(_days(dates[Stage.REGISTERED], rng.randint(30, 300)), last_day)
        if stage == Stage.PRODUCTION:
            dates[Stage.PRODUCTION] = max(min(_days(dates[Stage.STARTED], rng.randint(240, 800)),
                                              _days(today, -rng.randint(1, 90))), dates[Stage.STARTED])
        return dates

    def _steps(self, stage: Stage, dates: dict, *, signing_note: str = "") -> list[StepPlan]:
        """The stage changes that bring a new project (at lead) to ``stage``, dated from ``dates``."""
        rng = self.rng
        if stage in OFF_PIPELINE:
            reached = max((s for s in dates if s not in OFF_PIPELINE), key=stage_rank)
        else:
            reached = stage
        steps = []
        for step in PIPELINE[1:stage_rank(reached) + 1]:
            on = dates.get(step)
            if on is None:  # a press project without a reported date for this stage
                on = dates[Stage.SIGNED] if step == Stage.EXPECTED else _days(dates[Stage.SIGNED], 30)
            notes = {
                Stage.NEGOTIATING: f"{on:%Y-%m-%d} 开始洽谈", Stage.EXPECTED: f"{on:%Y-%m-%d} 合同文本基本达成一致",
                Stage.SIGNED: f"{on:%Y-%m-%d} 签约" + (f"（{signing_note}）" if signing_note else ""),
                Stage.REGISTERED: f"{on:%Y-%m-%d} 项目公司注册", Stage.STARTED: f"{on:%Y-%m-%d} 开工",
                Stage.PRODUCTION: f"{on:%Y-%m-%d} 竣工投产",
            }
            steps.append(StepPlan(step, on, notes[step]))
        if stage in OFF_PIPELINE:
            steps.append(StepPlan(stage, dates[stage], reason=rng.choice(data.OFF_REASONS[stage])))
        return steps

    def _history(self, project: ProjectPlan, *, negotiations: int | None = None) -> None:
        """Contacts, negotiation rounds, capital in place and scheduling updates that fit the project's stages."""
        rng, today = self.rng, self.today
        first = project.reached(Stage.NEGOTIATING) or (project.steps[0].on if project.steps else None)
        project.first_contact = _days(first, -rng.randint(10, 90)) if first else _days(today, -rng.randint(3, 300))
        signed = project.reached(Stage.SIGNED)
        if signed and project.currency == Currency.USD:
            project.rate_on = signed
        self._interactions(project, negotiations)
        self._capital(project)
        self._updates(project)

    def _interactions(self, project: ProjectPlan, negotiations: int | None) -> None:
        rng, today = self.rng, self.today
        if not project.investors:
            return
        investor = self.investors[project.investors[0]]
        ours = f"市投资促进局 {rng.choice(data.STAFF_NAMES)}"
        theirs = _names(investor)
        add = project.interactions.append
        kind, outcomes = rng.choice([(InteractionKind.PHONE_CALL, "call"), (InteractionKind.VISIT, "visit"),
                                     (InteractionKind.VIDEO_MEETING, "video")])
        add(InteractionPlan(investor.key, kind, project.first_contact, "初次接触，介绍济南投资环境和产业政策",
                            rng.choice(data.OUTCOMES[outcomes]), their_people=theirs, our_people=ours))
        start = project.reached(Stage.NEGOTIATING)
        if start:
            off = next((s.on for s in project.steps if s.stage in OFF_PIPELINE), None)
            end = project.reached(Stage.SIGNED) or off or today
            if negotiations is None:
                negotiations = rng.randint(1, 2) if project.stage in (Stage.NEGOTIATING, Stage.LOST) else rng.randint(1, 3)
            window = max(1, (end - start).days)
            days = sorted(_days(start, round(window * k / (negotiations + 1))) for k in range(1, negotiations + 1))
            for number, day in enumerate(days, start=1):
                video = rng.random() < 0.35
                add(InteractionPlan(
                    investor.key, InteractionKind.NEGOTIATION, day,
                    f"第{number}轮洽谈（{'视频' if video else '现场'}）",
                    rng.choice(data.OUTCOMES["negotiation_final" if number == len(days) and project.reached(
                        Stage.EXPECTED) else "negotiation"]),
                    their_people=theirs, our_people=ours))
            if rng.random() < 0.2:
                add(InteractionPlan(investor.key, InteractionKind.VISIT, _days(start, rng.randint(0, window)),
                                    "投资方来济考察备选地块", rng.choice(data.OUTCOMES["visit"]),
                                    their_people=theirs, our_people=ours))
        signed = project.reached(Stage.SIGNED)
        if signed and project.stage not in OFF_PIPELINE and (today - signed).days > 60 and rng.random() < 0.25:
            add(InteractionPlan(investor.key, InteractionKind.VISIT, _days(signed, rng.randint(30, (today - signed).days)),
                                "项目服务回访", rng.choice(data.OUTCOMES["service"]), their_people=theirs,
                                our_people=ours))
        if project.stage in (Stage.LEAD, Stage.NEGOTIATING, Stage.EXPECTED):
            last = max(project.interactions, key=lambda x: x.occurred_on)
            last.next_step = rng.choice(["安排下一轮洽谈", "邀请参加云招商推介活动", "提交投资协议草案", "组织实地考察"])
            last.next_step_due = _days(today, rng.randint(5, 60))

    def _capital(self, project: ProjectPlan) -> None:
        rng, today = self.rng, self.today
        registered = project.reached(Stage.REGISTERED)
        if not registered:
            return
        off = next((s.on for s in project.steps if s.stage in OFF_PIPELINE), None)
        end = min(off or today, today)
        start = _days(registered, 15)
        if start > end:
            return
        share = {Stage.REGISTERED: (0.05, 0.25), Stage.STARTED: (0.2, 0.7), Stage.PRODUCTION: (0.6, 1.0)}.get(
            project.stage, (0.05, 0.3))
        total_cny = project.amount_cny * Decimal(f"{rng.uniform(*share):.3f}")
        count = rng.randint(1, 6 if project.stage == Stage.PRODUCTION else 3)
        weights = [rng.random() + 0.2 for _ in range(count)]
        window = (end - start).days
        days = sorted(_days(start, rng.randint(0, window)) for _ in range(count))
        foreign = project.source == CapitalSource.FOREIGN
        for day, weight in zip(days, weights, strict=True):
            part = total_cny * Decimal(weight / sum(weights))
            if foreign:
                amount = _round_money(part / demo_usd_rate(day.replace(day=1)), Decimal(10_000))
                currency = Currency.USD
            else:
                amount, currency = _round_money(part, 10 * WAN), Currency.CNY
            if amount > 0:
                project.capital.append(CapitalPlan(day, amount, currency, project.source,
                                                   note=rng.choice(["", "", "注册资本金到位", "股东借款", "设备投资"])))

    def _updates(self, project: ProjectPlan) -> None:
        rng = self.rng
        if not project.is_key or project.stage in OFF_PIPELINE:
            return
        periods = [self.period]
        for _ in range(3):
            periods.append(period_start_for(_days(periods[-1], -1)))
        for index, period in enumerate(periods):
            if period < period_start_for(project.first_contact):
                continue
            if rng.random() > (0.7 if index == 0 else 0.85):
                continue
            text = rng.choice(data.PROGRESS[project.stage]).format(
                n=rng.randint(2, 6), p=rng.randint(30, 95), x=f"{rng.uniform(0.5, 20):.1f}")
            project.updates.append(UpdatePlan(
                period, text, rng.choice(data.PROBLEMS), rng.choice(data.HELP_NEEDED), rng.choice(data.NEXT_STEPS)))

    def finish(self) -> DemoPlan:
        """Make sure the scheduling list shows both cases, and hand the plan over."""
        active_key = [p for p in self.projects if p.is_key and p.stage not in OFF_PIPELINE]
        current = [p for p in active_key if any(u.period_on == self.period for u in p.updates)]
        missing = [p for p in active_key if p not in current]
        if active_key and not missing:
            victim = active_key[0]
            victim.updates = [u for u in victim.updates if u.period_on != self.period]
        if len(active_key) > 1 and not current:
            chosen = active_key[-1]
            chosen.updates.insert(0, UpdatePlan(self.period, "按计划推进，本期无新增问题。"))
        return DemoPlan(today=self.today, investors=list(self.investors.values()), projects=self.projects)


def _round_money(amount: Decimal, step: Decimal) -> Decimal:
    return (amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def _names(investor: InvestorPlan) -> str:
    people = [c.name for c in investor.contacts[:2]]
    return "、".join(people) if people else "投资方项目团队"


def _chinese_number(n: int) -> str:
    return "一二三四五六七八九十"[n - 1] if 1 <= n <= 10 else str(n)


def build_plan(*, today: dt.date, scale: float = 1.0, seed: int = 2021) -> DemoPlan:
    """The demo city for ``today``: the press projects, their chains and ``scale`` × 300 generated
    investors and projects."""
    builder = Builder(seed=seed, scale=scale, today=today)
    builder.press_investors()
    builder.press_projects()
    builder.provincial_signings()
    builder.chains()
    generated = builder.generated_investors()
    builder.generated_projects(generated)
    return builder.finish()
