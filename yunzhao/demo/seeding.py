"""Turn the demo plan into records, through the same actions staff use, so every timeline is real.

Running it again changes nothing: accounts are found by username, investors by credit code or name,
projects by their ledger number, and whatever already exists is left as it is (with its history).
"""

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from yunzhao.core.choices import Currency
from yunzhao.crm import actions as crm
from yunzhao.crm.models import Investor, name_key
from yunzhao.orgs.models import Unit, User
from yunzhao.orgs.reference import ensure_units
from yunzhao.projects import actions as pipeline
from yunzhao.projects.models import Project
from yunzhao.projects.rates import rate_table
from yunzhao.publishing.demo import seed_portal

from .accounts import demo_password, ensure_demo_accounts
from .campaigns import seed_campaigns
from .plan import DemoPlan, InteractionPlan, InvestorPlan, ProjectPlan, build_plan
from .rates import ensure_demo_rates


@dataclass
class SeedReport:
    """What one run of ``seed_demo`` created, and how long it took."""

    created: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    password: str = ""


class Seeder:
    """Applies a ``DemoPlan`` with the demo accounts as the people doing the work."""

    def __init__(self, plan: DemoPlan, *, units: dict[str, Unit], users: dict[str, User], report: SeedReport):
        self.plan = plan
        self.units = units
        self.report = report
        self.city = users["demo-city"]
        # Work in a district or zone is done by that unit's demo account, where there is one.
        self.unit_users = {u.unit.code: u for u in users.values() if u.can_write_ledger and not u.is_citywide}
        self.investors: dict[str, Investor] = {}
        self.usd = rate_table(Currency.USD)

    # -- investors -------------------------------------------------------------------------------

    def investors_in_place(self) -> None:
        """Create the plan's investors that are not recorded yet, with their contacts and interactions."""
        by_code, by_key, by_english = {}, {}, {}
        for investor in Investor.objects.annotate(english=Lower("name_en")).only("pk", "credit_code", "name_key"):
            if investor.credit_code:
                by_code[investor.credit_code] = investor
            by_key.setdefault(investor.name_key, investor)
            if investor.english:
                by_english.setdefault(investor.english, investor)
        for spec in self.plan.investors:
            found = (by_code.get(spec.credit_code) if spec.credit_code else None) or by_key.get(
                name_key(spec.name_zh)) or by_english.get(spec.name_en.lower())
            self.investors[spec.key] = found or self._create_investor(spec)

    def _create_investor(self, spec: InvestorPlan) -> Investor:
        actor = self.unit_users.get(spec.owner, self.city)
        investor = crm.create_investor(
            actor=actor, owner_unit=self.units[spec.owner], tags=spec.tags, name_zh=spec.name_zh,
            name_en=spec.name_en, kind=spec.kind, country=spec.country, credit_code=spec.credit_code,
            industry=spec.industry, headquarters=spec.headquarters, website=spec.website, notes=spec.notes,
        )
        self.report.created["investors"] += 1
        for contact in spec.contacts:
            crm.add_contact(investor, actor=actor, name=contact.name, title=contact.title, phone=contact.phone,
                            email=contact.email, consent_given=contact.consent_given,
                            consent_method=contact.consent_method)
            self.report.created["contacts"] += 1
        for item in spec.interactions:
            self._interaction(investor, item, actor=actor)
        return investor

    def _interaction(self, investor: Investor, item: InteractionPlan, *, actor: User, project=None) -> None:
        crm.record_interaction(
            investor, actor=actor, kind=item.kind, occurred_on=item.occurred_on, project=project,
            summary=item.summary, outcome=item.outcome, next_step=item.next_step, next_step_due=item.next_step_due,
            their_people=item.their_people, our_people=item.our_people,
        )
        self.report.created["interactions"] += 1

    # -- projects --------------------------------------------------------------------------------

    def projects_in_place(self) -> None:
        """Create the plan's projects that have no ledger entry yet, each with its whole history."""
        codes = [p.code for p in self.plan.projects]
        known = {p.code: p for p in Project.objects.filter(code__in=codes).only("pk", "code")}
        for spec in self.plan.projects:
            if spec.code not in known:
                known[spec.code] = self._create_project(spec, anchor=known.get(spec.anchor) if spec.anchor else None)

    def _actor_for(self, spec: ProjectPlan) -> User:
        return self.unit_users.get(spec.zone or "") or self.unit_users.get(spec.district) or self.city

    def _rate(self, on: dt.date) -> Decimal:
        month = on.replace(day=1)
        earlier = [rate for m, rate in self.usd if m <= month]
        return earlier[-1] if earlier else self.usd[0][1]

    def _create_project(self, spec: ProjectPlan, *, anchor: Project | None) -> Project:
        actor = self._actor_for(spec)
        extra = {"exchange_rate": self._rate(spec.rate_on)} if spec.currency != Currency.CNY else {}
        project = pipeline.create_project(
            actor=actor, code=spec.code, investors=[self.investors[k] for k in spec.investors],
            name_zh=spec.name_zh, name_en=spec.name_en, district=self.units[spec.district],
            zone=self.units[spec.zone] if spec.zone else None, industry=spec.industry, kind=spec.kind,
            source=spec.source, total_investment=spec.total_investment, currency=spec.currency,
            land_area_mu=spec.land_area_mu, phases=spec.phases, description=spec.description, leader=spec.leader,
            is_key=spec.is_key, anchor=anchor, officer=actor, **extra,
        )
        self.report.created["projects"] += 1
        for step in spec.steps:
            project = pipeline.change_stage(project, to=step.stage, actor=actor, note=step.note, reason=step.reason,
                                            on=step.on)
            self.report.created["stage changes"] += 1
        for item in sorted(spec.interactions, key=lambda i: i.occurred_on):
            self._interaction(self.investors[item.investor], item, actor=actor, project=project)
        for money in spec.capital:
            pipeline.record_capital(project, actor=actor, received_on=money.received_on, amount=money.amount,
                                    currency=money.currency, source=money.source, note=money.note)
            self.report.created["capital records"] += 1
        for update in sorted(spec.updates, key=lambda u: u.period_on):
            pipeline.submit_scheduling_update(
                project, actor=actor, progress=update.progress, problems=update.problems,
                help_needed=update.help_needed, next_steps=update.next_steps, period_start=update.period_on)
            self.report.created["scheduling updates"] += 1
        return project


def seed_demo(*, scale: float = 1.0, seed: int = 2021, today: dt.date | None = None) -> SeedReport:
    """Build the demo city (units, rates, accounts, investors, projects and their history, the campaign of
    the press reports with its reach and signings) where it is missing."""
    started = time.monotonic()
    today = today or timezone.localdate()
    report = SeedReport(password=demo_password())
    with transaction.atomic():
        units = ensure_units()
        report.created["exchange rates"] = ensure_demo_rates(today)
        users, report.created["accounts"] = ensure_demo_accounts(units)
        seeder = Seeder(build_plan(today=today, scale=scale, seed=seed), units=units, users=users, report=report)
        seeder.investors_in_place()
        seeder.projects_in_place()
        seed_campaigns(units=units, users=users, created=report.created, seed=seed)
        seed_portal(units=units, users=users, created=report.created)
    report.seconds = time.monotonic() - started
    return report
