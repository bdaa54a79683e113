"""The change pipeline: how soon a publish is seen, and what the change log
costs the importer.

On the generated archive (1,000 issues; 100 with --quick), each of 100
publishes (20) is timed from its commit — the first on-commit callback — to
(a) the site's search finding the article's new word and (b) the cached
page of its issue page showing it (the page is cached before each publish,
in Redis when REDIS_URL answers, else the local-memory cache). Then 1,000
generated pages (100) are imported three ways: as in production, with
the log kept but its consumers idle (the log's own cost), and with no log.
"""

from __future__ import annotations

import time
import uuid

from bench.common import median_ms, p95_ms, print_table, reset_database


def _page_cache(settings_override):
    from django.conf import settings

    from bench.load import REDIS_URL, redis_reachable

    caches = settings.CACHES
    if redis_reachable():
        # The shared Redis, under a prefix of our own (never flushed).
        caches = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": f"bench-changes-{uuid.uuid4().hex[:8]}",
            }
        }
    where = "Redis" if caches is not settings.CACHES else "local memory"
    return settings_override(CACHES=caches, NEWSROOM_PAGE_CACHE_TIMEOUT=300), where


def _publish_latency(publishes: int) -> tuple[list[float], list[float]]:
    from django.db import transaction
    from django.test import Client

    from articles.models import Article, Page
    from articles.services import workflow
    from newsroom.search.engine import search
    from tests.factories import make_user

    chief = make_user(superuser=True)
    page = Page.objects.select_related("issue").order_by("-issue__date", "number").first()
    url = page.get_absolute_url()
    client = Client()
    to_search, to_page = [], []
    for n in range(publishes):
        word = f"新词{n:03d}号"
        article = Article.objects.create(
            page=page, position=100 + n, headline=f"{word}的稿件", body="正文。", status=Article.Status.APPROVED
        )
        client.get(url)  # the page is cached without the new article
        committed = []
        with transaction.atomic():
            # Registered first, so it runs first: the moment of the commit.
            transaction.on_commit(lambda: committed.append(time.perf_counter()))
            workflow.publish(article=article, user=chief)
        _wait_until(lambda: search(word)[0:1], what=f"search for {word}")
        to_search.append(time.perf_counter() - committed[0])
        _wait_until(lambda: word in client.get(url).content.decode(), what=f"{word} on {url}")
        to_page.append(time.perf_counter() - committed[0])
    return to_search, to_page


def _wait_until(condition, *, what: str, seconds: float = 10.0) -> None:
    deadline = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > deadline:
            raise RuntimeError(f"{what}: not seen within {seconds:.0f} s of the commit")


def _import_seconds(pages: int, *, log: bool = True, consumers: bool = True) -> float:
    """Seconds to import `pages` generated pages: as in production; with the
    log kept but every consumer doing nothing (the log's own cost); or with
    `changes.record` a no-op (no log, and so no indexing or invalidation)."""
    from unittest import mock

    from articles import changes, hooks
    from bench.importer import _import, generated_archive

    reset_database()
    sources = generated_archive(pages)
    idle = {name: (lambda batch: None) for name in hooks.change_consumers()}
    with (
        mock.patch.object(changes, "record", changes.record if log else lambda **kwargs: None),
        mock.patch.dict(hooks._change_consumers, {} if consumers else idle),
    ):
        return _import(sources)[0]


def run(args) -> None:
    from django.test import override_settings

    from bench.archive import analyze, load_archive
    from newsroom.search.services import rebuild_index

    issues, publishes, pages = (100, 20, 100) if args.quick else (1000, 100, 1000)
    reset_database()
    load_archive(issues)
    rebuild_index()
    analyze()
    override, where = _page_cache(override_settings)
    with override:
        to_search, to_page = _publish_latency(publishes)
    print_table(
        f"From a publish's commit to readers seeing it ({issues} issues, {publishes} publishes, page cache in {where})",
        ["seen by", "median ms", "p95 ms"],
        [("search", median_ms(to_search), p95_ms(to_search)), ("cached page", median_ms(to_page), p95_ms(to_page))],
    )
    runs = {
        "change log, consumers applied": _import_seconds(pages),
        "change log, consumers idle": _import_seconds(pages, consumers=False),
        "no change log": _import_seconds(pages, log=False),
    }
    print_table(
        f"Import of {pages} generated pages",
        ["", "import s", "ms/page"],
        [(name, seconds, seconds / pages * 1000) for name, seconds in runs.items()],
    )
    own_cost = runs["change log, consumers idle"] / runs["no change log"]
    print(f"\nthe log's own cost: {own_cost:.2f}× the import without it")
