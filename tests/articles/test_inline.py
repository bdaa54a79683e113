"""Bylines and photos read in their article's own row (articles.inline)."""

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.models import Article, Byline, Page, Person, Photo, Rendition
from articles.querysets import attach_bylines_and_photos

from ..factories import add_byline, make_article, make_page, make_person, make_photo

pytestmark = pytest.mark.django_db

# Text as editors type it, and more: any character a text column of both
# databases keeps (PostgreSQL keeps no NUL).
TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=12)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.floats(allow_nan=False, allow_infinity=False) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)
PEOPLE = st.fixed_dictionaries({"name": TEXT.filter(str.strip), "bio": TEXT})
BYLINES = st.lists(
    st.fixed_dictionaries({"role": st.sampled_from(["记者", "通讯员"]), "printed_role": TEXT.map(lambda text: text[:10]), "order": st.integers(0, 9)}),
    max_size=4,
)
PHOTOS = st.lists(
    st.fixed_dictionaries(
        {
            "caption": TEXT,
            "credited": st.booleans(),
            "credit_role": TEXT.map(lambda text: text[:10]),
            "alt_text": TEXT,
            # A stored image has its size (else loading it opens the file).
            "image": st.sampled_from([("", None, None), ("", 640, 480), ("photos/2024/01/照片 1.jpg", 640, 480)]),
            "source_start_line": st.none() | st.integers(0, 2**31 - 1),
            "file_metadata": st.dictionaries(TEXT, JSON, max_size=3),
        }
    ),
    max_size=3,
)


def columns(instance) -> list:
    return [field.value_from_object(instance) for field in instance._meta.concrete_fields]


def as_read(article: Article) -> Article:
    return Article.objects.with_bylines().with_photos().get(pk=article.pk)


@settings(max_examples=25, deadline=None)
@given(people=st.lists(PEOPLE, min_size=1, max_size=3), bylines=BYLINES, photos=PHOTOS)
def test_bylines_and_photos_read_in_the_row_equal_what_a_plain_query_loads(people, bylines, photos):
    article = make_article(body="")
    persons = [Person.objects.create(slug=f"p{Person.objects.count()}", **person) for person in people]
    for n, byline in enumerate(bylines):
        Byline.objects.create(article=article, person=persons[n % len(persons)], **{**byline, "role": f"{byline['role']}{n}"})
    for order, photo in enumerate(photos):
        credited = photo.pop("credited")
        photo["image"], photo["width"], photo["height"] = photo["image"]
        Photo.objects.create(article=article, order=order, credit=persons[order % len(persons)] if credited else None, **photo)

    read = as_read(article)

    plain_bylines = list(Byline.objects.filter(article=article).select_related("person").order_by("order", "pk"))
    assert [columns(b) for b in read.byline_list] == [columns(b) for b in plain_bylines]
    assert [columns(b.person) for b in read.byline_list] == [columns(b.person) for b in plain_bylines]
    plain_photos = list(Photo.objects.filter(article=article).select_related("credit").order_by("order", "pk"))
    assert [columns(p) for p in read.photo_list] == [columns(p) for p in plain_photos]
    assert [p.credit and columns(p.credit) for p in read.photo_list] == [p.credit and columns(p.credit) for p in plain_photos]


def test_a_list_reads_every_article_with_its_bylines_and_photos_in_one_query():
    page = make_page()
    for n in range(3):
        article = make_article(page=page, position=n)
        add_byline(article, order=1)
        add_byline(article, order=0)
        make_photo(article, credit=make_person())
        make_photo(article, credit=None, order=1)

    with CaptureQueriesContext(connection) as queries:
        articles = list(Article.objects.filter(page=page).with_bylines().with_photos())
        shown = [
            ([b.order for b in a.byline_list], [b.person.name for b in a.byline_list], [p.credit_line for p in a.photo_list])
            for a in articles
        ]

    assert len(queries) == 1
    assert all(orders == [0, 1] and all(names) and credits[0] and credits[1] == "" for orders, names, credits in shown)


def test_a_loaded_byline_and_photo_know_their_article_without_a_query():
    article = make_article()
    add_byline(article)
    make_photo(article)
    read = as_read(article)

    with CaptureQueriesContext(connection) as queries:
        assert read.byline_list[0].article is read
        assert read.photo_list[0].article is read

    assert len(queries) == 0


def test_an_article_with_no_bylines_or_photos_has_empty_lists():
    read = as_read(make_article())

    assert read.byline_list == []
    assert read.photo_list == []


def test_renditions_come_in_one_more_query():
    article = make_article()
    photo = make_photo(article)
    Rendition.objects.create(photo=photo, width=480, height=320, format="webp", file="renditions/a.webp")

    with CaptureQueriesContext(connection) as queries:
        read = Article.objects.with_photos(renditions=True).get(pk=article.pk)
        formats = [r.format for r in read.photo_list[0].renditions.all()]

    assert formats == ["webp"]
    assert len(queries) == 2


def test_articles_prefetched_under_their_page_get_their_lists():
    article = make_article()
    add_byline(article, make_person("邓超"))
    photo = make_photo(article)
    Rendition.objects.create(photo=photo, width=480, height=320, format="webp", file="renditions/a.webp")
    articles = Article.objects.with_bylines().with_photos(renditions=True)

    with CaptureQueriesContext(connection) as queries:
        page = Page.objects.prefetch_related(Prefetch("articles", queryset=articles)).get(pk=article.page_id)
        read = page.articles.all()[0]
        photo = read.photo_list[0]
        shown = (read.byline_list[0].person.name, photo.caption, [r.width for r in photo.renditions.all()])

    assert shown == ("邓超", "图片说明", [480])
    assert len(queries) == 3


def test_ids_of_such_a_queryset_read_no_bylines_or_photos():
    articles = Article.objects.with_bylines().with_photos()

    with CaptureQueriesContext(connection) as queries:
        list(articles.values("pk"))
        articles.count()

    assert all("_rows" not in query["sql"] for query in queries)


def test_articles_already_loaded_get_their_lists_in_one_query():
    first, second = make_article(), make_article()
    add_byline(first, make_person("后署"), order=1)
    add_byline(first, make_person("先署"), order=0)
    make_photo(second, credit=make_person("摄影"))
    loaded = list(Article.objects.filter(pk__in=[first.pk, second.pk]).order_by("pk").only("pk"))

    with CaptureQueriesContext(connection) as queries:
        attach_bylines_and_photos(loaded)
        shown = [([b.person.name for b in a.byline_list], [p.credit_line for p in a.photo_list]) for a in loaded]
        backs = [item.article for a in loaded for item in (*a.byline_list, *a.photo_list)]

    assert shown == [(["先署", "后署"], []), ([], ["摄影 摄"])]
    assert [id(back) for back in backs] == [id(loaded[0]), id(loaded[0]), id(loaded[1])]
    assert len(queries) == 1


def test_an_article_deleted_since_it_was_loaded_gets_empty_lists():
    article = make_article()
    add_byline(article)
    loaded = Article.objects.get(pk=article.pk)
    Article.objects.filter(pk=article.pk).delete()

    attach_bylines_and_photos([loaded])

    assert loaded.byline_list == []
    assert loaded.photo_list == []
