"""What a reader sees of an article, prepared when it changes.

The source text stays as transcribed; its display form (full-width
punctuation, the body as HTML paragraphs, the printed dateline and byline,
the photos' srcset) is made once per change by the `display` change
consumer and kept in `Article.display`, so a render assembles stored pieces.

Each group of pieces carries a key of what it was made from: `text` (kind,
kicker, headline, deck, body), `people` (the dateline and bylines) and
`photos` (each photo's id, image and caption). A piece whose key no longer
matches the article as loaded (a write not yet processed, a row from before
the column, an older FORMAT) is made afresh for that render: slower, never
wrong. Nothing here writes on a read.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .seedformat.jumps import split_markers
from .text import split_paragraphs, to_fullwidth

if TYPE_CHECKING:
    from .models import Article, Change, Photo

# Bump when what `prepare` makes changes shape: every stored piece is then
# stale, to this code and to the code before it (the keys carry it), so a
# server of either release never reads a piece the other left out.
# 2: no `lead_body` (set at render by `opened_by`).
FORMAT = 2
# The widest photo rendition offered to link previews (WeChat and Weibo shrink anything larger).
SHARE_IMAGE_WIDTH = 1200
# Articles prepared per query and UPDATE by `refresh`.
CHUNK = 200


def _key(*parts: object) -> str:
    text = "\x1f".join(str(part) for part in (FORMAT, *parts))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def text_key(article: Article) -> str:
    return _key(article.kind, article.kicker, article.headline, article.deck, article.body)


def people_key(article: Article) -> str:
    bylines = (f"{b.printed_role}|{b.role}|{b.person.name}" for b in article.byline_list)
    return _key(article.kind, article.dateline_place, article.dateline_date, *bylines)


def photos_key(article: Article) -> str:
    return _key(*(f"{p.pk}|{p.image.name}|{p.caption}" for p in article.photo_list))


# Making the pieces -----------------------------------------------------------


def body_html(body: str, lead: str = "") -> SafeString:
    """The body as HTML: `<p>` per paragraph, `## ` paragraphs as `<h2>`, a
    story's jump notes (（上接第1版）) as notes of their own, opened by
    `lead` (see `opened_by`)."""
    parts = []
    for paragraph in split_paragraphs(body):
        marked = split_markers(paragraph)
        if marked.opening:
            parts.append(f'<p class="jump-note">{_shown(marked.opening)}</p>')
        text = marked.text
        if text.startswith("## "):
            parts.append(f'<h2 class="subhead">{_shown(text[3:].strip())}</h2>')
        elif text:
            parts.append(f"<p>{_shown(text)}</p>")
        if marked.closing:
            parts.append(f'<p class="jump-note">{_shown(marked.closing)}</p>')
    return opened_by("\n".join(parts), lead)


def opened_by(html_body: str, lead: str) -> SafeString:
    """`html_body` (as `body_html` writes it) with `lead`, the printed
    dateline and byline, opening its first text paragraph in bold, as the
    paper prints it; a body without one gets it as a paragraph of its own.

    Made at render from the prepared body, not stored beside it: a second
    copy of every body made each row a third larger to read. The first
    `<p>` is the first text paragraph: jump notes carry a class, and text
    is escaped."""
    if not lead:
        return mark_safe(html_body)
    strong = f'<strong class="dateline">{_shown(lead)}</strong>'
    if "<p>" in html_body:
        return mark_safe(html_body.replace("<p>", f"<p>{strong} ", 1))
    return mark_safe("\n".join(part for part in (f"<p>{strong}</p>", html_body) if part))


def _shown(text: str) -> str:
    # html.escape as django.utils.html.escape does it, without a format_html per paragraph.
    return html.escape(to_fullwidth(text))


def printed_byline(bylines) -> str:
    """`记者 王鹏 通讯员 李娜`, from bylines already loaded in print order."""
    return " ".join(f"{b.printed_role or b.role} {b.person.name}" for b in bylines)


def printed_dateline(article: Article) -> str:
    """`本报济宁7月11日讯(记者 邓超)` as printed, or "" for an article without one.

    Photo stories carry a credit instead; a story with neither place, date nor
    byline was printed without a dateline.
    """
    if article.kind != article.Kind.STORY:
        return ""
    byline = printed_byline(article.byline_list)
    if not (article.dateline_place or article.dateline_date or byline):
        return ""
    return f"{article.dateline_text}({byline})" if byline else article.dateline_text


def first_text(body: str) -> str:
    """The first paragraph that is not a subhead, full-width, or ""."""
    return next((to_fullwidth(p) for p in split_paragraphs(body) if not p.startswith("## ")), "")


def photo_pieces(photo: Photo) -> dict:
    """A photo's `sources` ([format, [[file name, width], ...]] by format, as
    the renditions are ordered) and `share`, the rendition a link preview
    shows ([file name, width, height], the image itself when it has none)."""
    if not photo.image:
        return {"sources": [], "share": None}
    renditions = list(photo.renditions.all())
    sources: dict[str, list] = {}
    for rendition in renditions:
        sources.setdefault(rendition.format, []).append([rendition.file.name, rendition.width])
    fits = [r for r in renditions if r.format != "webp" and r.width <= SHARE_IMAGE_WIDTH]
    best = max(fits, key=lambda r: r.width) if fits else None
    share = [best.file.name, best.width, best.height] if best else None
    return {"sources": [[fmt, files] for fmt, files in sources.items()], "share": share}


# Each text piece from the article alone: a render whose stored pieces are
# stale or not loaded makes only those it shows (a list: headline, excerpt).
_TEXT_PIECES = {
    "kicker": lambda article: to_fullwidth(article.kicker),
    "headline": lambda article: to_fullwidth(article.headline),
    "deck": lambda article: to_fullwidth(article.deck),
    "body": lambda article: str(body_html(article.body)),
    "first_text": lambda article: first_text(article.body),
}


def _text_pieces(article: Article) -> dict:
    return {name: make(article) for name, make in _TEXT_PIECES.items()}


def _people_pieces(article: Article) -> dict:
    return {"dateline": printed_dateline(article), "byline": printed_byline(article.byline_list)}


def _photo_pieces(article: Article) -> dict:
    return {str(photo.pk): photo_pieces(photo) for photo in article.photo_list}


def prepare(article: Article) -> dict:
    """Every piece of `article`, with the keys of what they were made from.
    Reads its bylines (with people), photos and renditions: load them with
    `with_relations()` first, or each is a query."""
    return {
        "format": FORMAT,
        "keys": {"text": text_key(article), "people": people_key(article), "photos": photos_key(article)},
        **_text_pieces(article),
        **_people_pieces(article),
        "photos": _photo_pieces(article),
    }


# Reading them ----------------------------------------------------------------


class Display:
    """The prepared pieces of one article as loaded, each checked against its
    key on first use and made afresh when stale (see the module docstring)."""

    def __init__(self, article: Article):
        self.article = article
        # A queryset that deferred the column (`.only()`) has no pieces to offer.
        stored = article.__dict__.get("display")
        self.stored = stored if isinstance(stored, dict) and isinstance(stored.get("keys"), dict) else {}
        self._fresh: dict[str, bool] = {}
        self._made: dict[str, dict] = {}

    def _is_fresh(self, group: str) -> bool:
        if group not in self._fresh:
            if not self.stored:
                self._fresh[group] = False
            else:
                key = {"text": text_key, "people": people_key, "photos": photos_key}[group](self.article)
                self._fresh[group] = self.stored["keys"].get(group) == key
        return self._fresh[group]

    def _group(self, group: str) -> dict:
        """The stored pieces of `group` when current, else pieces made now."""
        if self._is_fresh(group):
            return self.stored
        if group not in self._made:
            make = {"people": _people_pieces, "photos": lambda a: {"photos": _photo_pieces(a)}}
            self._made[group] = make[group](self.article)
        return self._made[group]

    def _text(self, name: str) -> str:
        """One text piece: stored when current, else made (alone) now."""
        if self._is_fresh("text"):
            return self.stored[name]
        made = self._made.setdefault("text", {})
        if name not in made:
            made[name] = _TEXT_PIECES[name](self.article)
        return made[name]

    @property
    def kicker(self) -> str:
        return self._text("kicker")

    @property
    def headline(self) -> str:
        return self._text("headline")

    @property
    def deck(self) -> str:
        return self._text("deck")

    @property
    def dateline(self) -> str:
        return self._group("people")["dateline"]

    @property
    def byline(self) -> str:
        return self._group("people")["byline"]

    def body(self, lead: str = "") -> SafeString:
        """The body as HTML, opened by `lead` (see `opened_by`)."""
        return opened_by(self._text("body"), lead)

    @property
    def first_text(self) -> str:
        """The first text paragraph ("" for a photo story, whose excerpt is a caption)."""
        return self._text("first_text")

    def excerpt(self, length: int) -> str:
        """The start of the text: the first paragraph, or for a photo story the
        first caption (from `photos` as prefetched). Plain text, not escaped."""
        text = self.first_text
        if not text:
            text = next((to_fullwidth(p.caption) for p in self.article.photo_list if p.caption), "")
        return text if len(text) <= length else text[:length].rstrip() + "…"

    def widest_file(self, photo: Photo) -> str:
        """The stored name of the photo's widest rendition (of equals, the last
        in the renditions' order), or "" when it has none."""
        files = [file for _format, group in self.photo(photo)["sources"] for file in group]
        return max(reversed(files), key=lambda file: file[1])[0] if files else ""

    def photo(self, photo: Photo) -> dict:
        """`sources` and `share` of one of the article's photos (see `photo_pieces`)."""
        pieces = self._group("photos")["photos"].get(str(photo.pk))
        return pieces if pieces is not None else photo_pieces(photo)


def of(article: Article) -> Display:
    """The article's display pieces, kept on the instance for the render."""
    display = article.__dict__.get("_display")
    if display is None:
        display = article.__dict__["_display"] = Display(article)
    return display


# Keeping them current ------------------------------------------------------------


def refresh(article_ids: Iterable[int], *, rewrite: bool = False) -> int:
    """Prepare the articles' pieces and store them; returns how many changed
    (`rewrite`: store every one, changed or not, in the current encoding)."""
    from .models import Article

    ids = sorted(set(article_ids))
    changed = 0
    for start in range(0, len(ids), CHUNK):
        articles = list(Article.objects.filter(pk__in=ids[start : start + CHUNK]).with_relations(prepared=True).order_by())
        stale = []
        for article in articles:
            pieces = prepare(article)
            if rewrite or pieces != article.display:
                article.display = pieces
                stale.append(article)
        # Only the column: no `updated_at`, no version, no change of its own.
        Article.objects.bulk_update(stale, ["display"])
        changed += len(stale)
    return changed


@transaction.atomic
def refresh_all(*, only_stale: bool = False) -> int:
    """Prepare and store every article (the backfill; rows stored before
    migration 0011 are rewritten as UTF-8 JSON); `only_stale`: only those
    whose stored pieces are of an older FORMAT or missing."""
    from .models import Article

    rows = Article.objects.values_list("pk", "display").order_by("pk")
    return refresh((pk for pk, stored in rows if not only_stale or (stored or {}).get("format") != FORMAT), rewrite=not only_stale)


def consume_changes(batch: Sequence[Change]) -> None:
    """The `display` change consumer: the articles a change affected, and
    those whose bylines or photo credits name a person who changed."""
    from .models import Article, Person

    affected = [change.affected for change in batch]
    ids = {pk for a in affected for pk in a.articles}
    people = {pk for a in affected for pk in a.people}
    if people:
        ids |= set(Article.objects.by_person(Person.objects.filter(pk__in=people)).values_list("pk", flat=True))
    refresh(ids)
