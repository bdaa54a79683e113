from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: health checks, request logs and the shared page cache."""

    name = "newsroom.ops"
    label = "ops"
    verbose_name = _("运维")

    def ready(self) -> None:
        from . import receivers

        receivers.connect()


class AxesConfig(AxesAppConfig):
    """django-axes under a Chinese name in the admin's sidebar (the package names it "Axes")."""

    verbose_name = _("登录保护")
