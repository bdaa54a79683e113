"""The read API: time and queries per request for the article list (first and
deep pages, print order and sync order), one article, and the JSON feed, over
a small and a large archive. Keyset paging should keep the deep page as cheap
as the first, and the query count should not move with the archive's size."""

from __future__ import annotations

import datetime as dt

from bench.common import median_ms, p95_ms, print_table, reset_database, timed


def build_archive(articles: int) -> None:
    """`articles` published stories, four per page, each with a byline, a photo and two tags."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from taggit.models import Tag, TaggedItem

    from articles.models import Article, Byline, Issue, Page, Person, Photo, Section

    sections = [Section.objects.create(name=name, slug=name) for name in ("头版", "要闻", "新城", "家园")]
    people = [Person.objects.create(name=f"记者{n}", slug=f"reporter-{n}") for n in range(20)]
    tags = [Tag.objects.create(name=f"标签{n}", slug=f"tag-{n}") for n in range(10)]
    pages_needed = (articles + 3) // 4
    issues = Issue.objects.bulk_create(
        Issue(date=dt.date(2000, 1, 3) + dt.timedelta(days=n)) for n in range((pages_needed + 3) // 4)
    )
    pages = Page.objects.bulk_create(
        Page(issue=issues[n // 4], number=n % 4 + 1, section=sections[n % 4]) for n in range(pages_needed)
    )
    now = timezone.now()
    body = "10日,济宁高新区召开会议。\n\n## 小标题\n\n上半年增长58.2%,完成45.6亿元。"
    created = Article.objects.bulk_create(
        Article(
            page=pages[n // 4],
            position=n % 4,
            headline=f"标题{n}",
            body=body,
            status=Article.Status.PUBLISHED,
            published_at=now - dt.timedelta(minutes=articles - n),
            dateline_place="济宁",
        )
        for n in range(articles)
    )
    Byline.objects.bulk_create(Byline(article=a, person=people[n % len(people)]) for n, a in enumerate(created))
    Photo.objects.bulk_create(Photo(article=a, caption=f"图片说明{n}", credit=people[n % 7]) for n, a in enumerate(created))
    article_type = ContentType.objects.get_for_model(Article)
    TaggedItem.objects.bulk_create(
        TaggedItem(content_type=article_type, object_id=a.pk, tag=tags[(n + shift) % 10])
        for n, a in enumerate(created)
        for shift in (0, 3)
    )


def measure(client, url: str, repeat: int) -> tuple[float, float, int]:
    from django.db import connection

    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    samples = timed(lambda: client.get(url), repeat)
    return median_ms(samples), p95_ms(samples), len(executed)


def deep_cursor(client, url: str, pages: int) -> str:
    """The `next` URL after following `pages` pages from `url`."""
    for _ in range(pages):
        url = client.get(url).json()["next"]
    return url


def run(args) -> None:
    from django.test import Client

    sizes = (200, 1000) if args.quick else (1000, 10000)
    repeat = 10 if args.quick else 30
    rows = []
    for size in sizes:
        reset_database()
        build_archive(size)
        client = Client()
        first = "/api/v1/articles?limit=100"
        sync = "/api/v1/articles?limit=100&updated_since=2000-01-01T00:00:00Z"
        deep_pages = size // 100 - 1
        cases = {
            "articles, first page of 100": first,
            f"articles, page {deep_pages + 1} of 100": deep_cursor(client, first, deep_pages),
            "sync (updated_since), first page": sync,
            f"sync, page {deep_pages + 1}": deep_cursor(client, sync, deep_pages),
            "one article": "/api/v1/articles/1",
            "issues, first page of 20": "/api/v1/issues",
            "JSON feed (30 items)": "/feeds/json/",
        }
        for name, url in cases.items():
            median, p95, queries = measure(client, url, repeat)
            rows.append((size, name, median, p95, queries))
    print_table("Read API (Django test client, in-process)", ["articles", "request", "median ms", "p95 ms", "queries"], rows)
