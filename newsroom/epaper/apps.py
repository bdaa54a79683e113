from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EpaperConfig(AppConfig):
    name = "newsroom.epaper"
    label = "epaper"
    verbose_name = _("数字报版面")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the file clean-up receivers)
