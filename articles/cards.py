"""The article card: an article's headline, excerpt, where it was printed
and who wrote it, as every list and edition page shows it.

Written out here rather than as a template: a card resolved some forty
template variables (a lookup each through Django's template engine), and a
list of twenty cards was half of a section page's render. The same markup
from prepared pieces (articles.display) takes a tenth of that. Only a
card's photo, shown on edition pages, is still the `includes/photo.html`
template that the article page shares.
"""

from __future__ import annotations

from html import escape

from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from . import display
from .models import Article


def card(
    article: Article,
    *,
    excerpt_length: int,
    show_meta: bool = False,
    show_photo: bool = False,
    show_roles: bool = False,
    preview: bool = False,
) -> SafeString:
    """The card of `article`, loaded `for_listing()` (and with photos for
    `show_photo`). `show_meta`: the issue, page and section it was printed
    on (lists); `show_roles`: the `person_roles` a person's list set on it;
    `show_photo`: its first photo (edition pages); `preview`: the reader
    may see unpublished work, so a photo not yet uploaded says so."""
    shown = display.of(article)
    is_photo_story = article.kind == Article.Kind.PHOTO
    classes = "story" + (" story--lead" if article.is_lead else "") + (" story--photo" if is_photo_story else "")
    parts = [f'<article class="{classes}" aria-labelledby="story-{article.pk}">']
    if shown.kicker:
        parts.append(f'<p class="story__kicker">{escape(shown.kicker)}</p>')
    parts.append(
        f'<h2 class="story__headline" id="story-{article.pk}">'
        f'<a href="{escape(article.get_absolute_url())}">{escape(shown.headline)}</a></h2>'
    )
    if shown.deck:
        parts.append(f'<p class="story__deck">{escape(shown.deck)}</p>')
    if not article.is_public:
        parts.append(f'<p class="badge">未公开：{escape(str(article.get_status_display()))}</p>')
    if show_photo:
        photo = next(iter(article.photo_list), None)
        if photo is not None:
            parts.append(get_template("includes/photo.html").render({"photo": photo, "preview": preview}))
    if not is_photo_story:
        text = shown.excerpt(excerpt_length)
        if text:
            parts.append(f'<p class="story__excerpt">{escape(text)}</p>')
    if show_meta:
        parts.append(_meta(article, show_roles=show_roles))
    bylines = article.byline_list
    if bylines:
        items = " ".join(
            f'<span class="byline__item">{escape(b.printed_role or b.role)} '
            f'<a href="{escape(b.person.get_absolute_url())}">{escape(b.person.name)}</a></span>'
            for b in bylines
        )
        parts.append(f'<p class="byline">{items}</p>')
    parts.append("</article>")
    return mark_safe("\n".join(parts))


def printed_on(page, *, link_issue: bool) -> str:
    """Where something was printed, as lists and search results show it: the
    issue's date (a link to the issue with `link_issue`), then links to the
    page (第02版) and its section. `page` with its issue and section loaded."""
    issue, section = page.issue, page.section
    date = f'<time datetime="{issue.date.isoformat()}">{escape(issue.date_line)}</time>'
    if link_issue:
        date = f'<a href="{escape(issue.get_absolute_url())}">{date}</a>'
    return (
        f'{date} <a href="{escape(page.get_absolute_url())}">第{page.number:02d}版</a> '
        f'<a href="{escape(section.get_absolute_url())}">{escape(section.name)}</a>'
    )


def _meta(article: Article, *, show_roles: bool) -> str:
    """Where the article was printed, and for a person's list the person's roles on it."""
    roles = getattr(article, "person_roles", ()) if show_roles else ()
    return (
        f'<p class="story__meta">{printed_on(article.page, link_issue=True)}'
        + (f' <span class="roles">{"、".join(escape(str(role)) for role in roles)}</span>' if roles else "")
        + "</p>"
    )
