"""articles.policy: who may see what, asked through the querysets."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from articles import policy
from articles.models import Article, Issue, Page

from ..factories import add_byline, make_article, make_page, make_person, make_user


def test_an_inactive_editor_sees_what_the_public_sees(db):
    make_article(status=Article.Status.DRAFT)
    editor = make_user("编辑", is_active=False)
    assert not policy.sees_everything(editor)
    assert not Article.objects.visible_to(editor).exists()


def test_a_superuser_sees_everything(db):
    draft = make_article(status=Article.Status.DRAFT)
    assert list(Article.objects.visible_to(make_user(superuser=True))) == [draft]


def test_a_superuser_without_staff_status_does_not_see_only_what_the_public_sees(db):
    superuser = make_user(superuser=True)
    superuser.is_staff = False
    assert not policy.sees_only_public(superuser)


def test_readers_and_roleless_accounts_see_only_what_the_public_sees(db):
    from django.contrib.auth.models import AnonymousUser

    assert policy.sees_only_public(AnonymousUser())
    assert policy.sees_only_public(make_user())
    assert not policy.sees_only_public(make_user("记者"))


def test_a_reporters_own_work_includes_their_bylines(db):
    reporter = make_user("记者")
    person = make_person("署名者")
    person.user = reporter
    person.save()
    bylined = make_article(status=Article.Status.DRAFT)
    add_byline(bylined, person)
    created = make_article(status=Article.Status.REVIEW, created_by=reporter)
    make_article(status=Article.Status.DRAFT)
    assert set(Article.objects.visible_to(reporter)) == {bylined, created}


def test_a_reporter_sees_the_print_files_of_a_page_with_only_public_and_own_articles(db):
    reporter = make_user("记者")
    page = make_page()
    make_article(page=page)
    make_article(page=page, status=Article.Status.DRAFT, created_by=reporter)
    assert policy.may_see_page_prints(reporter, page)
    assert not policy.may_see_page_prints(None, page)
    assert not policy.may_see_page_prints(make_user("记者"), page)


def test_a_released_issue_is_public_with_its_print_files_even_without_public_articles(db):
    page = make_page()
    make_article(page=page, status=Article.Status.DRAFT)
    Issue.objects.filter(pk=page.issue_id).update(epaper_release_at=timezone.now() - dt.timedelta(seconds=1))
    assert list(Issue.objects.published()) == [page.issue]
    assert list(Page.objects.print_visible_to(None)) == [page]
    assert not Article.objects.published().exists()


def test_a_withdrawn_article_keeps_the_issue_pdf_from_readers(db):
    page = make_page()
    make_article(page=page)
    make_article(page=page, status=Article.Status.WITHDRAWN, published_at=timezone.now() - dt.timedelta(days=1))
    assert Issue.objects.published().exists()
    assert not policy.may_see_issue_print(None, page.issue)
    assert policy.may_see_issue_print(make_user("总编"), page.issue)


def test_a_single_issue_is_judged_alike_whether_asked_alone_or_among_all(db):
    from ..factories import make_issue

    public = make_article().page
    draft_only = make_article(page=make_page(issue=make_issue()), status=Article.Status.DRAFT).page
    released = make_page(issue=make_issue(epaper_release_at=timezone.now() - dt.timedelta(hours=1)))
    mixed = make_page(issue=public.issue, number=2)
    make_article(page=mixed, status=Article.Status.DRAFT)
    reporter = make_user("记者")
    for user in (None, reporter, make_user("编辑")):
        for page in (public, draft_only, released, mixed):
            issues = Issue.objects.filter(pk=page.issue_id)
            pages = Page.objects.filter(pk=page.pk)
            assert issues.visible_to(user, one=True).exists() == issues.visible_to(user).exists()
            assert pages.print_visible_to(user, one=True).exists() == pages.print_visible_to(user).exists()
