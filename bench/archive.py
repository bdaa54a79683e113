"""A large generated archive, loaded fast: shared by the search and load
benchmarks.

Text comes from the seed-format generator: a pool of generated pages is
parsed, and each article takes a headline and as many paragraphs as a
generated story has, drawn from the pool (so the archive is large without
generating and parsing tens of thousands of pages). Rows go in with
bulk_create, which sends no signals: call `newsroom.search.services.
rebuild_index` afterwards for search.
"""

from __future__ import annotations

import datetime as dt
import random

SECTIONS = ["头版", "要闻", "新城", "家园"]
PAGES_PER_ISSUE = len(SECTIONS)
ARTICLES_PER_PAGE = 3


def _pool(rng: random.Random, pages: int):
    """Stories, paragraphs and photo stories parsed from generated pages."""
    from tests.support.seedgen import generate_page
    from articles.seedformat.parser import parse

    stories, paragraphs, photos = [], [], []
    for n in range(pages):
        number = n % PAGES_PER_ISSUE + 1
        page = parse(
            generate_page(
                rng, date=dt.date(2019, 1, 1) + dt.timedelta(days=n // 4), front=number == 1,
                page_number=number, section=SECTIONS[number - 1],
            )
        )  # fmt: skip
        stories.extend(page.stories)
        paragraphs.extend(p.text for s in page.stories for p in s.paragraphs)
        photos.extend(page.photo_stories)
    return stories, paragraphs, photos


def load_archive(issues: int, *, seed: int = 11, first_date: dt.date = dt.date(1995, 1, 1)) -> tuple[int, int]:
    """`issues` published issues from `first_date` on, one a day, four pages
    each, three articles a page, a byline each and a photo on one in five.

    Sections and people already in the database (the real seeds, say) are
    reused by name. Returns (articles, characters of article text).
    """
    from articles.models import Article, Byline, Issue, Page, Person, Photo, Section

    rng = random.Random(seed)
    stories, paragraphs, photos = _pool(rng, 200 if issues <= 1000 else 800)
    sections = [
        Section.objects.get_or_create(name=name, defaults={"slug": f"bench-section-{n}"})[0]
        for n, name in enumerate(SECTIONS)
    ]
    names = sorted({c.name for s in stories if s.dateline for c in s.dateline.contributors})
    names += sorted({c.name for p in photos for c in p.credits} - set(names))
    known = {person.name: person for person in Person.objects.filter(name__in=names)}
    known |= {
        person.name: person
        for person in Person.objects.bulk_create(
            Person(name=name, slug=f"bench-person-{n}") for n, name in enumerate(names) if name not in known
        )
    }
    people = [known[name] for name in names]
    new_issues = Issue.objects.bulk_create(Issue(date=first_date + dt.timedelta(days=n)) for n in range(issues))
    pages = Page.objects.bulk_create(
        Page(issue=issue, number=number, section=section)
        for issue in new_issues
        for number, section in enumerate(sections, start=1)
    )
    count = characters = 0
    for start in range(0, len(pages), 1000):
        articles = []
        for page in pages[start : start + 1000]:
            for position in range(ARTICLES_PER_PAGE):
                story = rng.choice(stories)
                body = "\n\n".join(rng.sample(paragraphs, max(1, len(story.paragraphs))))
                characters += len(body) + len(story.headline) + len(story.kicker) + len(story.deck)
                articles.append(
                    Article(
                        page=page, position=position, is_lead=position == 0, kicker=story.kicker,
                        headline=story.headline, deck=story.deck, body=body,
                        status=Article.Status.PUBLISHED, published_at=_midnight(page.issue.date),
                    )
                )  # fmt: skip
        Article.objects.bulk_create(articles)
        Byline.objects.bulk_create(Byline(article=a, person=rng.choice(people)) for a in articles)
        Photo.objects.bulk_create(
            Photo(article=a, caption=rng.choice(photos).caption, credit=rng.choice(people))
            for a in articles
            if rng.random() < 0.2
        )
        count += len(articles)
    return count, characters


def _midnight(date: dt.date) -> dt.datetime:
    """When the importer publishes an issue's articles: the midnight of its date."""
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(date, dt.time()))


def analyze() -> None:
    """Planner statistics for the freshly loaded tables, as autovacuum would
    gather them on a live PostgreSQL and an import on SQLite
    (articles.planner): bulk_create leaves none. On PostgreSQL, VACUUM too:
    autovacuum visits a table once a fifth of it is new rows, and sets the
    visibility map that lets an index-only scan skip the table (a search's
    window of newest documents: one table read per document in it, up to
    2,000, without it)."""
    from django.db import connection

    from articles import planner

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    planner.refresh_statistics(full=True)
