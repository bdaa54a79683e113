"""The editors' newsroom: the Django admin in Chinese, one module per model group.

Every write with side effects goes through `articles.services`; the admin
only collects input, checks permissions and shows the outcome.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import changes, channels, imports, issues, people, photos, stories  # noqa: F401  (registers the ModelAdmins)

admin.site.site_header = _("新闻采编系统")
admin.site.site_title = _("新闻采编系统")
admin.site.index_title = _("采编工作台")
