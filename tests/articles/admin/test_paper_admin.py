"""Issues, pages, people, channels and the publication in the admin."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Article, MediaChannel, Publication
from tests.factories import (
    add_byline,
    make_article,
    make_channel,
    make_issue,
    make_page,
    make_person,
    make_photo,
    set_publication,
)

from .conftest import form_data

Status = Article.Status


def test_issue_shows_its_pages_and_their_articles_with_public_links(superuser_client):
    issue = make_issue()
    front = make_page(issue=issue, number=1, section="头版")
    make_page(issue=issue, number=2, section="要闻")
    lead = make_article(page=front, headline="党工委扩大会议")

    response = superuser_client.get(reverse("admin:articles_issue_change", args=[issue.pk]))

    html = response.content.decode()
    assert "党工委扩大会议" in html
    assert reverse("admin:articles_article_change", args=[lead.pk]) in html
    assert front.get_absolute_url() in html
    assert len(response.context["inline_admin_formsets"][0].formset.forms) == 2


def test_issue_list_counts_pages_and_articles(superuser_client):
    issue = make_issue()
    page = make_page(issue=issue)
    make_article(page=page)
    make_article(page=page)

    response = superuser_client.get(reverse("admin:articles_issue_changelist"))

    row = response.context["cl"].result_list[0]
    assert (row.n_pages, row.n_articles) == (1, 2)
    assert issue.date_line in response.content.decode()


def test_publishing_an_issue_publishes_its_approved_articles(login):
    chief = login("总编")
    page = make_page()
    approved = [make_article(page=page, status=Status.APPROVED, published_at=None) for _ in range(2)]

    response = chief.post(
        reverse("admin:articles_issue_changelist"),
        {"action": "publish_issues", "_selected_action": [page.issue.pk]},
        follow=True,
    )

    assert "发布了 2 篇稿件" in response.content.decode()
    assert Article.objects.published().count() == len(approved)


def test_publishing_an_issue_with_nothing_approved_says_so(login):
    chief = login("总编")
    issue = make_issue()

    response = chief.post(
        reverse("admin:articles_issue_changelist"), {"action": "publish_issues", "_selected_action": [issue.pk]}, follow=True
    )

    assert "没有已审的稿件可以发布" in response.content.decode()


def test_editor_is_not_offered_issue_publishing(login):
    response = login("编辑").get(reverse("admin:articles_issue_changelist"))

    assert response.status_code == 200
    assert "publish_issues" not in response.content.decode()


def test_person_shows_their_articles(superuser_client):
    person = make_person("邓超")
    add_byline(make_article(headline="高新区召开会议"), person)

    response = superuser_client.get(reverse("admin:articles_person_change", args=[person.pk]))

    assert "高新区召开会议" in response.content.decode()


def test_channels_are_reordered_from_the_list(superuser_client):
    tv = make_channel("济宁高新电视", order=0)
    weibo = make_channel("高新区微博", kind="weibo", order=1)
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-0-id": str(tv.pk),
        "form-0-order": "5",
        "form-0-is_active": "on",
        "form-1-id": str(weibo.pk),
        "form-1-order": "1",
        "form-1-is_active": "on",
        "_save": "保存",
    }

    superuser_client.post(reverse("admin:articles_mediachannel_changelist"), data)

    assert list(MediaChannel.objects.values_list("label", flat=True)) == ["高新区微博", "济宁高新电视"]


def test_channel_qr_code_upload_is_checked(superuser_client):
    channel = make_channel("《蓼河先声》微信公众号", kind="wechat", name="蓼河先声")
    url = reverse("admin:articles_mediachannel_change", args=[channel.pk])
    data = form_data(superuser_client.get(url))
    buffer = io.BytesIO()
    Image.new("1", (200, 200)).save(buffer, format="PNG")

    bad = superuser_client.post(url, {**data, "qr_image": SimpleUploadedFile("qr.bmp", b"BM not an image")})
    good = superuser_client.post(url, {**data, "qr_image": SimpleUploadedFile("qr.png", buffer.getvalue())})

    assert "“qr.bmp”不是可识别的图片" in bad.content.decode()
    assert good.status_code == 302
    assert MediaChannel.objects.get(pk=channel.pk).qr_image.name.endswith(".png")


def test_publication_list_goes_to_its_one_row(superuser_client):
    publication = set_publication(hotline="6557709")

    response = superuser_client.get(reverse("admin:articles_publication_changelist"))

    assert response.url == reverse("admin:articles_publication_change", args=[publication.pk])


def test_hotline_and_paper_name_are_editable(login):
    chief = login("总编")
    publication = Publication.load()
    url = reverse("admin:articles_publication_change", args=[publication.pk])
    data = form_data(chief.get(url)) | {"name": "济宁高新区报", "hotline": "0537-6557709"}

    chief.post(url, data)

    assert Publication.load().hotline == "0537-6557709"


def test_page_autocomplete_finds_a_page_by_its_printed_number(superuser_client):
    page = make_page(number=2, section="要闻")
    make_page(number=3, section="新城")

    response = superuser_client.get(
        reverse("admin:autocomplete"),
        {"term": "02", "app_label": "articles", "model_name": "article", "field_name": "page"},
    )

    assert [r["id"] for r in response.json()["results"]] == [str(page.pk)]


def test_reporter_lists_only_the_photos_of_own_articles(login):
    reporter = login("记者")
    own = make_photo(make_article(status=Status.DRAFT, created_by=reporter.user), caption="自己的图")
    make_photo(make_article(status=Status.DRAFT), caption="别人的图")

    response = reporter.get(reverse("admin:articles_photo_changelist"))

    assert [p.pk for p in response.context["cl"].result_list] == [own.pk]


def test_a_pages_form_shows_the_channels_it_printed_read_only(superuser_client, seed_bytes):
    from articles.models import Page
    from articles.services.importing import SeedSource, import_file

    import_file(source=SeedSource(name="seed.txt", data=seed_bytes))
    page = Page.objects.get(number=1)

    html = superuser_client.get(reverse("admin:articles_page_change", args=[page.pk])).content.decode()

    assert "版面印刷的融媒渠道" in html
    assert "欢迎关注济宁高新区融媒矩阵" in html
    assert 'name="printed_channels-0-label"' not in html
