from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "newsroom.api"
    label = "api"
    verbose_name = _("开放接口与分发")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from articles import hooks

        from . import checks  # noqa: F401  (registers the settings check)
        from .admin import wechat_action
        from .consumers import consume_changes

        hooks.register_change_consumer("api", consume_changes)
        # The JSON Feed beside the core's RSS and Atom in every reader page's head.
        hooks.register_head_link(title="最新稿件 JSON Feed", type="application/feed+json", url_name="api_feeds:latest")
        # "复制到微信" in the article form's submit row.
        hooks.register_admin_action("articles.article", wechat_action)
        # The ninjs upload, as a button above the admin's article list.
        hooks.register_article_list_tool(
            hooks.AdminTool(label=_("导入 ninjs 稿件"), url_name="ninjs_import:upload", permission="articles.add_article")
        )
