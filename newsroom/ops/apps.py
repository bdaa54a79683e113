from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: health checks, request logs and the shared page cache."""

    name = "newsroom.ops"
    label = "ops"
    verbose_name = _("运维")

    def ready(self) -> None:
        from articles.hooks import register_change_consumer

        from .consumers import consume_changes

        register_change_consumer("pagecache", consume_changes)
