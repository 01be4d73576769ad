"""``yunzhao schedule_reports [--date YYYY-MM-DD] [--lang zh] [--every SECONDS]``."""

import datetime as dt
import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from yunzhao.reports import actions
from yunzhao.reports.choices import Grouping
from yunzhao.reports.weekly import period_of

LANGS = {"zh": "zh-hans", "zh-hans": "zh-hans", "en": "en"}


def due_at(day: dt.date, *, days_before_end: int, at: dt.time) -> dt.datetime:
    """When the report of the period containing ``day`` is due: ``days_before_end`` before its last day."""
    end = period_of(day).end - dt.timedelta(days=days_before_end)
    return timezone.make_aware(dt.datetime.combine(end, at))


class Command(BaseCommand):
    help = (
        "Queue the city-wide scheduling report of the current period, once: running it again in the same "
        "period does nothing (a failed report is queued again). Run it from cron when the updates are due, "
        "or with --every as a loop that queues the report once the period's due time has passed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="A day of the period to report on (default: today).")
        parser.add_argument(
            "--lang",
            action="append",
            choices=sorted(LANGS),
            help="Language of the report; repeat for several (default: zh).",
        )
        parser.add_argument("--grouping", default=Grouping.BOTH, choices=Grouping.values)
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Keep running, checking every SECONDS, and queue each period's report once it is due.",
        )
        parser.add_argument(
            "--due-days-before-end",
            type=int,
            default=2,
            metavar="DAYS",
            help="With --every: the report is due this many days before the period's last day (default 2: "
            "Friday for a Monday-to-Sunday week).",
        )
        parser.add_argument(
            "--due-time",
            default="17:30",
            metavar="HH:MM",
            help="With --every: the time it is due (default 17:30).",
        )

    def handle(self, *args, **options):
        day = None
        if options["date"]:
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"Not a date (YYYY-MM-DD): {options['date']!r}") from exc
        try:
            at = dt.time.fromisoformat(options["due_time"])
        except ValueError as exc:
            raise CommandError(f"Not a time (HH:MM): {options['due_time']!r}") from exc
        langs = list(dict.fromkeys(LANGS[code] for code in (options["lang"] or ["zh"])))
        if not options["every"]:
            for lang in langs:
                self._schedule(day or timezone.localdate(), lang, options["grouping"])
            return
        while True:
            for pk in actions.requeue_stale():
                self.stdout.write(f"Report {pk}: its worker stopped while writing it; queued again")
            today = day or timezone.localdate()
            if timezone.now() >= due_at(today, days_before_end=options["due_days_before_end"], at=at):
                for lang in langs:
                    self._schedule(today, lang, options["grouping"])
            time.sleep(options["every"])

    def _schedule(self, day: dt.date, lang: str, grouping: str) -> None:
        try:
            report, queued = actions.schedule_weekly_report(today=day, lang=lang, grouping=grouping)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        state = "queued" if queued else f"already {report.status}"
        self.stdout.write(f"Report {report.pk} ({report.period_start:%Y-%m-%d}, {lang}): {state}")
