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


# One pass of the C regex engine instead of a Python loop over every
# character: a mark is replaced when the character before it, or the first one
# after any spaces, is Chinese (both looked at in the source text), and the
# marks of _EATS_FOLLOWING_SPACE take the spaces after them along.
_CH = _CHINESE.pattern
_EATING = "".join(re.escape(half) for half, full in HALF_TO_FULL.items() if full in _EATS_FOLLOWING_SPACE)
_KEEPING = "".join(re.escape(half) for half, full in HALF_TO_FULL.items() if full not in _EATS_FOLLOWING_SPACE)
_NEXT_TO_CHINESE = rf"(?:(?<={_CH}.)|(?=[ \t]*{_CH}))"  # after matching the mark: before it, or after spaces
_CONVERTIBLE = re.compile(rf"[{_EATING}]{_NEXT_TO_CHINESE}[ \t]*|[{_KEEPING}]{_NEXT_TO_CHINESE}")
_ANY_MARK = re.compile(f"[{re.escape(''.join(HALF_TO_FULL))}]")


def _full(match: re.Match) -> str:
    return HALF_TO_FULL[match[0][0]]


def to_fullwidth(text: str) -> str:
    """Half-width , ( ) : ; ! ? next to a Chinese character become full-width.

    Only the marks are touched: 45.6亿元, 58.2% and English text stay ASCII.
    """
    if not _ANY_MARK.search(text):
        return text
    return _CONVERTIBLE.sub(_full, text)


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


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def split_paragraphs(body: str) -> list[str]:
    """Paragraphs are separated by blank lines of any length."""
    return [p.strip() for p in _BLANK_LINE.split(body or "") if p.strip()]


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
