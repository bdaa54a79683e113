from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "newsroom.planning"
    label = "planning"
    verbose_name = _("版面策划")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from articles import hooks

        from . import signals  # noqa: F401  (connects the publication blocker)

        # The planning dashboard on the admin's front page.
        hooks.register_template("admin_index_head", "planning/includes/admin_index_head.html")
        hooks.register_template("admin_index", "planning/includes/admin_index.html")
