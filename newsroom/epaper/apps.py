from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EpaperConfig(AppConfig):
    name = "newsroom.epaper"
    label = "epaper"
    verbose_name = _("数字报版面")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from articles.hooks import register_change_consumer

        from . import signals  # noqa: F401  (connects the file clean-up receivers)
        from .consumers import consume_changes

        register_change_consumer("epaper", consume_changes)
