from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: health checks, request logs, the shared page cache and the edge purges."""

    name = "newsroom.ops"
    label = "ops"
    verbose_name = _("运维")

    def ready(self) -> None:
        from articles.hooks import register_change_consumer

        from . import receivers

        receivers.connect()
        # Purge the HTTP cache tier (Varnish, CDNs) of what each change
        # touched; imported after the page-cache receivers are connected, so
        # their invalidation runs first and a refetch never gets the old page.
        from . import purge

        register_change_consumer("edge", purge.consume_changes)
