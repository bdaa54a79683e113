"""The invariant of the change pipeline, driven by Hypothesis through real
services: after any sequence of imports, edits, workflow steps, board moves
and deletions, once the pending changes are processed,

- the search index is exactly what `rebuild_search_index` builds;
- every article's prepared display pieces are what it shows now;
- the API's `updated_since` returns every article whose public form
  changed, and `articles/removed` every article that stopped being public;
- no anonymous page served from the page cache differs from a fresh render.

It spans the core and the capability apps, so it lives at the top of the
test tree, outside the core-only run (`make test-core`). Runs on SQLite and,
with DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from articles import display
from articles.models import Article, Page, Person, Photo
from articles.services import records, workflow
from articles.services.importing import ImportOptions, SeedSource, import_files
from newsroom.ops import pagecache
from newsroom.planning import services as planning
from newsroom.planning.models import PlannedStory
from newsroom.search.models import SearchDocument
from newsroom.search.services import rebuild_index
from tests.conftest import SEED_FILE
from tests.factories import make_person, make_user

pytestmark = pytest.mark.django_db

INNER_PAGE = """02 要闻

# 十里湖生态湿地公园项目东部园区8月具备开园条件

**本报讯(记者 王鹏 通讯员 李娜)** 近日,从高新区获悉。

第二段。

# 高新区崇文学校获评全国国际跳棋特色学校

**本报讯(记者 孔茜)** 学校获评。
"""
CORRECTION = ("10日,济宁高新区召开", "10日,济宁高新区隆重召开")
NAMES = ("邓超", "王鹏", "孔茜", "李娜")
WORDS = ("湿地公园", "崇文学校", "党工委会议", "红帆驿站")


def _status_path(status: str) -> list[str]:
    """Workflow steps from `status` to approved."""
    return {
        Article.Status.DRAFT: ["submit", "approve"],
        Article.Status.REVIEW: ["approve"],
        Article.Status.APPROVED: [],
        Article.Status.WITHDRAWN: ["send_back", "submit", "approve"],
    }.get(status, [])


class ChangePipeline(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        # Each example in a savepoint of the test's transaction, undone after it.
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        cache.clear()
        pagecache.forget_versions()
        self.client = Client()
        self.chief = make_user(superuser=True)
        self.corrected = False

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    # -- helpers -----------------------------------------------------------

    def step(self, operation) -> None:
        """Run a service call as a request would: its on-commit work (the
        change log's processing and the cache's announcements) runs after it."""
        with TestCase.captureOnCommitCallbacks(execute=True):
            try:
                operation()
            except workflow.WorkflowError:
                pass  # a step the workflow refuses changes nothing

    def pick(self, model, n: int):
        ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
        return model.objects.get(pk=ids[n % len(ids)]) if ids else None

    def import_pages(self) -> None:
        seed = SEED_FILE.read_text(encoding="utf-8")
        if self.corrected:
            seed = seed.replace(*CORRECTION)
        sources = [
            SeedSource(name=SEED_FILE.name, data=seed.encode()),
            SeedSource(name="02.txt", data=INNER_PAGE.encode()),
        ]
        report = import_files(sources=sources, options=ImportOptions(date=dt.date(2019, 7, 11)))
        assert not report.failed, [f.message for f in report.failed]

    def public_forms(self) -> dict[int, tuple]:
        forms = {}
        for article in Article.objects.published().prefetch_related("bylines__person", "photos__credit", "tags"):
            forms[article.pk] = (
                article.kicker,
                article.headline,
                article.deck,
                article.body,
                article.page_id,
                article.position,
                article.is_lead,
                tuple((b.person.name, b.role) for b in article.bylines.all()),
                tuple((p.caption, p.credit.name if p.credit else "") for p in article.photos.all()),
                tuple(sorted(t.slug for t in article.tags.all())),
            )
        return forms

    # -- the steps ---------------------------------------------------------

    @initialize()
    def imported_and_planned(self):
        self.step(self.import_pages)
        page = Page.objects.get(number=2)
        reporter = make_person("邓超然")
        reporter.user = make_user("记者")
        reporter.save()
        for slug in ("湿地", "学校"):
            story = planning.add_story(page=page, slug=slug, working_headline=f"{slug}稿", user=self.chief, reporter=reporter)
            self.step(lambda story=story: self.publish_new(planning.start_writing(story=story, user=self.chief)))
        self.before = self.public_forms()
        self.mark = timezone.now()

    def publish_new(self, article: Article) -> None:
        article.body = "板上的稿件。"
        workflow.save_article(article=article, user=self.chief, expected_version=article.version)
        for action in ("submit", "approve", "publish"):
            workflow.transition(article=article, action=action, user=self.chief)

    @rule()
    def reimport_corrected(self):
        self.corrected = not self.corrected
        self.step(self.import_pages)

    @rule(n=st.integers(0, 30), word=st.sampled_from(WORDS), where=st.sampled_from(["headline", "body"]))
    def edit_text(self, n, word, where):
        article = self.pick(Article, n)
        setattr(article, where, f"{getattr(article, where)[:20]}{word}")
        self.step(lambda: workflow.save_article(article=article, user=self.chief, expected_version=article.version))

    @rule(n=st.integers(0, 30), names=st.lists(st.sampled_from(NAMES), max_size=2, unique=True))
    def edit_byline(self, n, names):
        article = self.pick(Article, n)
        people = [Person.objects.filter(name=name).first() or make_person(name) for name in names]
        self.step(lambda: workflow.set_bylines(article=article, bylines=[(p, "记者") for p in people], user=self.chief))

    @rule(n=st.integers(0, 30), word=st.sampled_from(WORDS))
    def edit_caption(self, n, word):
        photo = self.pick(Photo, n)
        if photo is not None:
            photo.caption = f"图为{word}。"
            self.step(lambda: records.save_record(record=photo))

    @rule(n=st.integers(0, 30), tags=st.lists(st.sampled_from(["党建", "湿地", "高新区"]), max_size=2, unique=True))
    def edit_tags(self, n, tags):
        article = self.pick(Article, n)
        self.step(lambda: workflow.set_tags(article=article, tags=tags, user=self.chief))

    @rule(n=st.integers(0, 30), later=st.booleans())
    def publish_or_schedule(self, n, later):
        article = self.pick(Article, n)

        def publish():
            for action in _status_path(article.status):
                workflow.transition(article=article, action=action, user=self.chief)
            if later:
                workflow.schedule(article=article, user=self.chief, at=timezone.now() + dt.timedelta(days=1))
            else:
                workflow.publish(article=article, user=self.chief)

        self.step(publish)

    @rule(n=st.integers(0, 30))
    def withdraw(self, n):
        article = self.pick(Article, n)
        self.step(lambda: workflow.unpublish(article=article, user=self.chief))

    @rule(n=st.integers(0, 10), page=st.sampled_from([1, 2, 3]), position=st.integers(0, 3))
    def move_on_the_board(self, n, page, position):
        story = self.pick(PlannedStory.objects.planned().model, n)
        target = Page.objects.filter(issue=story.page.issue, number=page).first()
        if target is not None:
            self.step(lambda: planning.move_story(story=story, page=target, position=position, user=self.chief))

    @rule(n=st.integers(0, 30))
    def delete(self, n):
        article = self.pick(Article, n)
        self.step(lambda: records.delete_article(article=article))

    # -- the invariant -----------------------------------------------------

    @invariant()
    def everything_follows_the_records(self):
        if not hasattr(self, "before"):
            return
        self.search_index_is_what_a_rebuild_makes()
        self.prepared_display_is_current()
        self.api_sync_sees_every_change()
        self.cached_pages_are_fresh()
        self.before = self.public_forms()
        self.mark = timezone.now()

    def search_index_is_what_a_rebuild_makes(self):
        def documents():
            return sorted(SearchDocument.objects.values_list("article_id", "title", "text", "sort_key"))

        current = documents()
        savepoint = transaction.savepoint()
        rebuild_index()
        rebuilt = documents()
        transaction.savepoint_rollback(savepoint)
        assert current == rebuilt

    def prepared_display_is_current(self):
        for article in Article.objects.with_relations(prepared=True):
            assert article.display == display.prepare(article), article.pk

    def api_sync_sees_every_change(self):
        now = self.public_forms()
        changed = {pk for pk, form in now.items() if self.before.get(pk) != form}
        removed = set(self.before) - set(now)
        since = (self.mark - dt.timedelta(seconds=1)).isoformat()
        synced = self.client.get("/api/v1/articles", {"updated_since": since, "limit": 100}).json()["items"]
        assert changed <= {item["id"] for item in synced}
        gone = self.client.get("/api/v1/articles/removed", {"since": since, "limit": 100}).json()["items"]
        assert removed <= {item["id"] for item in gone}

    def cached_pages_are_fresh(self):
        urls = [reverse("articles:home"), reverse("articles:archive"), "/search/?q=湿地", "/search/?q=邓超"]
        urls += [reverse("articles:tag", kwargs={"slug": slug}) for slug in ("党建", "湿地")]
        urls += [p.get_absolute_url() for p in Page.objects.select_related("issue")]
        urls += [p.issue.get_absolute_url() for p in Page.objects.filter(number=1).select_related("issue")]
        urls += [a.get_absolute_url() for a in Article.objects.filter(page__isnull=False).select_related("page__issue")]
        for url in urls:
            served = self.client.get(url)
            with override_settings(NEWSROOM_PAGE_CACHE_TIMEOUT=0):
                fresh = self.client.get(url)
            assert (served.status_code, served.content) == (fresh.status_code, fresh.content), url


def test_search_api_and_page_cache_follow_every_service_operation(settings):
    settings.NEWSROOM_PAGE_CACHE_TIMEOUT = 300
    run_state_machine_as_test(
        ChangePipeline,
        settings=hypothesis_settings(max_examples=4, stateful_step_count=6, deadline=None),
    )
