"""The editors' admin at archive scale: the article list, a Chinese search and a
filter over many articles (server time and query count, which must not grow),
and the cost of one photo upload with its renditions."""

from __future__ import annotations

import datetime as dt
import io

from bench.common import median_ms, p95_ms, print_table, reset_database, timed

PAGES_PER_ISSUE = 4
ARTICLES_PER_PAGE = 5


def generate(articles: int) -> None:
    """Published articles on four-page daily issues, each with a byline and a
    photo with two renditions (file names only: the list never opens them)."""
    from django.utils import timezone

    from articles.models import Article, Byline, Issue, Page, Person, Photo, Rendition, Section

    sections = Section.objects.bulk_create(Section(name=f"版{n}", slug=f"s{n}") for n in range(PAGES_PER_ISSUE))
    people = Person.objects.bulk_create(Person(name=f"记者{n}", slug=f"p{n}") for n in range(40))
    issues = Issue.objects.bulk_create(
        Issue(date=dt.date(2015, 1, 1) + dt.timedelta(days=n)) for n in range(articles // (PAGES_PER_ISSUE * ARTICLES_PER_PAGE) + 1)
    )
    pages = Page.objects.bulk_create(
        Page(issue=issue, number=n + 1, section=section) for issue in issues for n, section in enumerate(sections)
    )
    now = timezone.now()
    rows = Article.objects.bulk_create(
        Article(
            page=pages[i // ARTICLES_PER_PAGE],
            position=i % ARTICLES_PER_PAGE,
            headline=f"高新区第{i}次会议",
            body=f"会议指出，第{i}项工作要全力以赴抓经济运行。\n\n要盯紧任务。",
            status=Article.Status.PUBLISHED,
            published_at=now,
        )
        for i in range(articles)
    )
    Byline.objects.bulk_create(Byline(article=a, person=people[n % len(people)]) for n, a in enumerate(rows))
    photos = Photo.objects.bulk_create(
        Photo(article=a, caption="图片说明", image=f"photos/{a.pk}.jpg", width=1600, height=1000) for a in rows
    )
    Rendition.objects.bulk_create(
        Rendition(photo=p, width=480, height=300, format=fmt, file=f"renditions/{p.pk}-480w.{fmt}")
        for p in photos
        for fmt in ("jpeg", "webp")
    )


def _get(client, url: str, params: dict) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    # Counted now: each later request starts by clearing the query log.
    count = len(queries)
    return timed(lambda: client.get(url, params), repeat=5), count


def run(args) -> None:
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse
    from PIL import Image

    from articles.models import Article, Photo
    from articles.services import photos

    sizes = (100, 1_000) if args.quick else (100, 10_000)
    url = reverse("admin:articles_article_changelist")
    rows = []
    for size in sizes:
        reset_database()
        generate(size)
        user = get_user_model().objects.create_superuser("bench", password="x")
        client = Client()
        client.force_login(user)
        for label, params in (
            ("list", {}),
            ("search 第42项", {"q": "第42项"}),
            ("filter status", {"status__exact": "published"}),
        ):
            samples, queries = _get(client, url, params)
            rows.append((size, label, queries, median_ms(samples), p95_ms(samples)))
    print_table("Admin article list", ("articles", "request", "queries", "median ms", "p95 ms"), rows)

    reset_database()
    article = Article.objects.create(headline="图片新闻")
    photo = Photo.objects.create(article=article, caption="图片说明")
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 3000), "#2a6").save(buffer, format="JPEG", quality=90)
    data = buffer.getvalue()

    def upload() -> None:
        photos.attach_image(photo=photo, upload=SimpleUploadedFile("scan.jpg", data))

    samples = timed(upload, repeat=2 if args.quick else 5)
    print_table(
        "Photo upload with renditions",
        ("image", "renditions", "median ms", "p95 ms"),
        [("4000×3000 JPEG", photo.renditions.count(), median_ms(samples), p95_ms(samples))],
    )
