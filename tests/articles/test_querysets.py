import datetime as dt

from django.utils import timezone

from articles.models import Article, Issue, Person, Section
from articles.querysets import attach_captions

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


def test_a_window_is_the_slice_of_the_sorted_queryset(db):
    for day in range(3):
        page = make_page(issue=make_issue(date=dt.date(2019, 7, 10 + day)))
        for position in range(3):
            make_article(page=page, position=position, is_lead=position == 0)
    make_article(status=Article.Status.DRAFT)
    articles = Article.objects.published().with_relations().newest_first()
    for start, stop in [(0, 4), (2, 7), (8, 20), (9, 12)]:
        assert [a.pk for a in articles.window(start, stop)] == [a.pk for a in articles[start:stop]]


def test_a_window_loads_the_prepared_pieces_its_queryset_deferred(db):
    make_article()
    (article,) = Article.objects.published().with_relations().window(0, 1)
    assert "display" in article.__dict__


def test_one_person_is_found_with_published_work_as_among_many(db):
    writer, photographer, drafter = make_person("王鹏"), make_person("孔茜"), make_person("李娜")
    add_byline(make_article(), writer)
    make_photo(make_article(), credit=photographer)
    add_byline(make_article(status=Article.Status.DRAFT), drafter)
    for person in (writer, photographer, drafter):
        one = Person.objects.filter(pk=person.pk).with_published_work(one=True).exists()
        assert one == Person.objects.with_published_work().filter(pk=person.pk).exists()
    assert not Person.objects.filter(pk=drafter.pk).with_published_work(one=True).exists()


def test_tagged_articles_are_those_the_tag_names(db):
    from taggit.models import Tag

    first, second, untagged = make_article(), make_article(), make_article()
    first.tags.add("党建")
    second.tags.add("党建", "民生")
    untagged.tags.add("民生")
    tag = Tag.objects.get(name="党建")
    assert set(Article.objects.tagged(tag)) == set(Article.objects.filter(tags=tag)) == {first, second}


def test_a_sections_list_is_its_articles_newest_first_in_print_order(db):
    for day in range(3):
        issue = make_issue(date=dt.date(2019, 7, 10 + day))
        for number, name in ((1, "要闻"), (2, "民生"), (3, "要闻")):
            page = make_page(issue=issue, number=number, section=name)
            for position in range(2):
                make_article(page=page, position=position)
    section = Section.objects.get(name="要闻")
    listed = Article.objects.published().newest_first().in_section(section)
    expected = Article.objects.published().newest_first().filter(page__section=section)
    assert [a.pk for a in listed] == [a.pk for a in expected]
    assert len(expected) == 12
    for start, stop in [(0, 5), (4, 9), (10, 20)]:
        assert [a.pk for a in listed.window(start, stop)] == [a.pk for a in expected[start:stop]]


def test_a_section_counts_the_articles_its_list_shows(db):
    page = make_page(section="要闻")
    make_article(page=page)
    make_article(page=page, status=Article.Status.DRAFT)
    make_article(page=make_page(section="民生"))
    section = Section.objects.get(name="要闻")
    listed = Article.objects.published().in_section(section)
    assert Article.objects.published().in_section(section, counting=True).count() == listed.count() == 1


def test_a_tag_counts_the_articles_its_list_shows(db):
    from taggit.models import Tag

    public, draft = make_article(), make_article(status=Article.Status.DRAFT)
    public.tags.add("党建")
    draft.tags.add("党建")
    make_article().tags.add("民生")
    tag = Tag.objects.get(name="党建")
    listed = Article.objects.published().tagged(tag)
    assert Article.objects.published().tagged(tag, counting=True).count() == listed.count() == 1


def test_captions_are_loaded_only_for_articles_without_text(db, django_assert_num_queries):
    page = make_page()
    story, photo_story = make_article(page=page), make_article(page=page, kind=Article.Kind.PHOTO, body="")
    make_photo(story, caption="不需要")
    make_photo(photo_story, caption="图为新城。")
    listed = list(Article.objects.filter(pk__in=[story.pk, photo_story.pk]).for_listing().order_by("pk"))
    with django_assert_num_queries(1):
        attach_captions(listed)
    assert "photos" not in getattr(listed[0], "_prefetched_objects_cache", {})
    assert [p.caption for p in listed[1].photos.all()] == ["图为新城。"]


def test_no_query_loads_captions_for_articles_with_text(db, django_assert_num_queries):
    story = make_article(page=make_page())
    listed = list(Article.objects.filter(pk=story.pk).for_listing())
    with django_assert_num_queries(0):
        attach_captions(listed)


def test_no_query_loads_captions_for_articles_whose_photos_are_loaded(db, django_assert_num_queries):
    photo_story = make_article(page=make_page(), kind=Article.Kind.PHOTO, body="")
    make_photo(photo_story, caption="图为新城。")
    listed = list(Article.objects.filter(pk=photo_story.pk).for_listing().with_photos())
    with django_assert_num_queries(0):
        attach_captions(listed)
    assert [p.caption for p in listed[0].photo_list] == ["图为新城。"]


def test_an_issue_is_flagged_public_only_when_the_public_sees_it(db):
    draft_only = make_article(status=Article.Status.DRAFT).page.issue
    public = make_article().page.issue
    editor = make_user("编辑")
    flags = {issue.pk: issue.is_public for issue in Issue.objects.visible_to(editor).with_is_public(editor)}
    assert flags == {draft_only.pk: False, public.pk: True}
    assert [issue.is_public for issue in Issue.objects.published().with_is_public()] == [True]


def test_with_bylines_lists_each_articles_bylines_in_print_order_in_one_query(db, django_assert_num_queries):
    first, second = make_article(), make_article()
    add_byline(first, make_person("后署"), order=1)
    add_byline(first, make_person("先署"), order=0)
    add_byline(second, make_person("另一篇"))
    with django_assert_num_queries(1):
        listed = list(Article.objects.filter(pk__in=[first.pk, second.pk]).with_bylines().order_by("pk"))
        names = [[b.person.name for b in article.byline_list] for article in listed]
    assert names == [["先署", "后署"], ["另一篇"]]


def test_with_photos_lists_each_articles_photos_with_their_credits_in_one_query(db, django_assert_num_queries):
    article = make_article()
    make_photo(article, caption="乙", order=1)
    make_photo(article, caption="甲", credit=make_person("摄影"), order=0)
    with django_assert_num_queries(1):
        [listed] = Article.objects.filter(pk=article.pk).with_photos()
        photos = [(p.caption, p.credit.name if p.credit else "") for p in listed.photo_list]
    assert photos == [("甲", "摄影"), ("乙", "")]


def test_byline_and_photo_lists_of_an_article_loaded_without_them_are_read_when_asked(db):
    article = make_article()
    add_byline(article, make_person("记者甲"))
    make_photo(article, caption="图说")
    loaded = Article.objects.get(pk=article.pk)
    assert [b.person.name for b in loaded.byline_list] == ["记者甲"]
    assert [p.caption for p in loaded.photo_list] == ["图说"]
