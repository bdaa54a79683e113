import datetime as dt

from django.utils import timezone

from articles.models import Article, Issue, Person, Section

from ..factories import add_byline, make_article, make_issue, make_page, make_person, make_photo, make_user


def test_article_published_in_the_past_is_public(db):
    article = make_article()
    assert list(Article.objects.published()) == [article]


def test_scheduled_article_is_not_public_until_its_time(db):
    at = timezone.now() + dt.timedelta(hours=2)
    article = make_article(published_at=at)
    assert not Article.objects.published().exists()
    assert list(Article.objects.published(at=at)) == [article]


def test_draft_is_not_public_but_editors_preview_it(db):
    article = make_article(status=Article.Status.DRAFT)
    assert not Article.objects.published().exists()
    assert list(Article.objects.visible_to(make_user("编辑"))) == [article]


def test_staff_status_alone_previews_nothing(db, django_user_model):
    make_article(status=Article.Status.DRAFT)
    staff = django_user_model.objects.create_user("desk", is_staff=True)
    assert not Article.objects.visible_to(staff).exists()


def test_issue_is_public_only_with_a_public_article(db):
    public = make_article().page.issue
    make_article(status=Article.Status.DRAFT)
    assert list(Issue.objects.published()) == [public]


def test_photographer_without_bylines_has_published_work(db):
    photographer = make_person("孔茜")
    make_photo(make_article(kind=Article.Kind.PHOTO), credit=photographer)
    make_person("无稿")
    assert list(Person.objects.with_published_work()) == [photographer]


def test_reporter_of_a_draft_has_no_published_work(db):
    add_byline(make_article(status=Article.Status.DRAFT), make_person("王鹏"))
    assert not Person.objects.with_published_work().exists()


def test_sections_in_print_are_those_of_public_issues_by_their_lowest_page(db):
    public = make_issue()
    make_article(page=make_page(issue=public, number=3, section="民生"))
    make_page(issue=public, number=1, section="头版")  # no text of its own, still printed
    make_page(issue=make_issue(), number=2, section="民生")  # an earlier page number, in an unpublished issue
    make_article(page=make_page(issue=make_issue(), number=4, section="草稿版"), status=Article.Status.DRAFT)
    sections = list(Section.objects.in_print())
    assert [section.name for section in sections] == ["头版", "民生"]
    assert [section.first_page for section in sections] == [1, 2]


def test_a_released_issue_puts_its_sections_in_print(db):
    released = make_issue(epaper_release_at=timezone.now() - dt.timedelta(hours=1))
    make_article(page=make_page(issue=released, number=5, section="专版"), status=Article.Status.DRAFT)
    assert [section.name for section in Section.objects.in_print()] == ["专版"]
