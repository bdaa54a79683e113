"""The admin's article list searches with the same engine as readers, drafts
included, within what the editor may see."""

import pytest
from django.test import Client
from django.urls import reverse

from articles import hooks
from articles.models import Article
from newsroom.search.text import MAX_QUERY_LENGTH
from tests.factories import make_article, make_photo, make_user

pytestmark = pytest.mark.django_db


def listed(client: Client, query: str) -> list[str]:
    response = client.get(reverse("admin:articles_article_changelist"), {"q": query})
    assert response.status_code == 200
    return sorted(a.headline for a in response.context["cl"].result_list)


@pytest.fixture
def editor() -> Client:
    client = Client()
    client.force_login(make_user("编辑"))
    return client


def test_the_search_app_registers_its_engine_for_the_admin():
    assert hooks.article_search() is not None


def test_finds_a_draft_by_a_one_character_term(editor):
    make_article(headline="湿地公园开园", status=Article.Status.DRAFT)
    make_article(headline="产业园签约")

    assert listed(editor, "湿") == ["湿地公园开园"]


def test_finds_an_article_by_its_photo_caption(editor):
    article = make_article(headline="开园")
    make_photo(article, caption="游客在十里湖畔赏花")

    assert listed(editor, "十里湖") == ["开园"]


def test_finds_text_written_full_width_by_a_half_width_query(editor):
    make_article(headline="增长５８．２％")

    assert listed(editor, "58.2%") == ["增长５８．２％"]


def test_several_terms_must_all_occur(editor):
    make_article(headline="湿地公园开园")
    make_article(headline="湿地保护条例")

    assert listed(editor, "湿地 公园") == ["湿地公园开园"]


def test_a_reporter_finds_only_their_own_articles():
    reporter = make_user("记者")
    make_article(headline="我的湿地稿", status=Article.Status.DRAFT, created_by=reporter)
    make_article(headline="别人的湿地稿", status=Article.Status.DRAFT)
    client = Client()
    client.force_login(reporter)

    assert listed(client, "湿地") == ["我的湿地稿"]


def test_an_over_long_query_lists_nothing_and_says_why(editor):
    make_article(headline="湿地公园开园")

    response = editor.get(reverse("admin:articles_article_changelist"), {"q": "湿" * (MAX_QUERY_LENGTH + 1)})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
    assert "搜索词太长" in [str(m) for m in response.context["messages"]][0]
