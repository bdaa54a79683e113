from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "newsroom.desk"
    label = "desk"
    verbose_name = _("编辑台")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from articles import hooks
        from articles.signals import article_saved

        from . import panel, services

        hooks.register_change_form_extra(panel.change_form_panel)
        hooks.register_admin_action("articles.article", panel.preview_action)
        article_saved.connect(services.clear_after_save, dispatch_uid="desk.clear_after_save")
