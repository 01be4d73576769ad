"""Print the reach bulletin sentence of an event or a campaign as of a moment."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from yunzhao.campaigns.models import Campaign, Event
from yunzhao.reach.bulletin import LANGUAGES, bulletin_text
from yunzhao.reach.selectors import Scope, reach_as_of

FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y/%m/%d %H:%M")


def parse_moment(text: str) -> dt.datetime:
    """A local date and time as typed on the command line ("2021-03-30 18:00")."""
    for fmt in FORMATS:
        try:
            return timezone.make_aware(dt.datetime.strptime(text.strip(), fmt))
        except ValueError:
            continue
    raise CommandError(f"--as-of: expected a local date and time such as 2021-03-30 18:00, not {text!r}")


class Command(BaseCommand):
    help = "Print the sentence a press release quotes: the reach of an event or campaign as of a moment."

    def add_arguments(self, parser: CommandParser) -> None:
        subject = parser.add_mutually_exclusive_group(required=True)
        subject.add_argument("--event", type=int, help="the event's id")
        subject.add_argument("--campaign", type=int, help="the campaign's id")
        parser.add_argument("--as-of", dest="as_of", help='local time, e.g. "2021-03-30 18:00" (default: now)')
        parser.add_argument("--lang", choices=LANGUAGES, help="one language (default: both)")

    def handle(self, *args, event: int | None, campaign: int | None, as_of: str | None, lang: str | None,
               **options) -> None:
        moment = parse_moment(as_of) if as_of else timezone.now().replace(second=0, microsecond=0)
        if event is not None:
            subject = Event.objects.filter(pk=event).first()
            if subject is None:
                raise CommandError(f"no event with id {event}")
            reach = reach_as_of(Scope.of(event=subject), moment)
            kind = "event"
        else:
            subject = Campaign.objects.filter(pk=campaign).first()
            if subject is None:
                raise CommandError(f"no campaign with id {campaign}")
            reach = reach_as_of(Scope.of(campaign=subject), moment)
            kind = "campaign"
        for language in (lang,) if lang else LANGUAGES:
            self.stdout.write(bulletin_text(reach, lang=language, subject=kind))
