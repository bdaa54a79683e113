from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EpaperConfig(AppConfig):
    name = "newsroom.epaper"
    label = "epaper"
    verbose_name = _("数字报版面")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from articles import hooks

        from . import signals  # noqa: F401  (connects the file clean-up receivers)
        from .consumers import consume_changes
        from .views import article_context, page_context

        hooks.register_change_consumer("epaper", consume_changes)
        # The reader's page shows the scan with its zones; the article links back to its zone.
        hooks.register_context_provider("page", page_context)
        hooks.register_context_provider("article", article_context)
        hooks.register_template("head", "epaper/includes/head.html")
        hooks.register_template("page_before_stories", "epaper/includes/layout_switch.html")
        hooks.register_template("article_before", "epaper/includes/backlink.html")
