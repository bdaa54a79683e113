from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("报纸内容")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core.signals import request_finished

        from . import changes

        # Changes a failed consumer left pending drain without a worker.
        request_finished.connect(changes.retry_now_and_then, dispatch_uid="articles.retry_pending_changes")
