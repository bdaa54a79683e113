"""Display filters of the reader site.

The archive keeps its source text exactly as transcribed (half-width commas
and brackets included); these filters only change what readers see. An
article's own pieces come prepared (articles.display).
"""

from __future__ import annotations

import json
import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe

from articles import cards, display, reuse
from articles.display import printed_byline
from articles.models import Rendition
from articles.text import split_paragraphs, to_fullwidth

__all__ = ["printed_byline", "split_paragraphs", "to_fullwidth"]

register = template.Library()

# In already-safe HTML only text between tags and entities may change.
_MARKUP = re.compile(r"(<[^>]*>|&#?\w+;)")


@register.filter(needs_autoescape=True)
def fullwidth(value, autoescape=True):
    """`{{ teaser.title|fullwidth }}`: display punctuation, escaped."""
    if value is None:
        return ""
    if isinstance(value, SafeData):
        parts = _MARKUP.split(str(value))
        return mark_safe("".join(p if k % 2 else to_fullwidth(p) for k, p in enumerate(parts)))
    text = to_fullwidth(str(value))
    return mark_safe(escape(text)) if autoescape else text


@register.filter
def shown(article) -> display.Display:
    """`{% with shown=article|shown %}{{ shown.headline }}`: the article's
    prepared display pieces (plain text, escaped by the template)."""
    return display.of(article)


@register.simple_tag(takes_context=True)
def article_card(context, article, excerpt_length=90, show_meta=False, show_photo=False, show_roles=False):
    """`{% article_card article excerpt_length=90 show_meta=True %}`: the
    article's card (articles.cards)."""
    return cards.card(
        article,
        excerpt_length=int(excerpt_length),
        show_meta=bool(show_meta),
        show_photo=bool(show_photo),
        show_roles=bool(show_roles),
        preview=bool(context.get("preview")),
    )


@register.simple_tag
def article_body(article, lead: str = ""):
    """The body as HTML, opened by `lead` (see articles.display.opened_by)."""
    return display.of(article).body(lead)


@register.simple_tag
def printed_dateline(article) -> str:
    """`本报济宁7月11日讯(记者 邓超)` as printed, or "" (see articles.display)."""
    return display.of(article).dateline


@register.filter
def excerpt(article, length: int = 80) -> str:
    """The start of the text: the first paragraph, or for a photo story the
    first caption (from `photos` as prefetched). Plain text, not escaped."""
    return display.of(article).excerpt(int(length))


def summary(article, length: int = 120) -> str:
    """What describes an article elsewhere (meta description, feeds): the deck, else its excerpt."""
    shown = display.of(article)
    return shown.deck or shown.excerpt(length)


@register.filter
def photo_sources(photo) -> list[dict]:
    """`{% for source in photo|photo_sources %}`: the photo's renditions by
    format, each {"format", "srcset"}, from the article's prepared pieces."""
    pieces = display.of(photo.article).photo(photo)
    field = Rendition._meta.get_field("file")
    return [
        {"format": fmt, "srcset": ", ".join(f"{field.url_of(name)} {width}w" for name, width in files)}
        for fmt, files in pieces["sources"]
    ]


@register.filter
def jsonld(data, publisher_name=None) -> str:
    """A dict as the body of a `<script type="application/ld+json">`.

    `publisher_name` fills in `publisher.name` from the page's `publication`.
    `<`, `>` and `&` are escaped so no text from the archive can close the
    script element.
    """
    if publisher_name and isinstance(data.get("publisher"), dict):
        data = {**data, "publisher": {**data["publisher"], "name": str(publisher_name)}}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@register.filter
def zpad(number) -> str:
    """02, as page numbers are printed."""
    return f"{int(number):02d}"


@register.simple_tag(takes_context=True)
def absolute(context, url: str) -> str:
    """An absolute URL for canonical links, Open Graph and feeds."""
    return context["request"].build_absolute_uri(url)


@register.tag("reused")
def reused_fragment(parser, token):
    """`{% reused "footer" %}…{% endreused %}`: the block's HTML, rendered
    once and reused while nothing the public sees changes (articles.reuse),
    for readers who see what the public sees; staff get it rendered afresh.
    Names after the first part of the key (`{% reused "nav" issue.pk %}`).
    Only for markup that depends on nothing else: not the request, not the
    page it is on."""
    names = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    if not names:
        raise template.TemplateSyntaxError("{% reused %} takes a name")
    nodelist = parser.parse(("endreused",))
    parser.delete_first_token()
    return ReusedNode(nodelist, names)


class ReusedNode(template.Node):
    def __init__(self, nodelist, names):
        self.nodelist = nodelist
        self.names = names

    def render(self, context):
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        key = ("fragment", *(name.resolve(context) for name in self.names))
        return reuse.reused_for(request.user, key, lambda: self.nodelist.render(context))

