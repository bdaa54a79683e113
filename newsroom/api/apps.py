from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "newsroom.api"
    label = "api"
    verbose_name = _("开放接口与分发")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from articles.hooks import AdminTool, register_article_list_tool, register_change_consumer

        from . import checks  # noqa: F401  (registers the settings check)
        from .consumers import consume_changes

        register_change_consumer("api", consume_changes)
        # The ninjs upload, as a button above the admin's article list.
        register_article_list_tool(
            AdminTool(label=_("导入 ninjs 稿件"), url_name="ninjs_import:upload", permission="articles.add_article")
        )
