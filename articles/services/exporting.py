"""Exporting the archive: records → seed-format dataclasses → text.

Rebuilt from the records, never copied from the stored source, so what
editors changed is in the export; an unedited imported page comes back as it
went in (whitespace aside).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Prefetch

from articles import seedformat as sf
from articles.models import Article, MediaChannel, Page, Publication

_SPAN = sf.Span(0, 0)  # exported records have no place in a source file


@dataclass(frozen=True)
class ExportedPage:
    name: str
    text: str


def pages_to_export():
    """Every page that carries articles, with what rendering it reads."""
    articles = Article.objects.order_by("position", "pk").with_bylines().with_photos().select_related("see_also_page__section")
    return (
        Page.objects.filter(articles__isnull=False)
        .distinct()
        .select_related("issue", "section")
        .prefetch_related(
            Prefetch("articles", queryset=articles),
            "teasers__target_page__section",
            "source_files",
            "printed_channels",
        )
        .order_by("issue__date", "number")
    )


def export_pages() -> Iterator[ExportedPage]:
    publication = Publication.load()
    channels = list(MediaChannel.objects.filter(is_active=True))
    # In chunks, each with its own prefetches: the whole archive's articles never sit in memory at once.
    for page in pages_to_export().iterator(chunk_size=100):
        yield ExportedPage(name=_file_name(page), text=sf.render(page_to_seed(page, publication, channels)))


def write_export(*, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for exported in export_pages():
        path = out_dir / exported.name
        path.write_text(exported.text, encoding="utf-8")
        written.append(path)
    return written


def _file_name(page: Page) -> str:
    """The source's own name where the page was imported, else date_page.txt."""
    sources = list(page.source_files.all())
    # Only the base name: a stored name must never lead outside the export folder.
    name = Path(sources[0].name).name if sources else ""
    return name or f"{page.issue.date:%Y-%m-%d}_{page.number:02d}.txt"


def page_to_seed(page: Page, publication: Publication, channels: list[MediaChannel]) -> sf.SeedPage:
    seed = sf.SeedPage(page=sf.PageRef(page.number, page.section.name), year=page.issue.date.year)
    for article in page.articles.all():
        if article.kind == Article.Kind.PHOTO:
            seed.photo_stories.append(_photo_story(article))
        else:
            seed.stories.append(_story(article))
    if page.number == 1:
        seed.teasers = [
            sf.Teaser(title=t.title, target=sf.PageRef(t.target_page.number, t.target_page.section.name), span=_SPAN)
            for t in page.teasers.all()
        ]
    if page.source_files.all():
        # An imported page: its footer as it printed it, whatever the paper's is now.
        _footer(seed, page.printed_channels.all(), page.printed_matrix_title, page.printed_hotline_label, page.printed_hotline)
    elif page.number == 1:
        # A front page made in the admin never printed from here: today's footer.
        _footer(seed, channels, publication.matrix_title, publication.hotline_label, publication.hotline)
    return seed


def _footer(seed: sf.SeedPage, channels, matrix_title: str, hotline_label: str, hotline: str) -> None:
    seed.channels = [
        sf.Channel(label=c.label, name=c.name, kind=sf.ChannelKind(c.kind), span=_SPAN, call_to_action=c.call_to_action)
        for c in channels
    ]
    seed.matrix_title, seed.hotline_label, seed.hotline = matrix_title, hotline_label, hotline


def _story(article: Article) -> sf.Story:
    paragraphs = [
        sf.Paragraph(text=p[3:], span=_SPAN, is_subheading=True) if p.startswith("## ") else sf.Paragraph(text=p, span=_SPAN)
        for p in article.paragraphs
    ]
    contributors = tuple(
        sf.Contributor(name=b.person.name, role=b.role, printed_role=b.printed_role or b.role)
        for b in article.byline_list
    )
    dateline = None
    if article.dateline_place or article.dateline_date or contributors:
        date = article.dateline_date
        dateline = sf.Dateline(
            raw="",
            place=article.dateline_place,
            month=date.month if date else None,
            day=date.day if date else None,
            contributors=contributors,
        )
    return sf.Story(
        headline=article.headline, span=_SPAN, kicker=article.kicker, deck=article.deck,
        dateline=dateline, paragraphs=paragraphs,
    )


def _photo_story(article: Article) -> sf.PhotoStory:
    photo = next(iter(article.photo_list), None)
    credit = None
    if photo is not None and photo.credit is not None:
        credit = sf.Contributor(name=photo.credit.name, role=photo.credit_role, printed_role=photo.credit_role)
    see_also = article.see_also_page
    return sf.PhotoStory(
        title=article.headline,
        span=_SPAN,
        caption=photo.caption if photo else "",
        credit=credit,
        credit_raw=photo.credit_line if photo else "",
        refers_to=sf.PageRef(see_also.number, see_also.section.name) if see_also else None,
    )
