import pytest

from articles import cards
from articles.models import Article
from tests.factories import add_byline, make_article, make_person, make_photo


def card_of(article: Article, **options) -> str:
    loaded = Article.objects.for_reading().get(pk=article.pk)
    return cards.card(loaded, **{"excerpt_length": 90, **options})


@pytest.mark.django_db
def test_a_card_links_the_headline_to_the_article_and_escapes_it():
    article = make_article(headline="<script>标题</script>")
    html = card_of(article)
    assert f'<a href="{article.get_absolute_url()}">&lt;script&gt;标题&lt;/script&gt;</a>' in html
    assert "<script>" not in html


@pytest.mark.django_db
def test_a_card_shows_the_first_paragraph_cut_to_the_excerpt_length():
    html = card_of(make_article(body="一二三四五六七八九十\n\n第二段。"), excerpt_length=4)
    assert '<p class="story__excerpt">一二三四…</p>' in html


@pytest.mark.django_db
def test_a_photo_story_card_shows_no_excerpt():
    article = make_article(kind=Article.Kind.PHOTO, body="")
    make_photo(article, caption="图说")
    html = card_of(article)
    assert "story--photo" in html
    assert "story__excerpt" not in html


@pytest.mark.django_db
def test_a_card_lists_bylines_in_print_order_with_their_people():
    article = make_article()
    second, first = make_person("李娜"), make_person("王鹏")
    add_byline(article, second, order=1)
    add_byline(article, first, order=0)
    html = card_of(article)
    assert html.index("王鹏") < html.index("李娜")
    assert f'<a href="{first.get_absolute_url()}">王鹏</a>' in html


@pytest.mark.django_db
def test_a_card_without_bylines_has_no_byline_paragraph():
    assert 'class="byline"' not in card_of(make_article())


@pytest.mark.django_db
def test_the_meta_line_names_issue_page_and_section_only_when_asked():
    article = make_article()
    assert "story__meta" not in card_of(article)
    html = card_of(article, show_meta=True)
    page = article.page
    assert f'<time datetime="{page.issue.date.isoformat()}">{page.issue.date_line}</time>' in html
    assert f'<a href="{page.get_absolute_url()}">第{page.number:02d}版</a>' in html
    assert f'<a href="{page.section.get_absolute_url()}">{page.section.name}</a>' in html


@pytest.mark.django_db
def test_a_persons_roles_show_only_on_their_list():
    loaded = Article.objects.for_listing().get(pk=make_article().pk)
    loaded.person_roles = ["记者", "摄影"]
    assert "记者、摄影" in cards.card(loaded, excerpt_length=90, show_meta=True, show_roles=True)
    assert 'class="roles"' not in cards.card(loaded, excerpt_length=90, show_meta=True)


@pytest.mark.django_db
def test_an_unpublished_article_is_marked_on_its_card():
    html = card_of(make_article(status=Article.Status.DRAFT))
    assert '<p class="badge">未公开：' in html


@pytest.mark.django_db
def test_the_first_photo_shows_only_on_edition_cards():
    article = make_article()
    make_photo(article, caption="第一张", order=0)
    make_photo(article, caption="第二张", order=1)
    assert "<figure" not in card_of(article)
    html = card_of(article, show_photo=True)
    assert html.count("<figure") == 1
    assert "第一张" in html


@pytest.mark.django_db
def test_a_photo_not_yet_uploaded_says_so_only_in_a_preview():
    article = make_article()
    make_photo(article, caption="待传")
    assert "图片待上传" not in card_of(article, show_photo=True)
    assert "图片待上传" in card_of(article, show_photo=True, preview=True)
