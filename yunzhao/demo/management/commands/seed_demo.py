"""``yunzhao seed_demo``: build the demo city; running it again changes nothing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunzhao.demo.seeding import seed_demo

# What each count in the report is, as people read it.
LABELS = {
    "exchange rates": gettext_lazy("exchange rates"),
    "accounts": gettext_lazy("demo accounts"),
    "investors": gettext_lazy("investors"),
    "contacts": gettext_lazy("contacts"),
    "interactions": gettext_lazy("interactions"),
    "projects": gettext_lazy("projects"),
    "stage changes": gettext_lazy("stage changes"),
    "capital records": gettext_lazy("capital-in-place records"),
    "scheduling updates": gettext_lazy("scheduling updates"),
    "campaigns": gettext_lazy("campaigns"),
    "events": gettext_lazy("events"),
    "agenda items": gettext_lazy("agenda items"),
    "channels": gettext_lazy("channels"),
    "publications": gettext_lazy("publications"),
    "snapshots": gettext_lazy("metric snapshots"),
    "signings": gettext_lazy("signings"),
    "guests": gettext_lazy("guests"),
    "portal figures": gettext_lazy("city figures published"),
    "portal zones": gettext_lazy("zone profiles published"),
    "portal policies": gettext_lazy("policies published"),
    "portal news": gettext_lazy("news articles published"),
    "portal video series": gettext_lazy("video series published"),
    "portal videos": gettext_lazy("videos published"),
    "portal opportunities": gettext_lazy("opportunities published"),
    "portal event pages": gettext_lazy("event pages published"),
    "meeting slots": gettext_lazy("video-meeting slots"),
}


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a plain string, in the active language
        return _("Create the demo data: Jinan's units, demo accounts, investors, projects and their history, "
                 "and the campaign of the press reports with its reach and signings.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0,
                            help=_("Share of the generated investors and projects (1 = about 300 of each)."))
        parser.add_argument("--seed", type=int, default=2021, help=_("Seed of the generator."))

    def handle(self, *args, scale: float, seed: int, **options) -> None:
        if not 0 <= scale <= 10:
            raise CommandError(_("The scale must be between 0 and 10."))
        try:
            report = seed_demo(scale=scale, seed=seed)
        except PermissionDenied as exc:
            raise CommandError(_("The demo data could not be created: a demo account may not write the ledger "
                                 "(is it deactivated?).")) from exc
        except ValidationError as exc:
            raise CommandError(_("The demo data could not be created: %(error)s") % {"error": "; ".join(exc.messages)}
                               ) from exc
        created = {name: n for name, n in report.created.items() if n}
        if created:
            self.stdout.write(_("Demo data created in %(seconds).1f s:") % {"seconds": report.seconds})
            for name, count in created.items():
                self.stdout.write(f"  {LABELS.get(name, name)}: {count}")
        else:
            self.stdout.write(_("The demo data is already in place; nothing was changed (%(seconds).1f s).")
                              % {"seconds": report.seconds})
        self.stdout.write(_("Demo accounts use the password: %(password)s (list them with `yunzhao demo_logins`).")
                          % {"password": report.password})
