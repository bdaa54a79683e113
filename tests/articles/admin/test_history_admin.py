from django.urls import reverse
from reversion.models import Version

from articles.admin.history import Segment, diff_text
from articles.models import Article
from tests.factories import make_article

from .conftest import form_data

Status = Article.Status


def change_url(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def save_via_admin(client, article, **changes):
    data = form_data(client.get(change_url(article)))
    data.update(changes)
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    return Version.objects.get_for_object(article).first()


def test_diff_marks_changed_characters_within_a_paragraph():
    lines = diff_text("高新区召开党工委会议。", "高新区召开党工委扩大会议。")

    assert lines == [[Segment("equal", "高新区召开党工委"), Segment("insert", "扩大"), Segment("equal", "会议。")]]


def test_diff_marks_removed_and_added_paragraphs():
    lines = diff_text("第一段。\n第二段。", "第一段。\n第三段。\n第四段。")

    assert lines[0] == [Segment("equal", "第一段。")]
    assert [s.op for line in lines[1:] for s in line] == ["equal", "delete", "insert", "equal", "insert"]


def test_every_admin_save_is_a_version_in_the_history(superuser_client):
    article = make_article(headline="第一版")
    save_via_admin(superuser_client, article, headline="第二版")
    save_via_admin(superuser_client, article, headline="第三版")

    response = superuser_client.get(reverse("admin:articles_article_history", args=[article.pk]))

    assert len(response.context["versions"]) == 2
    assert reverse("admin:articles_article_diff", args=[article.pk, response.context["versions"][0].pk]) in (
        response.content.decode()
    )


def test_history_lists_workflow_transitions(login):
    chief = login("总编")
    article = make_article(status=Status.APPROVED, published_at=None)
    chief.post(reverse("admin:articles_article_workflow", args=[article.pk, "publish"]), {"version": article.version})

    html = chief.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()

    assert "已审 → 已发布" in html
    assert chief.user.username in html


def test_diff_view_shows_deleted_and_inserted_text_escaped(superuser_client):
    article = make_article(headline="旧标题<b>", body="正文。")
    old = save_via_admin(superuser_client, article, headline="旧标题<b>")
    save_via_admin(superuser_client, article, headline="新标题<script>alert(1)</script>")

    html = superuser_client.get(reverse("admin:articles_article_diff", args=[article.pk, old.pk])).content.decode()

    assert "<del>旧</del><ins>新</ins>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_restore_brings_back_the_text_and_keeps_the_status(superuser_client):
    article = make_article(headline="原来的标题", body="原来的正文。")
    old = save_via_admin(superuser_client, article)
    save_via_admin(superuser_client, article, headline="改坏的标题", body="改坏的正文。")
    current = Article.objects.get(pk=article.pk)

    response = superuser_client.post(
        reverse("admin:articles_article_restore", args=[article.pk, old.pk]), {"version": current.version}
    )

    assert response.status_code == 302
    restored = Article.objects.get(pk=article.pk)
    assert (restored.headline, restored.body, restored.status) == ("原来的标题", "原来的正文。", Status.PUBLISHED)
    assert restored.version == current.version + 1
    assert Version.objects.get_for_object(article).first().revision.get_comment().startswith("恢复为")


def test_restore_from_a_stale_page_is_refused(superuser_client):
    article = make_article(headline="原来的标题")
    old = save_via_admin(superuser_client, article)
    save_via_admin(superuser_client, article, headline="新的标题")

    response = superuser_client.post(
        reverse("admin:articles_article_restore", args=[article.pk, old.pk]), {"version": "1"}, follow=True
    )

    assert "已被他人修改" in response.content.decode()
    assert Article.objects.get(pk=article.pk).headline == "新的标题"


def test_reporter_cannot_restore_a_submitted_article(login, superuser_client):
    reporter = login("记者")
    article = make_article(status=Status.DRAFT, created_by=reporter.user, headline="原来的标题")
    old = save_via_admin(superuser_client, article)
    save_via_admin(superuser_client, article, headline="新的标题")
    Article.objects.filter(pk=article.pk).update(status=Status.REVIEW)

    response = reporter.post(
        reverse("admin:articles_article_restore", args=[article.pk, old.pk]), {"version": "3"}
    )

    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).headline == "新的标题"


def test_reversions_own_revert_page_leads_to_the_diff(superuser_client):
    article = make_article()
    old = save_via_admin(superuser_client, article)

    response = superuser_client.get(reverse("admin:articles_article_revision", args=[article.pk, old.pk]))

    assert response.status_code == 302
    assert response.url == reverse("admin:articles_article_diff", args=[article.pk, old.pk])


def test_diff_of_a_version_of_another_article_is_404(superuser_client):
    article, other = make_article(), make_article()
    other_version = save_via_admin(superuser_client, other)

    response = superuser_client.get(reverse("admin:articles_article_diff", args=[article.pk, other_version.pk]))

    assert response.status_code == 404
