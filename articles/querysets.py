"""Visibility and reads. Every public view, feed, sitemap and API goes through
these; who may see what is decided in `articles.policy`, which these methods
ask: `published()` is what anonymous readers see, `visible_to(user)` what a
given user may open, `print_visible_to(user)` whose print files they may fetch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.db import connections, models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery, Value, prefetch_related_objects
from django.utils import timezone

from . import policy
from .inline import BYLINES, INLINE, PHOTO_LIST, PHOTOS, ArticleIterable


class ArticleQuerySet(models.QuerySet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._iterable_class = ArticleIterable  # makes the lists with_bylines() and with_photos() read

    def published(self, *, at=None):
        """Public now: published, its time has come, and on a page of an issue.

        Scheduling needs no worker: an article whose `published_at` is still
        ahead is simply not in this queryset yet.
        """
        return self.filter(policy.public_articles(at=at))

    def visible_to(self, user, *, at=None):
        """What `user` may open at the article's address (see articles.policy)."""
        return self.filter(policy.articles_for(user, at=at))

    def scheduled(self, *, at=None):
        return self.filter(status=self.model.Status.PUBLISHED, published_at__gt=at or timezone.now())

    def for_issue(self, issue):
        return self.filter(page__issue=issue)

    def in_print_order(self):
        return self.order_by("page__issue__date", "page__number", "position", "pk")

    def newest_first(self):
        return self.order_by("-page__issue__date", "page__number", "position", "pk")

    def with_relations(self, *, renditions: bool = True, prepared: bool = False):
        """An article with what its own page, an API response or an admin list
        shows of it: issue, page and section, the page it points to, bylines
        with their people, photos with credits and (unless `renditions=False`,
        for readers that take the srcset from the prepared pieces) their
        renditions. The reader's pages show less: `for_reading()`, and lists
        and feeds `for_listing()`.

        Its prepared display pieces (articles.display) only with `prepared`:
        a query that sorts many articles to keep a few would otherwise carry
        them all through the sort; without them the pieces shown are made at
        render, as cheap for a headline and an excerpt."""
        articles = self if prepared else self.defer("display")
        articles = articles.select_related(
            "page__issue", "page__section", "see_also_page__issue", "see_also_page__section"
        ).with_bylines()
        return articles.with_photos(renditions=renditions)

    def with_bylines(self):
        """Bylines in print order, each with its person (`byline_list`), read
        in each article's own row (articles.inline)."""
        return self.annotate(**{BYLINES.annotation: BYLINES.rows(self.model)})

    def with_photos(self, *, renditions: bool = False):
        """Photos in print order with the people credited (`photo_list`), read
        in each article's own row (articles.inline); their renditions only
        with `renditions`, a query more: readers take the srcset from the
        prepared pieces (articles.display)."""
        articles = self.annotate(**{PHOTOS.annotation: PHOTOS.rows(self.model)})
        return articles.prefetch_related("photo_list__renditions") if renditions else articles

    def for_listing(self):
        """An article as lists and feeds show it: issue, page and section, and
        bylines with their people. No page it points to and no photos, which
        neither shows (a feed of 30 spent a third of its time loading them,
        bench/pages.py): a photo story's excerpt, its first caption, comes
        with `attach_captions`."""
        return self.select_related("page__issue", "page__section").with_bylines()

    def for_reading(self):
        """An article as the reader's own pages show it (its page, an issue's
        page): what lists show, and its photos with their credits. The page
        it points to only the API and the admin show."""
        return self.for_listing().with_photos()

    def window(self, start: int, stop: int) -> list:
        """Rows `start` to `stop` of this sorted queryset, loaded as it loads
        them and with their prepared display pieces (articles.display).

        One query: a subquery sorts narrow rows (ids) and keeps the window,
        and only the kept rows are read whole and sorted again. Carrying every
        column (the body, the prepared pieces) through the sort of a long list
        cost more than the rest of its render."""
        kept = self.prefetch_related(None).values("pk")[start:stop]
        return list(self.filter(pk__in=kept).defer(None))

    def in_section(self, section, *, counting: bool = False):
        """Articles printed in `section`.

        On SQLite the section is compared as `section_id + 0`, which no
        index answers: SQLite then walks the list's own order (the issues
        newest first, the articles by publication) and stops at its window
        (a section's first page at 1,000 issues: 5 ms to 0.3; its RSS feed
        4.5 to 1.7), where the section's index had it sort every article the
        section ever printed, more with every issue.
        PostgreSQL takes that walk by itself and would lose its estimates
        (2 ms to 19 for a deep page). `counting`: the plain comparison, which
        the index counts."""
        if counting or connections[self.db].vendor != "sqlite":
            return self.filter(page__section=section)
        return self.alias(printed_in=F("page__section_id") + 0).filter(printed_in=section.pk)

    def tagged(self, tag, *, counting: bool = False):
        """Articles with `tag`, as a correlated EXISTS on taggit's covering
        index: a join (or IN) had SQLite start from the tag's items and read
        every tagged article's wide row to test it (the tag page at 1,000
        issues: 65 ms); this way a list walks the issues newest first and stops
        at its window.

        `counting`: the IN form, for a count, which reads every match anyway:
        from the tag's items, each tested in `article_public_by_id_idx`
        (a count at 1,000 issues: 4.4 to 1.8 ms; the EXISTS form tests every
        public article)."""
        from django.contrib.contenttypes.models import ContentType
        from taggit.models import TaggedItem

        items = TaggedItem.objects.filter(tag=tag, content_type=ContentType.objects.get_for_model(self.model))
        if counting:
            return self.filter(pk__in=items.values("object_id"))
        return self.filter(Exists(items.filter(object_id=OuterRef("pk"))))

    def by_person(self, person):
        """Articles `person` wrote or photographed: a Person, its pk, or a
        queryset of people (any of them)."""
        from .models import Byline, Photo

        # IN, not a correlated EXISTS per article: the person's few articles
        # are found once from their index (SQLite: 21 ms to 0 at 1,000 issues).
        lookup = "in" if isinstance(person, models.QuerySet) else "exact"
        return self.filter(
            Q(pk__in=Byline.objects.filter(**{f"person__{lookup}": person}).values("article"))
            | Q(pk__in=Photo.objects.filter(**{f"credit__{lookup}": person}).values("article"))
        )


class Windowed:
    """A sorted article queryset as Django's Paginator takes it, each page
    loaded with `ArticleQuerySet.window()`; counted by `count`, when given
    (a count reused between requests, one of a form quicker to count), else
    by the queryset itself."""

    ordered = True

    def __init__(self, queryset: ArticleQuerySet, *, count: Callable[[], int] | None = None):
        self.queryset = queryset
        self._count = count or queryset.count

    def count(self) -> int:
        return self._count()

    def __getitem__(self, index: slice) -> list:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("Windowed takes a slice without a step")
        return self.queryset.window(index.start or 0, index.stop)


class IssueQuerySet(models.QuerySet):
    def published(self, *, at=None, one: bool = False):
        """Issues with at least one public article, or whose 数字报 is released.

        Written as IN (subquery): SQLite runs an EXISTS form once per issue,
        0.3 s against 0.04 s at 2,500 issues. `one` (a lookup of a single
        issue, or the first of a walk newest first) takes the EXISTS form,
        which reads only the articles of the issues it tests.
        """
        return self.filter(policy.issues_for(None, at=at, one=one))

    def visible_to(self, user, *, at=None, one: bool = False):
        return self.filter(policy.issues_for(user, at=at, one=one))

    def with_is_public(self, user=None):
        """`is_public` on each issue: whether the public sees it too (an
        editor's preview otherwise). For a reader who sees only what the
        public sees (`user` None: the public), whatever they find is public,
        with no subquery (it cost more to build than a lookup takes to run)."""
        if user is None or policy.sees_only_public(user):
            return self.annotate(is_public=Value(True, output_field=models.BooleanField()))
        return self.annotate(is_public=Exists(self.model.objects.published(one=True).filter(pk=OuterRef("pk"))))

    def print_visible_to(self, user, *, at=None):
        """Issues whose whole-issue PDF `user` may fetch."""
        return self.filter(policy.issue_prints_for(user, at=at))

    def latest_first(self):
        return self.order_by("-date")


class PageQuerySet(models.QuerySet):
    def published(self, *, at=None):
        """Pages of public issues (a page may be text-empty but still printed)."""
        return self.filter(policy.pages_for(None, at=at))

    def visible_to(self, user, *, at=None):
        return self.filter(policy.pages_for(user, at=at))

    def print_visible_to(self, user, *, at=None, one: bool = False):
        """Pages whose scan, zones and PDF `user` may fetch (`one`: asked of
        the pages of a single issue, which reads only that issue's articles)."""
        return self.filter(policy.page_prints_for(user, at=at, one=one))


class PersonQuerySet(models.QuerySet):
    def with_published_work(self, *, one: bool = False):
        """People with a byline or a photo credit on a public article.

        `one`: the query looks up one person (by slug), so each condition is
        a correlated EXISTS that stops at their first public article. Over
        many people the IN form is ten times faster (SQLite, 1,000 issues),
        and for one it reads the whole archive."""
        from .models import Photo

        public = _published_articles()
        if one:
            return self.filter(
                Exists(public.filter(bylines__person=OuterRef("pk"))) | Exists(public.filter(photos__credit=OuterRef("pk")))
            )
        return self.filter(
            Q(pk__in=public.values("bylines__person")) | Q(pk__in=Photo.objects.filter(article__in=public).values("credit"))
        )


class SectionQuerySet(models.QuerySet):
    def with_published_work(self):
        """Sections with a public article on one of their pages: page by page,
        each stopping at its first public article (PostgreSQL, 100,000
        articles: 0.8 ms, against 25 ms for the join of every section's pages)."""
        from .models import Article, Page

        public_here = Article.objects.published().filter(page=OuterRef("pk"))
        return self.filter(Exists(Page.objects.filter(section=OuterRef("pk")).filter(Exists(public_here))))

    def in_print(self):
        """Sections printed on a page of a public issue, in the order the
        paper runs them (by the lowest page number each has had).

        Per section, an EXISTS that walks its pages until one is in a public
        issue, and the lowest number as one index read: the IN form listed
        every public issue's pages first (the masthead after a change, at
        1,000 issues: 4.5 to 1.7 ms)."""
        from .models import Page

        pages = Page.objects.filter(section=OuterRef("pk"))
        first_page = pages.order_by("number").values("number")[:1]
        return (
            self.filter(Exists(pages.filter(policy.pages_for(None, one=True))))
            .annotate(first_page=Subquery(first_page))
            .order_by("first_page", "name")
        )


def published_tags():
    """Tags of at least one public article (taggit's Tag has no queryset of ours)."""
    from taggit.models import Tag

    from .models import Article

    return Tag.objects.filter(Exists(Article.objects.published().filter(tags=OuterRef("pk"))))


def attach_tags(articles: list) -> list:
    """Set `tag_list` on each article, in one query.

    taggit's own prefetch builds a filtered queryset per article, which costs
    more than the query itself on a page of a hundred (and a feed's thirty).
    """
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import TaggedItem

    from .models import Article

    by_article: dict[int, list] = {article.pk: [] for article in articles}
    if by_article:
        items = (
            # The content type from ContentType's own cache: no join for it.
            TaggedItem.objects.filter(
                content_type=ContentType.objects.get_for_model(Article), object_id__in=list(by_article)
            )
            .select_related("tag")
            .order_by("tag__name", "tag_id")
        )
        for item in items:
            by_article[item.object_id].append(item.tag)
    for article in articles:
        article.tag_list = by_article[article.pk]
    return articles


def attach_bylines_and_photos(articles: list) -> list:
    """Set `byline_list` and `photo_list` on articles already loaded, in one
    query, as `with_bylines()` and `with_photos()` read them in a queryset's
    rows (articles.inline): for a few of a page's articles (search results
    whose snippet comes from a caption or a name)."""
    if articles:
        model = type(articles[0])
        lists = (
            model.objects.filter(pk__in=[article.pk for article in articles])
            .annotate(**{spec.annotation: spec.rows(model) for spec in INLINE})
            .values_list("pk", *(spec.annotation for spec in INLINE))
        )
        by_article = {pk: rows for pk, *rows in lists}
        db = articles[0]._state.db
        for article in articles:
            # An article deleted since it was loaded has none.
            for spec, rows in zip(INLINE, by_article.get(article.pk, [None] * len(INLINE)), strict=True):
                spec.hydrate(article, rows, db)
    return articles


def attach_captions(articles: list) -> list:
    """Load, in one query, the photos of the articles whose excerpt is a
    caption (photo stories: no text of their own, articles.display), and
    nothing when none is: lists and feeds load no other photos (`for_listing`)."""
    from . import display
    from .models import Photo

    # An article whose photos are loaded (`with_photos`) has its captions.
    needing = [article for article in articles if PHOTO_LIST not in article.__dict__ and not display.of(article).first_text]
    captions = Photo.objects.only("pk", "article", "caption", "order")
    prefetch_related_objects(needing, Prefetch("photos", queryset=captions))
    return articles


def _published_articles():
    from .models import Article

    return Article.objects.published()


class ImportRunQuerySet(models.QuerySet):
    def with_outcome(self, *, at=None):
        """Each run with `outcome`: its status, except that a run still
        marked running whose heartbeat (written after every file) is older
        than NEWSROOM_IMPORT_STALE_SECONDS is `interrupted`: its process died
        (killed, out of memory, a worker timeout) before it could say so.

        A heartbeat rather than the process id: admin imports run in any app
        server, and a dead process's id is soon another's.
        """
        Status = self.model.Status
        stale_before = (at or timezone.now()) - dt.timedelta(seconds=settings.NEWSROOM_IMPORT_STALE_SECONDS)
        return self.annotate(
            outcome=models.Case(
                models.When(
                    Q(status=Status.RUNNING) & Q(heartbeat_at__lt=stale_before), then=models.Value(Status.INTERRUPTED)
                ),
                default=models.F("status"),
                output_field=models.CharField(),
            )
        )
