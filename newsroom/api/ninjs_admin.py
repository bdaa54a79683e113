"""The admin's ninjs upload (/admin/ninjs/import/): the same service as
`import_ninjs`, one report line per file. Photos come only from the hosts in
NEWSROOM_NINJS_IMAGE_HOSTS here, never from the server's own files.

A plain view beside the admin rather than a ModelAdmin URL: the article
admin belongs to the core, and this capability only adds drafts through its
own service.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView

from articles.admin.common import MultipleFileField
from articles.models import Article

from .ninjs_import import NinjsSource, import_ninjs


class NinjsUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("ninjs 文件"), help_text=_("一个或多个 .json 文件，每个文件一篇稿件（IPTC ninjs 3.x 或 2.x），导入为草稿")
    )


class NinjsImportView(FormView):
    form_class = NinjsUploadForm
    template_name = "api/ninjs_import.html"

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        return staff_member_required(never_cache(permission_required("articles.add_article", raise_exception=True)(view)))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **admin.site.each_context(self.request), title=_("导入 ninjs 稿件"), opts=Article._meta, **kwargs
        )

    def form_valid(self, form):
        sources = [NinjsSource(name=upload.name, data=upload.read()) for upload in form.cleaned_data["files"]]
        reports = import_ninjs(sources=sources, user=self.request.user)
        return self.render_to_response(self.get_context_data(form=self.form_class(), reports=reports))
