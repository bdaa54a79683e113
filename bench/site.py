"""Reader site: median server time per page type with a small and a long archive.

Data is generated with bulk_create (not through the importer): per issue four
pages, twelve articles with bylines, a photo story and two teasers. Times are
the whole request through Django's test client (middleware, view, queries,
template), after one warm-up request; the query count is shown beside each so
a growing count stands out.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from bench.common import median_ms, print_table, reset_database

SECTIONS = ["头版", "要闻", "新城", "家园"]
REPEAT = 15


def run(args) -> None:
    sizes = (10, 100) if args.quick else (10, 1000)
    results: dict[str, dict[int, tuple[float, int]]] = {}
    logging.disable(logging.INFO)  # the per-request access log would drown the table
    try:
        for size in sizes:
            reset_database()
            start = time.perf_counter()
            urls = generate(size)
            print(f"site: generated {size} issues in {time.perf_counter() - start:.1f}s")
            for name, url in urls.items():
                results.setdefault(name, {})[size] = measure(url)
    finally:
        logging.disable(logging.NOTSET)
    headers = ["page type"] + [f"{n} issues (ms)" for n in sizes] + [f"queries @{n}" for n in sizes]
    rows = [
        [name] + [by_size[n][0] for n in sizes] + [by_size[n][1] for n in sizes] for name, by_size in results.items()
    ]
    print_table("Reader site: median server time per page type", headers, rows)


def measure(url: str) -> tuple[float, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    samples = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            client.get(url)
            samples.append(time.perf_counter() - started)
    return median_ms(samples), len(queries.captured_queries)


def generate(issue_count: int) -> dict[str, str]:
    """`issue_count` daily issues ending 2024-12-31; returns a URL per page type."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from taggit.models import Tag, TaggedItem

    from articles.models import Article, Byline, Issue, MediaChannel, Page, Person, Photo, Publication, Section, Teaser

    Publication.objects.update_or_create(pk=1, defaults={"hotline": "6557709", "matrix_title": "欢迎关注融媒矩阵"})
    MediaChannel.objects.bulk_create(
        MediaChannel(name=f"渠道{n}", label=f"渠道{n}微信公众号", kind=MediaChannel.Kind.WECHAT, order=n)
        for n in range(5)
    )
    sections = Section.objects.bulk_create(Section(name=name, slug=name) for name in SECTIONS)
    people = Person.objects.bulk_create(Person(name=f"记者{n}", slug=f"记者{n}") for n in range(20))
    last = dt.date(2024, 12, 31)
    issues = Issue.objects.bulk_create(Issue(date=last - dt.timedelta(days=n)) for n in range(issue_count))
    pages = Page.objects.bulk_create(
        Page(issue=issue, number=number, section=sections[number - 1]) for issue in issues for number in range(1, 5)
    )
    published = timezone.now() - dt.timedelta(days=1)
    body = "\n\n".join(["10日,济宁高新区召开会议(扩大),研究部署下半年工作。" * 4] * 8)
    articles = []
    for page in pages:
        for position in range(3):
            photo_story = page.number == 1 and position == 2
            articles.append(
                Article(
                    page=page,
                    position=position,
                    is_lead=position == 0,
                    kind=Article.Kind.PHOTO if photo_story else Article.Kind.STORY,
                    headline=f"{page.issue.date:%m月%d日}第{page.number}版第{position + 1}篇稿件",
                    deck="确保全年任务高质量完成" if position == 0 else "",
                    body="" if photo_story else body,
                    dateline_place="济宁",
                    dateline_date=page.issue.date,
                    status=Article.Status.PUBLISHED,
                    published_at=published,
                )
            )
    articles = Article.objects.bulk_create(articles, batch_size=2000)
    Byline.objects.bulk_create(
        (Byline(article=a, person=people[i % len(people)]) for i, a in enumerate(articles) if a.kind == "story"),
        batch_size=2000,
    )
    Photo.objects.bulk_create(
        (Photo(article=a, caption="图为新建成的驿站。", credit=people[0]) for a in articles if a.kind == "photo"),
        batch_size=2000,
    )
    by_issue = {}
    for page in pages:
        by_issue.setdefault(page.issue_id, []).append(page)
    Teaser.objects.bulk_create(
        (
            Teaser(page=ps[0], target_page=ps[n], title=f"引题 导读{n}", order=n)
            for ps in by_issue.values()
            for n in (1, 3)
        ),
        batch_size=2000,
    )
    tag = Tag.objects.create(name="党建", slug="党建")
    article_type = ContentType.objects.get_for_model(Article)
    TaggedItem.objects.bulk_create(
        (TaggedItem(tag=tag, content_type=article_type, object_id=a.pk) for a in articles if a.is_lead),
        batch_size=2000,
    )

    newest = issues[0]
    lead = next(a for a in articles if a.page.issue_id == newest.pk and a.is_lead)
    return {
        "home": "/",
        "issue page": pages[1].get_absolute_url(),
        "article": lead.get_absolute_url(),
        "archive": "/issues/",
        "section": sections[1].get_absolute_url(),
        "person": people[1].get_absolute_url(),
        "tag": "/tags/党建/",
        "feed (RSS)": "/feeds/rss/",
        "sitemap (articles)": "/sitemap-articles.xml",
    }
