from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReachConfig(AppConfig):
    name = "yunzhao.reach"
    label = "reach"
    verbose_name = _("Channels and reach")
