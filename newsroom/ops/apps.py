from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: health checks, request logs, the shared page cache and the edge purges."""

    name = "newsroom.ops"
    label = "ops"
    verbose_name = _("运维")

    def ready(self) -> None:
        from articles.hooks import register_change_consumer

        from . import purge
        from .consumers import consume_changes

        register_change_consumer("pagecache", consume_changes)
        # Purge the HTTP cache tier (Varnish, CDNs) of what each change
        # touched, in a later phase: after the page cache's new versions have
        # committed, so a refetch the purge causes never gets the old page.
        register_change_consumer("edge", purge.consume_changes, phase=1)
