"""Display filters of the reader site.

The archive keeps its source text exactly as transcribed (half-width commas
and brackets included); these filters only change what readers see.
"""

from __future__ import annotations

import json
import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeData, mark_safe

from articles.seedformat.jumps import split_markers
from articles.services import photos

register = template.Library()

HALF_TO_FULL = {",": "，", "(": "（", ")": "）", ":": "：", ";": "；", "!": "！", "?": "？"}
# Full-width punctuation carries its own spacing; a space the transcriber left
# after a half-width mark would show as a gap.
_EATS_FOLLOWING_SPACE = set("，：；！？")
# Han characters, CJK punctuation and the curly quotes Chinese text uses.
_CHINESE = re.compile(
    r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e\u2018\u2019\u201c\u201d\u2026\u2014]"
)
# In already-safe HTML only text between tags and entities may change.
_MARKUP = re.compile(r"(<[^>]*>|&#?\w+;)")


def to_fullwidth(text: str) -> str:
    """Half-width , ( ) : ; ! ? next to a Chinese character become full-width.

    Only the marks are touched: 45.6亿元, 58.2% and English text stay ASCII.
    """
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        full = HALF_TO_FULL.get(ch)
        if full and _next_to_chinese(text, i):
            out.append(full)
            i += 1
            if full in _EATS_FOLLOWING_SPACE:
                while i < n and text[i] in " \t":
                    i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _next_to_chinese(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else ""
    j = i + 1
    while j < len(text) and text[j] in " \t":
        j += 1
    after = text[j] if j < len(text) else ""
    return bool(_CHINESE.match(before) or _CHINESE.match(after))


@register.filter(needs_autoescape=True)
def fullwidth(value, autoescape=True):
    """`{{ article.headline|fullwidth }}`: display punctuation, escaped."""
    if value is None:
        return ""
    if isinstance(value, SafeData):
        parts = _MARKUP.split(str(value))
        return mark_safe("".join(p if k % 2 else to_fullwidth(p) for k, p in enumerate(parts)))
    text = to_fullwidth(str(value))
    return mark_safe(escape(text)) if autoescape else text


def split_paragraphs(body: str) -> list[str]:
    """Paragraphs are separated by blank lines of any length."""
    return [p.strip() for p in re.split(r"\n[ \t]*\n", body or "") if p.strip()]


@register.simple_tag
def article_body(article, lead: str = ""):
    """The body as HTML: `<p>` per paragraph, `## ` paragraphs as `<h2>`.

    `lead` (the printed dateline and byline) opens the first text paragraph in
    bold, as the paper prints it.
    """
    html = []
    for paragraph in split_paragraphs(article.body):
        # A story that jumps pages: its （上接第1版） and （下转第2版） are notes of their own.
        marked = split_markers(paragraph)
        if marked.opening:
            html.append(format_html('<p class="jump-note">{}</p>', fullwidth(marked.opening)))
        text = marked.text
        if text.startswith("## "):
            html.append(format_html('<h2 class="subhead">{}</h2>', fullwidth(text[3:].strip())))
        elif text and lead:
            html.append(format_html('<p><strong class="dateline">{}</strong> {}</p>', fullwidth(lead), fullwidth(text)))
            lead = ""
        elif text:
            html.append(format_html("<p>{}</p>", fullwidth(text)))
        if marked.closing:
            html.append(format_html('<p class="jump-note">{}</p>', fullwidth(marked.closing)))
    if lead:
        html.insert(0, format_html('<p><strong class="dateline">{}</strong></p>', fullwidth(lead)))
    return mark_safe("\n".join(html))


def printed_byline(bylines) -> str:
    """`记者 王鹏 通讯员 李娜`, from bylines already loaded in print order."""
    return " ".join(f"{b.printed_role or b.role} {b.person.name}" for b in bylines)


@register.simple_tag
def printed_dateline(article) -> str:
    """`本报济宁7月11日讯(记者 邓超)` as printed, or "" for an article without one.

    Photo stories carry a credit instead; a story with neither place, date nor
    byline was printed without a dateline.
    """
    if article.kind != article.Kind.STORY:
        return ""
    byline = printed_byline(article.bylines.all())
    if not (article.dateline_place or article.dateline_date or byline):
        return ""
    return f"{article.dateline_text}({byline})" if byline else article.dateline_text


@register.filter
def excerpt(article, length: int = 80) -> str:
    """The start of the text: the first paragraph, or for a photo story the
    first caption (from `photos` as prefetched). Plain text, not escaped."""
    length = int(length)
    texts = [p for p in split_paragraphs(article.body) if not p.startswith("## ")]
    texts = texts or [photo.caption for photo in article.photos.all() if photo.caption]
    if not texts:
        return ""
    text = to_fullwidth(texts[0])
    return text if len(text) <= length else text[:length].rstrip() + "…"


def summary(article, length: int = 120) -> str:
    """What describes an article elsewhere (meta description, feeds): the deck, else its excerpt."""
    return to_fullwidth(article.deck) if article.deck else excerpt(article, length)


@register.filter
def srcset(photo, fmt: str) -> str:
    """`{{ photo|srcset:"webp" }}`: the photo's renditions in one format, by width."""
    return photos.srcset(photo, fmt=fmt)


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
