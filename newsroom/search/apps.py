from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "newsroom.search"
    label = "search"
    verbose_name = _("站内搜索")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from articles.hooks import register_article_search, register_change_consumer

        from . import checks, signals  # noqa: F401  (registers the check and the receivers)
        from .consumers import consume_changes
        from .engine import matching

        # Every recorded change reaches the index (after its commit).
        register_change_consumer("search", consume_changes)

        # The admin's article list searches with this engine, drafts included.
        register_article_search(lambda articles, text: matching(text, articles))
