"""``yunzhao audience_report --event ID [--xlsx PATH]``: an event's views and viewers per channel and per hour."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from yunzhao.audience.report import event_report, print_report, write_xlsx
from yunzhao.campaigns.models import Event


class Command(BaseCommand):
    help = ("Print an event's audience counted on the platform (views, plays and distinct viewers, per channel "
            "and per hour), and write it to an .xlsx file with --xlsx.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--event", type=int, required=True, metavar="ID", help="The event's id.")
        parser.add_argument("--xlsx", type=Path, metavar="PATH", help="Also write the report to this .xlsx file.")
        parser.add_argument("--language", choices=["zh-hans", "en"], help="Language of headers and labels.")

    def handle(self, *args, event: int, xlsx: Path | None, language: str | None, **options) -> None:
        if xlsx is not None and xlsx.suffix.lower() != ".xlsx":
            raise CommandError("The file name must end in .xlsx.")
        found = Event.objects.filter(pk=event).first()
        if found is None:
            raise CommandError(f"There is no event {event}.")
        with translation.override(language or settings.LANGUAGE_CODE):
            report = event_report(found)
            print_report(report, self.stdout)
            if xlsx is not None:
                with xlsx.open("wb") as out:
                    write_xlsx(report, out)
                self.stdout.write(f"\n{len(report.channels)} channels and {len(report.hours)} hours written to {xlsx}")
