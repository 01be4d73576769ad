"""``yunzhao bulletin --period 2023 [--district CODE] [--lang zh|en] [--format md|html|docx|pdf] [--output FILE]``.

Markdown and HTML go to standard output unless ``--output`` is given; Word and PDF go to ``--output``
or, without it, to ``bulletin-<period>[-<district>]-<lang>.<docx|pdf>`` in the current directory.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from yunzhao.orgs.choices import UnitKind
from yunzhao.orgs.models import Unit
from yunzhao.stats import bulletin
from yunzhao.stats.periods import PeriodError, parse
from yunzhao.stats.renderers import RENDERERS

LANGS = {"zh": "zh-hans", "zh-hans": "zh-hans", "en": "en"}
BINARY = {"docx", "pdf"}  # written to a file, never to the terminal


class Command(BaseCommand):
    help = "Write the bulletin paragraph of a period (the whole city or one district), with its definitions."

    def add_arguments(self, parser):
        parser.add_argument(
            "--period",
            required=True,
            help="2023, 2023H1, 2023Q1, 2023-02, 2023M1-5, 2023-01..2023-05 or 2023-03-05..2023-04-10",
        )
        parser.add_argument(
            "--district", help="A district's code (lixia) or GB/T 2260 code (370102), or a zone's code."
        )
        parser.add_argument("--lang", default="zh", choices=sorted(LANGS))
        parser.add_argument("--format", default="md", choices=sorted(RENDERERS))
        parser.add_argument(
            "--output",
            help="Write to this file (Markdown and HTML go to standard output without it; Word and PDF to "
            "bulletin-<period>[-<district>]-<lang>.<format> in the current directory).",
        )

    def handle(self, *args, **options):
        try:
            period = parse(options["period"])
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        district = None
        if options["district"]:
            code = options["district"].strip()
            district = (
                Unit.objects.filter(kind__in=[UnitKind.DISTRICT, UnitKind.ZONE], code=code).first()
                or Unit.objects.filter(kind=UnitKind.DISTRICT, gb_code=code).first()
            )
            if district is None:
                raise CommandError(f"No district or zone with the code {code!r}.")
        lang = LANGS[options["lang"]]
        with translation.override(lang):
            try:
                composed = bulletin.build(period, lang=lang, unit=district)
            except PeriodError as exc:
                raise CommandError(str(exc)) from exc
            rendered = RENDERERS[options["format"]](composed)
        output = options["output"]
        if not output and options["format"] in BINARY:
            # Word and PDF are never written to a terminal: they go to a file named after the bulletin.
            place = f"-{district.code}" if district is not None else ""
            output = f"bulletin-{period.code}{place}-{options['lang']}.{rendered.extension}"
        if output:
            with open(output, "wb") as out:
                out.write(rendered.content)
            self.stderr.write(f"Wrote {output}")
        else:
            self.stdout.write(rendered.content.decode(), ending="")
