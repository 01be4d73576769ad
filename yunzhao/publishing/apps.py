import os
import threading

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "yunzhao.publishing"
    label = "publishing"
    verbose_name = _("Published content")

    def ready(self) -> None:
        # Loading the word-segmentation dictionary takes a second or more; an app server started with
        # YUNZHAO_SEARCH_PRELOAD=1 loads it in the background at start, so no visitor's search waits for it.
        if os.environ.get("YUNZHAO_SEARCH_PRELOAD", "").strip().lower() in {"1", "true", "yes", "on"}:
            from . import search

            threading.Thread(target=search.preload, name="search-dictionary", daemon=True).start()
