"""Search speed on a generated archive: 100,000 articles (5,000 with --quick).

Text comes from the seed-format generator: a pool of generated pages is
parsed, and each article takes a headline and as many paragraphs as a
generated story has, drawn from the pool (so the archive is large without
generating and parsing 30,000 pages). Loaded with bulk_create, then indexed
with `rebuild_index`.

For 1-, 2-, 3- and 6-character queries and two-term queries it prints the
median and p95 time of a whole request to /search/ (count, first page,
snippets, template), next to a naive `icontains` scan of the article fields
that does the same work (count and first page), and the index size.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time

from bench.common import median_ms, p95_ms, print_table, reset_database, timed

# Per type: a common, a middling and a rare term of the generated text.
QUERIES = {
    "1 char": ["区", "邓", "霞"],
    "2 chars": ["街道", "清洁", "邓超"],
    "3 chars": ["高新区", "文明城", "黄屯街"],
    "6 chars": ["清洁取暖改造", "科技创新平台", "产业集聚区发"],
    "2 terms": ["街道 改造", "清洁 邓超", "文明 民生实事"],
}


def _pool(rng: random.Random, pages: int):
    """Stories, paragraphs and photo stories parsed from generated pages."""
    from articles.seedformat.generate import generate_page
    from articles.seedformat.parser import parse

    stories, paragraphs, photos = [], [], []
    sections = ["头版", "要闻", "新城", "家园"]
    for n in range(pages):
        number = n % 4 + 1
        page = parse(
            generate_page(
                rng, date=dt.date(2019, 1, 1) + dt.timedelta(days=n // 4), front=number == 1,
                page_number=number, section=sections[number - 1],
            )
        )
        stories.extend(page.stories)
        paragraphs.extend(p.text for s in page.stories for p in s.paragraphs)
        photos.extend(page.photo_stories)
    return stories, paragraphs, photos


def load_archive(count: int, *, seed: int = 11) -> int:
    """`count` published articles, four pages an issue, three articles a page;
    returns the characters of article text loaded."""
    from django.utils import timezone

    from articles.models import Article, Byline, Issue, Page, Person, Photo, Section

    rng = random.Random(seed)
    stories, paragraphs, photos = _pool(rng, 200 if count <= 10_000 else 800)
    sections = [Section.objects.create(name=name, slug=f"s{n}") for n, name in enumerate(["头版", "要闻", "新城", "家园"])]
    names = sorted({c.name for s in stories if s.dateline for c in s.dateline.contributors})
    names += sorted({c.name for p in photos for c in p.credits} - set(names))
    people = Person.objects.bulk_create(Person(name=name, slug=f"p{n}") for n, name in enumerate(names))
    issues = Issue.objects.bulk_create(
        Issue(date=dt.date(1995, 1, 1) + dt.timedelta(days=n)) for n in range(count // 12 + 1)
    )
    pages = Page.objects.bulk_create(
        Page(issue=issue, number=number, section=sections[number - 1]) for issue in issues for number in range(1, 5)
    )
    published_at = timezone.now() - dt.timedelta(days=1)
    characters = 0
    for start in range(0, count, 5000):
        articles = []
        for n in range(start, min(start + 5000, count)):
            story = rng.choice(stories)
            body = "\n\n".join(rng.sample(paragraphs, max(1, len(story.paragraphs))))
            characters += len(body) + len(story.headline) + len(story.kicker) + len(story.deck)
            articles.append(
                Article(
                    page=pages[n // 3], position=n % 3, kicker=story.kicker, headline=story.headline,
                    deck=story.deck, body=body, status=Article.Status.PUBLISHED, published_at=published_at,
                )
            )
        Article.objects.bulk_create(articles)
        Byline.objects.bulk_create(Byline(article=a, person=rng.choice(people)) for a in articles)
        Photo.objects.bulk_create(
            Photo(article=a, caption=rng.choice(photos).caption, credit=rng.choice(people))
            for a in articles
            if rng.random() < 0.2
        )
    return characters


def naive_scan(query: str):
    """What search would be without an index: icontains over the article fields."""
    from django.db.models import Q

    from articles.models import Article

    articles = Article.objects.published()
    for term in query.split():
        articles = articles.filter(
            Q(kicker__icontains=term) | Q(headline__icontains=term) | Q(deck__icontains=term) | Q(body__icontains=term)
        )
    count = articles.count()
    return count, list(articles.order_by("-page__issue__date", "page__number", "position")[:20])


def run(args) -> None:
    if args.quick:
        measure(5_000, repeat=10, naive_repeat=3)
    else:
        measure(100_000, repeat=20, naive_repeat=2)


def measure(count: int, *, repeat: int, naive_repeat: int) -> None:
    """Load `count` articles, index them, and print the table."""
    import logging

    from django.db import connection
    from django.test import Client

    from newsroom.search.backends import backend_for
    from newsroom.search.engine import search
    from newsroom.search.services import rebuild_index

    # One log line per request would drown the table.
    logging.getLogger("newsroom.requests").setLevel(logging.WARNING)
    reset_database()
    start = time.perf_counter()
    characters = load_archive(count)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    rebuild_index(batch_size=2000)
    indexed = time.perf_counter() - start
    index_bytes = backend_for("default").size_bytes("default")
    print(
        f"\n{count:,} articles ({characters / count:,.0f} characters each on average) on {connection.vendor}: "
        f"loaded in {loaded:.0f} s, indexed in {indexed:.0f} s; index {index_bytes / 2**20:,.0f} MiB "
        f"for {characters / 2**20:,.0f} Mi characters of text"
    )

    client = Client()
    rows = []
    for kind, queries in QUERIES.items():
        view_samples, naive_samples, matches = [], [], []
        for query in queries:
            matches.append(search(query).count())
            client.get("/search/", {"q": query})  # warm caches once
            view_samples += timed(lambda q=query: _ok(client.get("/search/", {"q": q})), repeat)
            naive_samples += timed(lambda q=query: naive_scan(q), naive_repeat)
        view_median, naive_median = median_ms(view_samples), median_ms(naive_samples)
        rows.append(
            (
                kind, " / ".join(queries), " / ".join(_matches(m) for m in matches), view_median,
                p95_ms(view_samples), naive_median, p95_ms(naive_samples), f"{naive_median / view_median:.0f}×",
            )
        )
    print_table(
        f"Search through /search/ vs naive icontains scan ({count:,} articles, {connection.vendor})",
        ["type", "queries", "matches", "view median ms", "view p95 ms", "scan median ms", "scan p95 ms", "speed-up"],
        rows,
    )
    print(f"\nall view p95 under 50 ms: {all(row[4] < 50 for row in rows)}; "
          f"median of medians {statistics.median(row[3] for row in rows):.1f} ms")


def _matches(count: int) -> str:
    from newsroom.search.engine import RESULT_LIMIT

    return f"{count:,}+" if count >= RESULT_LIMIT else f"{count:,}"


def _ok(response):
    assert response.status_code == 200, response.status_code
    return response
