"""Who may see what, now: the one access policy of the site.

Every view, feed, sitemap, search, API endpoint, export and file asks this
module, through the querysets' `published()` / `visible_to(user)` /
`print_visible_to(user)` (which filter with the conditions built here) or
the object predicates at the end. Nothing else decides on `is_staff`.

Roles (groups from migration 0002):

- anonymous, or an account without an editorial role: public articles only.
- 记者 (staff with `view_article`, without `review_article`): public articles,
  and their own work in any state — articles they created (`created_by`) or
  whose byline names the person linked to their account (`Person.user`).
- 编辑 and 总编 (`review_article`), and superusers: everything.

An article is public when it is published, its time has come and it is on a
page. An issue (and its pages) is public when one of its articles is, or
when editors released its 数字报 (`Issue.epaper_release_at`, at or before
now). A page's print assets — scan, zones, page PDF — follow every article
printed on it: visible when the reader may see all of them, or when the
issue is released; the issue PDF likewise follows every article of the
issue. A photo's files (original and renditions) follow its article.
Lists (feeds, sitemaps, search, the API) show public content only,
to staff too: previews belong on an article's own page.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

EVERYTHING = Q()


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def sees_everything(user) -> bool:
    """编辑, 总编 and superusers: every article, issue and page, in any state."""
    if not _signed_in(user):
        return False
    return user.is_superuser or (
        user.is_staff and user.has_perm("articles.view_article") and user.has_perm("articles.review_article")
    )


def sees_own_work(user) -> bool:
    """记者: their own articles in any state, besides what the public sees."""
    return _signed_in(user) and user.is_staff and user.has_perm("articles.view_article")


def sees_only_public(user) -> bool:
    """Readers (and signed-in users without a newsroom role): what they may
    see is exactly what the public sees."""
    return not (sees_everything(user) or sees_own_work(user))


def own_articles(user) -> Q:
    """Articles `user` created or whose byline names their person record."""
    from .models import Byline

    return Q(created_by=user.pk) | Exists(Byline.objects.filter(article=OuterRef("pk"), person__user=user.pk))


def public_articles(*, at: dt.datetime | None = None) -> Q:
    """Published, its time has come (scheduling needs no worker), and placed on a page."""
    return Q(status="published", published_at__lte=at or timezone.now(), page__isnull=False)


def articles_for(user, *, at: dt.datetime | None = None) -> Q:
    """The articles `user` may open at their own address."""
    if sees_everything(user):
        return EVERYTHING
    if sees_own_work(user):
        return public_articles(at=at) | own_articles(user)
    return public_articles(at=at)


def released_issues(*, at: dt.datetime | None = None) -> Q:
    """Issues whose 数字报 editors released as a whole, from the chosen time."""
    return Q(epaper_release_at__lte=at or timezone.now())


def issues_for(user, *, at: dt.datetime | None = None, one: bool = False) -> Q:
    """Issues with an article `user` may see, and released issues.

    `one`: the query looks up a single issue (by date), so the article test
    is a correlated EXISTS over that issue's articles; over many issues the
    IN form, which reads every visible article once, is the faster."""
    from .models import Article

    if sees_everything(user):
        return EVERYTHING
    seen = Article.objects.filter(articles_for(user, at=at))
    if one:
        return Exists(seen.filter(page__issue=OuterRef("pk"))) | released_issues(at=at)
    return Q(pk__in=seen.values("page__issue")) | released_issues(at=at)


def pages_for(user, *, at: dt.datetime | None = None, one: bool = False) -> Q:
    """Pages of the issues `user` may see (a page may hold no text and still be printed).

    `one`: the query asks about the pages of one issue, so the test is a
    correlated EXISTS over that issue's articles (see `issues_for`)."""
    from .models import Article, Issue

    if sees_everything(user):
        return EVERYTHING
    if one:
        seen = Article.objects.filter(articles_for(user, at=at), page__issue=OuterRef("issue"))
        return Exists(seen) | Q(issue__in=Issue.objects.filter(released_issues(at=at)))
    return Q(issue__in=Issue.objects.filter(issues_for(user, at=at)))


def _hidden_articles(user, *, at: dt.datetime | None):
    from .models import Article

    return Article.objects.exclude(articles_for(user, at=at))


def page_prints_for(user, *, at: dt.datetime | None = None, one: bool = False) -> Q:
    """Pages whose scan, zones and PDF `user` may see: every article printed
    on the page is visible to them, or the issue is released (`one`: of a
    single issue, see `pages_for`)."""
    from .models import Issue

    if sees_everything(user):
        return EVERYTHING
    hidden = _hidden_articles(user, at=at).filter(page=OuterRef("pk"))
    released = Q(issue__in=Issue.objects.filter(released_issues(at=at)))
    return (pages_for(user, at=at, one=one) & ~Exists(hidden)) | released


def issue_prints_for(user, *, at: dt.datetime | None = None) -> Q:
    """Issues whose whole PDF `user` may see: every article of the issue is
    visible to them, or the issue is released."""
    if sees_everything(user):
        return EVERYTHING
    hidden = _hidden_articles(user, at=at).filter(page__issue=OuterRef("pk"))
    return (issues_for(user, at=at) & ~Exists(hidden)) | released_issues(at=at)


def next_public_change(*, at: dt.datetime) -> dt.datetime | None:
    """When what the public sees next changes by itself, after `at`: the
    earliest scheduled article or scheduled release of an edition (None: no
    such time). A cache of public pages must not keep them past it."""
    from .models import Article, Issue

    times = [
        Article.objects.scheduled(at=at).order_by("published_at").values_list("published_at", flat=True).first(),
        Issue.objects.filter(epaper_release_at__gt=at).order_by("epaper_release_at").values_list("epaper_release_at", flat=True).first(),
    ]
    return min((t for t in times if t is not None), default=None)


# Object predicates: the same conditions, asked of one row in the database,
# so Python and SQL can never disagree.


def article_is_public(article) -> bool:
    """Whether anonymous readers may see the article (and its photo files) now."""
    from .models import Article

    return Article.objects.filter(public_articles(), pk=article.pk).exists()


def may_see_page_prints(user, page) -> bool:
    from .models import Page

    return Page.objects.print_visible_to(user).filter(pk=page.pk).exists()


def may_see_issue_print(user, issue) -> bool:
    from .models import Issue

    return Issue.objects.print_visible_to(user).filter(pk=issue.pk).exists()


def prints_are_public(page) -> bool:
    """Whether anonymous readers may fetch the page's print assets (cacheable)."""
    return may_see_page_prints(None, page)
