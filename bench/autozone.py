"""Auto-zoning (标引) against pages whose true layout is known; run by
`bench epaper`.

Issues of four pages are generated with the seed-format generator and stored
as articles (with datelines, bylines and photo captions); each page is set as
a PDF by `tests.support.pagepdf` — five columns, a masthead and the channel footer
on the front page, a lead that jumps to page 2, a story wrapping round a
photo story, an ad on every other page — and `propose_zones` reads it back.
A proposal is right when the union of the article's proposed zones overlaps
its true region with IoU >= 0.9; a false zone is one lying mostly outside
its article's true region.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time

from PIL import ImageChops

from bench.common import print_table, reset_database
from tests.support.overlap import iou, mask, pixels

SECTIONS = ("头版", "要闻", "新城", "家园")
IOU_GOAL = 0.9


def _seed_pages(rng: random.Random, date: dt.date):
    from tests.support.seedgen import generate_page
    from articles.seedformat.parser import parse

    pages = []
    for number, section in enumerate(SECTIONS, 1):
        text = generate_page(rng, date=date, front=number == 1, page_number=number, section=section)
        pages.append(parse(text))
    return pages


# Paragraphs kept of a generated story, so a page holds several stories.
LEAD_PARAGRAPHS, STORY_PARAGRAPHS = 5, 3


def _paragraphs(story, lead: bool) -> list[str]:
    return [p.text for p in story.paragraphs][: LEAD_PARAGRAPHS if lead else STORY_PARAGRAPHS]


def _printed(story, lead: bool) -> tuple[str, ...]:
    """The body as printed: the dateline and byline opening the first paragraph."""
    paragraphs = _paragraphs(story, lead)
    if story.dateline and paragraphs:
        paragraphs[0] = f"{story.dateline.raw}{paragraphs[0]}"
    return tuple(paragraphs)


def _store_story(page, position: int, *, headline: str, deck: str, paragraphs, dateline) -> object:
    from articles.models import Article, Byline, Person

    article = Article.objects.create(
        page=page, position=position, headline=headline[:200], deck=deck[:300], body="\n\n".join(paragraphs),
        dateline_place=dateline.place if dateline else "",
        dateline_date=page.issue.date if dateline and dateline.month else None,
    )  # fmt: skip
    for order, person in enumerate(dateline.contributors if dateline else ()):
        who = Person.objects.get_or_create(name=person.name, defaults={"slug": f"p-{Person.objects.count()}"})[0]
        Byline.objects.create(article=article, person=who, role=person.role, order=order)
    return article


def _issue(rng: random.Random, date: dt.date, sections) -> list[tuple]:
    """One issue's pages in the database and as PDFs: [(page, laid, keys)],
    `keys` mapping the layout's story keys to article primary keys."""
    from articles.models import Article, Issue, Page, Person, Photo
    from tests.support.pagepdf import PrintedStory, lay_out

    issue = Issue.objects.create(date=date)
    seeds = _seed_pages(rng, date)
    made = []
    carried: tuple[str, ...] = ()
    carried_headline = ""
    for number, seed in enumerate(seeds, 1):
        page = Page.objects.create(issue=issue, number=number, section=sections[number - 1])
        stories = [
            PrintedStory(n, s.headline, deck=s.deck, paragraphs=_printed(s, n == 0)) for n, s in enumerate(seed.stories)
        ]
        if number == 2 and carried:
            stories.insert(0, PrintedStory(100, carried_headline, paragraphs=carried))
        photo = seed.photo_stories[0] if seed.photo_stories else None
        inset = PrintedStory(200, photo.title, caption=f"{photo.caption}{photo.credit_raw}") if photo else None
        laid = lay_out(
            stories,
            photo_story=inset,
            masthead="济宁高新区报" if number == 1 else "",
            footer="济宁高新电视 《蓼河先声》微信公众号 济宁高新区微信公众号 融媒体新闻热线：6557709" if number == 1 else "",
            ad="诚聘英才 高新区人才市场常年招聘 咨询电话 0537-2345678" if number % 2 == 0 else "",
            jump_to=2 if number == 1 else None,
            jump_from=1 if number == 2 and carried else None,
        )
        if number == 1:
            carried, carried_headline = laid.carried, seed.stories[0].headline[:12]
        keys = {}
        for key in laid.truth:
            if key == 200:
                article = Article.objects.create(
                    page=page, position=50, kind=Article.Kind.PHOTO, headline=photo.title, body=""
                )  # fmt: skip
                credit = photo.credit and Person.objects.get_or_create(
                    name=photo.credit.name, defaults={"slug": f"p-{Person.objects.count()}"}
                )[0]
                role = photo.credit.printed_role or photo.credit.role if photo.credit else ""
                Photo.objects.create(article=article, caption=photo.caption, credit=credit or None, credit_role=role[:10])
            elif key == 100:
                article = _store_story(page, 0, headline=carried_headline, deck="", paragraphs=carried, dateline=None)
            else:
                story = seed.stories[key]
                paragraphs = _paragraphs(story, key == 0)
                article = _store_story(
                    page, key + 1, headline=story.headline, deck=story.deck, paragraphs=paragraphs, dateline=story.dateline
                )
            keys[key] = article.pk
        made.append((page, laid, keys))
    return made


def _rects(rects) -> list:
    return [[(left, top), (right, top), (right, bottom), (left, bottom)] for left, top, right, bottom in rects]


def measure(pages: int, *, seed: int = 19) -> dict:
    """Lay out and auto-zone `pages` pages (whole issues); the counts."""
    from articles.models import Section
    from newsroom.epaper.models import PageScan
    from newsroom.epaper.zoning import propose_zones

    rng = random.Random(seed)
    sections = [Section.objects.get_or_create(name=name, defaults={"slug": f"s{n}"})[0] for n, name in enumerate(SECTIONS)]
    totals = {"pages": 0, "articles": 0, "right": 0, "missed": 0, "zones": 0, "false": 0, "furniture": 0, "reported": 0}
    ious, seconds = [], []
    date = dt.date(2019, 7, 11)
    while totals["pages"] < pages:
        for page, laid, keys in _issue(rng, date, sections):
            scan = PageScan.objects.create(
                page=page, kind=PageScan.Kind.PDF, file=f"bench/{page.pk}.pdf", width=842, height=1191, content_hash="-"
            )
            start = time.perf_counter()
            result = propose_zones(scan=scan, data=laid.pdf)
            seconds.append(time.perf_counter() - start)
            totals["pages"] += 1
            totals["furniture"] += laid.furniture
            totals["reported"] += len(result.unmatched)
            zones_by_article: dict[int, list] = {}
            for zone in result.proposed:
                zones_by_article.setdefault(zone.article_id, []).append(zone.outline)
            for key, truth in laid.truth.items():
                totals["articles"] += 1
                shapes = zones_by_article.get(keys[key], [])
                if not shapes:
                    totals["missed"] += 1
                    continue
                score = iou(shapes, _rects(truth))
                ious.append(score)
                totals["right"] += score >= IOU_GOAL
                for shape in shapes:
                    totals["zones"] += 1
                    inside = pixels(ImageChops.logical_and(mask([shape]), mask(_rects(truth))))
                    totals["false"] += inside < 0.5 * max(pixels(mask([shape])), 1)
        date += dt.timedelta(days=1)
    totals["median_iou"] = statistics.median(ious) if ious else 0.0
    totals["seconds"] = seconds
    return totals


def run(args) -> None:
    reset_database()
    totals = measure(12 if args.quick else 52)
    seconds = sorted(totals["seconds"])
    share = totals["right"] / totals["articles"] if totals["articles"] else 0.0
    print_table(
        "Auto-zoning page PDFs with a known layout (goal: >= 95% of articles at IoU >= 0.9, < 1 s a page)",
        ["pages", "articles", f"IoU >= {IOU_GOAL}", "median IoU", "missed", "zones", "false zones",
         "non-article blocks reported", "median s/page", "max s/page"],
        [(
            totals["pages"], totals["articles"], f"{totals['right']} ({share:.1%})", f"{totals['median_iou']:.3f}",
            totals["missed"], totals["zones"], totals["false"], f"{totals['reported']} of {totals['furniture']}",
            f"{statistics.median(seconds):.3f}", f"{seconds[-1]:.3f}",
        )],
    )  # fmt: skip
