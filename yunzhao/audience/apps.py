from django.apps import AppConfig
from django.core.signals import setting_changed
from django.utils.translation import gettext_lazy as _


def _settings_changed(*, setting: str, **kwargs) -> None:
    """Tests change the audience's settings: read them again and start a new recorder."""
    if setting.startswith("AUDIENCE_") or setting in ("REDIS_URL", "SECRET_KEY", "SESSION_COOKIE_SECURE"):
        from . import conf, recorder
        from .catalog import catalog

        recorder.reset()
        conf.reset()
        catalog.clear()


class AudienceConfig(AppConfig):
    name = "yunzhao.audience"
    label = "audience"
    verbose_name = _("Live audience")

    def ready(self) -> None:
        setting_changed.connect(_settings_changed, dispatch_uid="yunzhao.audience.settings_changed")
