"""A reporter's own work in the admin is what articles.policy calls theirs:
articles they created, and articles whose byline names their 人员 record."""

from articles.models import Article
from tests.factories import add_byline, make_article, make_person, make_user


def test_a_reporter_finds_an_article_with_their_byline_in_the_admin(client, db):
    reporter = make_user("记者")
    person = make_person("署名记者乙")
    person.user = reporter
    person.save()
    bylined = make_article(status=Article.Status.DRAFT, headline="署名的稿件")
    add_byline(bylined, person)
    make_article(status=Article.Status.DRAFT, headline="别人的稿件")
    client.force_login(reporter)
    html = client.get("/admin/articles/article/").content.decode()
    assert "署名的稿件" in html and "别人的稿件" not in html
    assert client.get(f"/admin/articles/article/{bylined.pk}/change/").status_code == 200
