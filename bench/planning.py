"""The admin front page's dashboard at archive scale: its server time (the
numbers alone, and the whole page rendered) over 1,000 generated issues, and
its query count, which must not grow with the archive."""

from __future__ import annotations

import datetime as dt
import random

from bench.common import median_ms, p95_ms, print_table, reset_database, timed

SECTIONS = ("头版", "要闻", "新城", "家园")
ARTICLES_PER_PAGE = 3


def generate(issues: int, *, seed: int = 9) -> dict[str, int]:
    """`issues` daily issues of four pages, three published articles a page,
    bylines and photos (some without file or credit), scans for half the pages
    and an import run for every twenty issues; all with bulk_create."""
    from django.apps import apps
    from django.utils import timezone

    from articles.models import Article, Byline, ImportRun, Issue, Page, Person, Photo, Role, Section

    rng = random.Random(seed)
    sections = Section.objects.bulk_create(Section(name=name, slug=f"s{n}") for n, name in enumerate(SECTIONS))
    people = Person.objects.bulk_create(Person(name=f"记者{n}", slug=f"p{n}") for n in range(30))
    start = dt.date(2021, 1, 1)
    issue_rows = Issue.objects.bulk_create(Issue(date=start + dt.timedelta(days=n), number=n + 1) for n in range(issues))
    pages = Page.objects.bulk_create(
        Page(issue=issue, number=n + 1, section=section) for issue in issue_rows for n, section in enumerate(sections)
    )
    issue_dates = {issue.pk: issue.date for issue in issue_rows}

    def morning(page: Page) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(issue_dates[page.issue_id], dt.time(6)))

    articles = Article.objects.bulk_create(
        Article(
            page=page,
            position=n,
            headline=f"稿件 {page.pk}-{n}",
            status=Article.Status.PUBLISHED,
            published_at=morning(page),
            kind=Article.Kind.PHOTO if n == 2 else Article.Kind.STORY,
        )
        for page in pages
        for n in range(ARTICLES_PER_PAGE)
    )
    Byline.objects.bulk_create(
        Byline(article=article, person=rng.choice(people[:20]), role=Role.REPORTER) for article in articles
    )
    def photo(article: Article) -> Photo:
        credit = rng.choice(people[20:]) if rng.random() > 0.1 else None
        if rng.random() < 0.3:
            return Photo(article=article, caption="图片说明", credit=credit)
        # With its size given, Django never opens the (absent) file to measure it.
        return Photo(article=article, caption="图片说明", credit=credit, image=f"photos/{article.pk}.jpg", width=800, height=600)

    Photo.objects.bulk_create(photo(article) for article in articles if article.kind == Article.Kind.PHOTO)
    if apps.is_installed("newsroom.epaper"):
        scan_model = apps.get_model("epaper", "PageScan")
        scan_model.objects.bulk_create(
            scan_model(page=page, file=f"scans/{page.pk}.pdf", kind="pdf", width=1000, height=1400, content_hash="0" * 64)
            for page in pages[::2]
        )
    ImportRun.objects.bulk_create(
        ImportRun(
            started_at=morning(pages[n * 4]) - dt.timedelta(hours=2),
            files_ok=rng.randint(0, 80),
            files_failed=rng.choice((0, 0, 0, 1, 3)),
        )
        for n in range(0, issues, 20)
    )
    return {"issues": issues, "pages": len(pages), "articles": len(articles)}


def _queries(fn) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def run(args) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from newsroom.planning.dashboard import build_dashboard

    sizes = (50, 200) if args.quick else (100, 1000)
    repeat = 5 if args.quick else 20
    rows = []
    for size in sizes:
        reset_database()
        counts = generate(size)
        user = get_user_model().objects.create_superuser(username="bench", password="bench-only")
        client = Client()
        client.force_login(user)

        def page():
            response = client.get("/admin/")
            assert response.status_code == 200, response.status_code

        page()  # warm the template and permission caches
        numbers = timed(build_dashboard, repeat)
        whole = timed(page, repeat)
        rows.append(
            (
                counts["issues"],
                counts["articles"],
                median_ms(numbers),
                p95_ms(numbers),
                median_ms(whole),
                p95_ms(whole),
                _queries(page),
            )
        )
    print_table(
        "Admin dashboard (generated archive)",
        ["issues", "articles", "numbers ms", "p95", "/admin/ ms", "p95", "queries"],
        rows,
    )
