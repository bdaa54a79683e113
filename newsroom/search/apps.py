from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "newsroom.search"
    label = "search"
    verbose_name = _("站内搜索")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from articles import hooks

        from . import checks, signals  # noqa: F401  (registers the check and the receivers)
        from .consumers import consume_changes
        from .engine import matching

        # Every recorded change reaches the index (after its commit).
        hooks.register_change_consumer("search", consume_changes)

        # The admin's article list searches with this engine, drafts included.
        hooks.register_article_search(lambda articles, text: matching(text, articles))
        # The search box in every reader page's masthead.
        hooks.register_template("masthead", "search/includes/masthead_form.html")
