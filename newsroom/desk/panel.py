"""The desk's block at the top of the article change form (articles.hooks).

Rendered by the server so that it says something without JavaScript too: the
stored text's 字数 and print fit, who else had the form open a moment ago.
desk.js brings it to life: live counts, autosave and its restore offer,
presence, a colleague's save merged into the form, and the preview beside it.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.admin.history import diff_text, has_changes
from articles.hooks import AdminAction
from articles.models import Article
from articles.text import count_characters, house_rule

from . import services
from .counting import print_fit
from .views import may_edit

MEDIA = forms.Media(js=["desk/desk.js"], css={"all": ["desk/desk.css"]})


def _restore_offer(article: Article, user) -> dict | None:
    autosave = services.pending_autosave(article=article, user=user)
    if autosave is None:
        return None
    stored = services.article_fields(article)
    rows = []
    for name, value in autosave.fields.items():
        lines = diff_text(stored.get(name, ""), value)
        if has_changes(lines):
            rows.append({"label": Article._meta.get_field(name).verbose_name, "lines": lines})
    return {"autosave": autosave, "at": timezone.localtime(autosave.saved_at), "rows": rows}


def change_form_panel(request, article: Article | None) -> tuple[forms.Media, str]:
    editable = article is not None and may_edit(request, article)
    if article is not None and not editable:
        return forms.Media(), ""
    rule = house_rule()
    context = {"rule": rule, "article": article}
    if article is not None:
        others = services.heartbeat(article=article, user=request.user)
        column = services.column_for(article)
        context |= {
            "others": [services.display_name(p.user) for p in others],
            "count": count_characters(article.body, rule),
            "column": column,
            "fit": print_fit(article.body, column) if column else None,
            "offer": _restore_offer(article, request.user),
            "autosave_ms": settings.NEWSROOM_DESK_AUTOSAVE_SECONDS * 1000,
            "heartbeat_ms": settings.NEWSROOM_DESK_HEARTBEAT_SECONDS * 1000,
            "urls": {
                name: reverse(f"desk:{name}", args=[article.pk])
                for name in ("autosave", "discard", "heartbeat", "leave", "preview")
            },
        }
    return MEDIA, render_to_string("desk/panel.html", context, request)


def preview_action(request, article: Article) -> AdminAction | None:
    """The submit row's 预览: the form as it stands, as readers would see it, in a
    new tab (works without JavaScript; the panel's preview beside the form needs it)."""
    if not may_edit(request, article):
        return None
    return AdminAction(label=_("预览"), url=reverse("desk:preview", args=[article.pk]), submits_form=True)
