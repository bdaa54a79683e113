"""The API's reads: only what the public may see, with every relation a
response shows loaded in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.db.models.functions import Greatest

from articles.models import Article, Issue, MediaChannel, Page, Person, Section, Teaser
from articles.querysets import published_tags

from .models import Removal


MODIFIED = Greatest("updated_at", "published_at")


def public_articles():
    """Published articles with `modified`: when their public form last changed.

    A scheduled article goes public when its `published_at` passes, without
    being saved again; `updated_at` alone would hide it from an incremental
    sync that had already passed that time.
    """
    return Article.objects.published().annotate(modified=MODIFIED)


def rows_of(ids: QuerySet, *, prepared: bool = False):
    """The articles whose ids are `ids` (a sorted, sliced subquery of
    `public_articles()`: a list's page), with `modified`, every relation a
    response shows and, `prepared`, their display pieces (articles.display).

    Sorting the archive on the ids alone keeps the wide columns (body, the
    pieces) out of the sort, which took most of a list's time at 1,000
    issues; the rows are then found by id only (the public test again would
    have SQLite walk its index past every public article)."""
    return _by_ids(ids).with_relations(prepared=prepared)


def feed_rows_of(ids: QuerySet, *order: str) -> list[Article]:
    """The articles whose ids are `ids` (as `rows_of`), sorted by `order`, as
    the JSON feed shows them: with their prepared display pieces
    (articles.display), bylines and photos, and `issue_date`, `page_number`
    and `section_name` in place of their page, issue and section (three
    model instances an article: a sixth of the time loading the feed's rows
    took)."""
    articles = _by_ids(ids).annotate(
        issue_date=F("page__issue__date"), page_number=F("page__number"), section_name=F("page__section__name")
    )
    return list(articles.with_bylines().with_photos().order_by(*order))


def _by_ids(ids: QuerySet):
    return Article.objects.filter(pk__in=ids).annotate(modified=MODIFIED)


def public_people():
    """People with at least one published article, written or photographed."""
    return Person.objects.with_published_work()


def public_tags():
    return published_tags()


def public_sections():
    return Section.objects.with_published_work()


def public_issues():
    return Issue.objects.published().prefetch_related(
        Prefetch("pages", queryset=Page.objects.select_related("section").order_by("number"))
    )


def public_issue_detail():
    articles = Article.objects.published().order_by("position", "pk")
    pages = Page.objects.select_related("section").order_by("number").prefetch_related(Prefetch("articles", queryset=articles))
    return Issue.objects.published().prefetch_related(Prefetch("pages", queryset=pages))


def page_teasers():
    """Teasers, with whether their target article is public (else its id stays hidden)."""
    return Teaser.objects.select_related("target_page").annotate(
        target_is_public=Exists(Article.objects.published().filter(pk=OuterRef("target_article_id")))
    ).order_by("order", "pk")


def public_pages():
    return Page.objects.filter(issue__in=Issue.objects.published()).select_related("issue", "section").prefetch_related(
        Prefetch("teasers", queryset=page_teasers())
    )


def active_channels():
    return MediaChannel.objects.filter(is_active=True).order_by("order", "pk")


def removals():
    """Articles taken out of publication (withdrawn or deleted) and not public again.

    Only ids and times: what a syncing partner needs to delete its copy.
    """
    return Removal.objects.exclude(article_id__in=Article.objects.published().values("pk"))
