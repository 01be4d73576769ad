"""``yunzhao reindex_content``: rebuild the portal's word index of published policies and news."""

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from yunzhao.publishing import search
from yunzhao.publishing.models import NewsArticle, Policy


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _("Rebuild the search index of published policies and news (after a dictionary change, "
                 "or a bulk load).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--segment", action="store_true",
                            help=_("Cut the texts into words again instead of reusing the stored words."))

    def handle(self, *args, segment: bool, **options) -> None:
        with transaction.atomic():
            if segment:
                for model in (Policy, NewsArticle):
                    for item in model.objects.live().iterator(chunk_size=500):
                        item.search_text = search.text_of(item)
                        item.save(update_fields=["search_text"])
            count = search.rebuild(
                item for model in (Policy, NewsArticle)
                for item in model.objects.live().only("pk", "search_text").iterator(chunk_size=2000)
            )
        self.stdout.write(_("%(count)d items indexed.") % {"count": count})
