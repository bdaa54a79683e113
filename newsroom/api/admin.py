""""Copy for WeChat" in the admin: a preview of the fragment with a copy
button, and the same fragment as a downloadable .html file.

Plain views under /admin/wechat/ (see admin_urls.py) rather than a
ModelAdmin's extra URLs: the article admin belongs to the core, and this
capability only reads articles.
"""

from __future__ import annotations

from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView

from articles.hooks import AdminAction
from articles.models import Article, Publication
from articles.templatetags.reader import to_fullwidth

from . import queries
from .wechat import document, render_fragment


def wechat_action(request: HttpRequest, article: Article) -> AdminAction | None:
    """The article form's "复制到微信" button, for staff who may view articles."""
    if not request.user.has_perm("articles.view_article"):
        return None
    return AdminAction(label="复制到微信", url=reverse("wechat:preview", args=[article.pk]))


class WeChatMixin:
    """Staff with the right to view articles; any status (WeChat may go first)."""

    model = Article
    context_object_name = "article"

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        return staff_member_required(never_cache(permission_required("articles.view_article", raise_exception=True)(view)))

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).with_relations()

    def fragment(self, article: Article):
        return render_fragment(
            article,
            publication=Publication.load(),
            channels=list(queries.active_channels()),
            base_url=self.request.build_absolute_uri("/"),
        )


class WeChatPreview(WeChatMixin, DetailView):
    template_name = "api/wechat_preview.html"

    @classmethod
    def as_view(cls, **initkwargs):
        # The fragment is styled by style attributes only (what WeChat keeps):
        # let them apply here, and nothing else inline (no <style>, no script).
        return csp_update({"style-src-attr": ["'unsafe-inline'"]})(super().as_view(**initkwargs))

    def get_context_data(self, **kwargs):
        article = self.object
        return super().get_context_data(
            **admin.site.each_context(self.request),
            title=f"复制到微信：{to_fullwidth(article.headline)}",
            fragment=self.fragment(article),
            opts=Article._meta,
            **kwargs,
        )


class WeChatDownload(WeChatMixin, DetailView):
    def render_to_response(self, context, **response_kwargs):
        article = self.object
        response = HttpResponse(
            document(self.fragment(article), title=article.headline), content_type="text/html; charset=utf-8"
        )
        filename = f"{article.page.issue.date:%Y%m%d}-{article.headline}.html" if article.page_id else f"{article.pk}.html"
        response["Content-Disposition"] = content_disposition_header(True, f"wechat-{filename}")
        return response
