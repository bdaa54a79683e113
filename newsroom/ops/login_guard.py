"""django-axes (the admin's login guard) under a Chinese name.

Its own module, not apps.py: Django picks an app's config from apps.py only
when that module defines exactly one.
"""

from axes.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AppConfig):
    """django-axes as the admin's sidebar shows it (the package names it "Axes")."""

    verbose_name = _("登录保护")
