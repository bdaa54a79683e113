"""The desk's endpoints under the admin's address, used by desk.js: JSON ones,
and the preview of the unsaved form as the reader's article page.

Every one asks the ArticleAdmin whether the user may change the article
(reporters: their own drafts) and answers 403 otherwise. POST bodies are
form-encoded (a `data` field of JSON) so that `navigator.sendBeacon` can send
them with the CSRF token when the page is closed.
"""

from __future__ import annotations

import json

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from articles.models import Article
from articles.text import normalise_body
from articles.views import ArticleView

from . import services


def may_edit(request, article: Article) -> bool:
    """The ArticleAdmin's answer (articles.policy and the workflow's roles)."""
    return admin.site.get_model_admin(Article).has_change_permission(request, article)


class ArticleEndpoint(View):
    """The shared mixin: an article the (staff, see urls.py) user may change, a JSON answer."""

    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        article = admin.site.get_model_admin(Article).get_object(request, str(kwargs["pk"]))
        if article is None:
            raise Http404(_("没有这篇稿件。"))
        if not may_edit(request, article):
            return JsonResponse({"error": _("您不能修改这篇稿件。")}, status=403)
        self.article = article
        try:
            self.data = json.loads(request.POST.get("data") or "{}")
            return super().dispatch(request, *args, **kwargs)
        except (ValueError, TypeError, services.DeskError) as error:
            return JsonResponse({"error": str(error)}, status=400)

    def version_from(self, key: str = "base_version") -> int:
        value = self.data.get(key)
        if not isinstance(value, int) or value < 1:
            raise services.DeskError(_("缺少 {key}（表单打开时的版本号）。").format(key=key))
        return value


class AutosaveView(ArticleEndpoint):
    def post(self, request, pk):
        saved = services.save_autosave(
            article=self.article,
            user=request.user,
            fields=services.clean_fields(self.data.get("fields")),
            base_version=self.version_from(),
        )
        return JsonResponse({"saved_at": timezone.localtime(saved.saved_at).strftime("%H:%M:%S")})


class DiscardView(ArticleEndpoint):
    def post(self, request, pk):
        services.discard_autosave(article=self.article, user=request.user)
        return HttpResponse(status=204)


class HeartbeatView(ArticleEndpoint):
    def post(self, request, pk):
        others = services.heartbeat(article=self.article, user=request.user)
        answer = {"version": self.article.version, "others": [services.display_name(p.user) for p in others]}
        catchup = services.catch_up(
            article=self.article,
            mine=services.clean_fields(self.data.get("fields", {})),
            base_version=self.version_from(),
            client_base=services.clean_fields(self.data.get("base", {})),
        )
        if catchup:
            labels = {name: str(Article._meta.get_field(name).verbose_name) for name in services.TEXT_FIELDS}
            answer["saved"] = {
                "by": catchup.saved_by,
                "changed": [labels[name] for name in catchup.merge.theirs_changed],
                "merged": catchup.merge.values,
                "conflicts": [
                    {"field": name, "label": labels[name], "theirs": catchup.theirs[name]}
                    for name in catchup.merge.conflicts
                ],
                "theirs": catchup.theirs,
            }
        return JsonResponse(answer)


class LeaveView(ArticleEndpoint):
    def post(self, request, pk):
        services.leave(article=self.article, user=request.user)
        return HttpResponse(status=204)


class PreviewView(ArticleView):
    """The reader's article page (the core's view, template and context) with the
    form's unsaved text fields: posted by desk.js for the panel beside the form,
    or by the submit row's 预览 button into a new tab. Nothing is saved.

    Placement, bylines, photos and tags are shown as stored; the body goes
    through the normaliser a save would apply."""

    http_method_names = ["post"]
    preview = True  # never cached, never indexed, says 预览

    def post(self, request, pk):
        article = get_object_or_404(self.get_queryset(), pk=pk)
        if not may_edit(request, article):
            raise PermissionDenied(_("您不能修改这篇稿件。"))
        try:
            fields = services.clean_fields({n: request.POST[n] for n in services.TEXT_FIELDS if n in request.POST})
        except services.DeskError as error:
            return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
        for name, value in fields.items():
            setattr(article, name, value)
        article.body = normalise_body(article.body)
        if article.page is None:
            return render(request, "desk/preview_unplaced.html", {"article": article, "preview": True})
        self.object = article
        return self.render_to_response(self.get_context_data(object=article))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for listed in context["page_articles"]:  # the page's headlines beside it come from their own query
            if listed.pk == self.object.pk:
                listed.headline = self.object.headline
        return context

    def get_canonical_path(self) -> str:
        return self.object.get_absolute_url()
