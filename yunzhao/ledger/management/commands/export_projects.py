"""``yunzhao export_projects FILE.xlsx [--user USERNAME] [--filter QUERY]``: write the ledger to a workbook."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import QueryDict
from django.utils import translation

from yunzhao.ledger.cli import actor_for
from yunzhao.ledger.export import write_ledger
from yunzhao.projects.filtersets import ProjectFilter
from yunzhao.projects.models import Project


class Command(BaseCommand):
    help = ("Write the project ledger to an .xlsx file, as the ledger page exports it: the projects the user "
            "may see (all of them without --user), filtered as the page's query string filters them.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="Export what this user may see.")
        parser.add_argument("--filter", dest="query", default="", metavar="QUERY",
                            help="The ledger page's filters as a query string, e.g. 'stage=signed&is_key=true'.")
        parser.add_argument("--language", choices=["zh-hans", "en"], help="Language of headers and labels.")

    def handle(self, *args, file: Path, user: str | None, query: str, language: str | None, **options) -> None:
        actor = actor_for(user)
        if not actor.sees_ledger:
            raise CommandError(f"User {user!r} does not work with the project ledger.")
        if file.suffix.lower() != ".xlsx":
            raise CommandError("The file name must end in .xlsx.")
        params = QueryDict(query)
        filterset = ProjectFilter(params or None, queryset=Project.objects.visible_to(actor))
        if params and not filterset.is_valid():
            raise CommandError(f"Bad filter: {filterset.errors.as_text()}")
        lang = language or settings.LANGUAGE_CODE
        with translation.override(lang), file.open("wb") as out:
            count = write_ledger(filterset.qs, out, lang="en" if lang.startswith("en") else "zh-hans")
        self.stdout.write(f"{count} projects written to {file}")
