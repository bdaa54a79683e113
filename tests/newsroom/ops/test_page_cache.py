"""The shared page cache: what it keeps, for whom, and when it lets go."""

import datetime as dt

import pytest
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils import timezone

from articles.models import Article, Issue, Publication
from articles.services import photos, workflow
from tests.factories import edit_article, jpeg_upload, make_article, make_photo, make_channel, make_edition, make_user, save_record, set_publication
from tests.newsroom.epaper.files import make_scan, make_zone

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def page_url(edition, number=2):
    return reverse("articles:page", kwargs={"date": edition.issue.date, "number": number})


def test_second_anonymous_request_is_served_from_cache_without_queries(client, django_assert_num_queries):
    edition = make_edition()
    assert client.get(page_url(edition))["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        response = client.get(page_url(edition))
    assert response["X-Cache"] == "HIT"
    assert edition.inner.headline in response.content.decode()


def test_cached_page_carries_cache_control_etag_last_modified_and_vary_cookie(client):
    edition = make_edition()
    response = client.get(page_url(edition))
    assert "public" in response["Cache-Control"]
    assert "max-age=" in response["Cache-Control"]
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize(
    "header", ["Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Content-Language"]
)
def test_a_hit_carries_the_headers_of_a_freshly_rendered_page(client, header):
    edition = make_edition()
    fresh = client.get(page_url(edition))
    hit = client.get(page_url(edition))
    assert hit["X-Cache"] == "HIT"
    assert hit[header] == fresh[header]


def test_matching_if_none_match_gets_304(client):
    edition = make_edition()
    etag = client.get(page_url(edition))["ETag"]
    response = client.get(page_url(edition), headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""


def test_editing_a_headline_invalidates_its_page(client, django_capture_on_commit_callbacks):
    edition = make_edition()
    client.get(page_url(edition))
    with django_capture_on_commit_callbacks(execute=True):
        edit_article(edition.inner, headline="改过的标题")
    response = client.get(page_url(edition))
    assert response["X-Cache"] == "MISS"
    assert "改过的标题" in response.content.decode()


def test_publishing_an_article_shows_it_on_the_cached_front_page(client, django_capture_on_commit_callbacks):
    edition = make_edition()
    draft = make_article(page=edition.pages[1], headline="刚刚发布的稿件", status=Article.Status.APPROVED)
    assert "刚刚发布的稿件" not in client.get(page_url(edition)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(article=draft, user=make_user(superuser=True))
    assert "刚刚发布的稿件" in client.get(page_url(edition)).content.decode()


def test_unpublishing_removes_the_cached_article(client, django_capture_on_commit_callbacks):
    edition = make_edition()
    url = edition.inner.get_absolute_url()
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(article=edition.inner, user=make_user(superuser=True))
    assert client.get(url).status_code == 404


def test_editing_a_channel_invalidates_every_page(client, django_capture_on_commit_callbacks):
    edition = make_edition()
    channel = make_channel("济宁高新电视")
    client.get(page_url(edition))
    with django_capture_on_commit_callbacks(execute=True):
        channel.label = "高新区融媒电视"
        save_record(channel)
    assert "高新区融媒电视" in client.get(page_url(edition)).content.decode()


def test_editing_the_hotline_invalidates_every_page(client, django_capture_on_commit_callbacks):
    edition = make_edition()
    set_publication(hotline="6557709")
    client.get(page_url(edition))
    with django_capture_on_commit_callbacks(execute=True):
        publication = Publication.load()
        publication.hotline = "6550000"
        save_record(publication)
    assert "6550000" in client.get(page_url(edition)).content.decode()


def test_editing_an_article_of_another_issue_keeps_this_issue_cached(client, django_capture_on_commit_callbacks):
    edition, other = make_edition(), make_edition()
    client.get(page_url(edition))
    with django_capture_on_commit_callbacks(execute=True):
        edit_article(other.inner, headline="别的一期改了标题")
    assert client.get(page_url(edition))["X-Cache"] == "HIT"


def test_attaching_a_scan_invalidates_its_issue_pages(client, django_capture_on_commit_callbacks):
    edition = make_edition()
    client.get(page_url(edition))
    with django_capture_on_commit_callbacks(execute=True):
        make_scan(edition.pages[1])
    assert client.get(page_url(edition))["X-Cache"] == "MISS"


def test_attaching_a_scan_to_another_issue_keeps_this_issue_cached(client, django_capture_on_commit_callbacks):
    edition, other = make_edition(), make_edition()
    client.get(page_url(edition))
    with django_capture_on_commit_callbacks(execute=True):
        make_zone(make_scan(other.pages[1]), other.inner)
    assert client.get(page_url(edition))["X-Cache"] == "HIT"


def test_publishing_into_a_public_issue_keeps_other_issues_cached(client, django_capture_on_commit_callbacks):
    edition, other = make_edition(), make_edition()
    approved = make_article(page=other.pages[1], status=Article.Status.APPROVED)
    client.get(page_url(edition))
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(article=approved, user=make_user(superuser=True))
    assert client.get(page_url(edition))["X-Cache"] == "HIT"
    assert client.get(reverse("articles:home"))["X-Cache"] == "MISS"


def test_an_issue_going_public_invalidates_every_page(client, django_capture_on_commit_callbacks):
    edition = make_edition()
    unpublished = make_article(status=Article.Status.APPROVED)
    client.get(page_url(edition))
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(article=unpublished, user=make_user(superuser=True))
    assert client.get(page_url(edition))["X-Cache"] == "MISS"


def test_editing_an_article_invalidates_the_front_page_listing(client, django_capture_on_commit_callbacks):
    edition = make_edition()
    client.get(reverse("articles:home"))
    with django_capture_on_commit_callbacks(execute=True):
        edit_article(edition.lead, headline="头条改了")
    response = client.get(reverse("articles:home"))
    assert response["X-Cache"] == "MISS"


def test_staff_are_never_served_from_the_cache(client):
    edition = make_edition()
    client.get(page_url(edition))
    client.force_login(make_user(superuser=True))
    response = client.get(page_url(edition))
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]


def test_staff_pages_are_never_stored_for_the_public(client):
    edition = make_edition()
    make_article(page=edition.pages[1], headline="尚未发布的草稿", status=Article.Status.DRAFT)
    staff = client
    staff.force_login(make_user(superuser=True))
    assert "尚未发布的草稿" in staff.get(page_url(edition)).content.decode()
    staff.logout()
    response = staff.get(page_url(edition))
    assert response["X-Cache"] == "MISS"
    assert "尚未发布的草稿" not in response.content.decode()


def test_a_request_with_a_session_cookie_neither_reads_nor_fills_the_cache(client, settings):
    edition = make_edition()
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-session-that-has-ended"
    assert "X-Cache" not in client.get(page_url(edition))
    del client.cookies[settings.SESSION_COOKIE_NAME]
    assert client.get(page_url(edition))["X-Cache"] == "MISS"
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-session-that-has-ended"
    assert "X-Cache" not in client.get(page_url(edition))


def test_a_page_is_not_kept_past_the_next_scheduled_publication(client):
    edition = make_edition()
    make_article(
        page=edition.pages[1], headline="定时稿", published_at=timezone.now() + dt.timedelta(seconds=90)
    )
    response = client.get(page_url(edition))
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert 0 < max_age <= 90


def test_urls_outside_the_public_site_are_not_cached(client):
    response = client.get(reverse("healthz"))
    assert "X-Cache" not in response
    assert "no-cache" in response["Cache-Control"]


def test_nothing_is_cached_when_the_cache_is_turned_off(client, settings):
    settings.NEWSROOM_PAGE_CACHE_TIMEOUT = 0
    edition = make_edition()
    assert "X-Cache" not in client.get(page_url(edition))


def test_a_page_is_not_kept_past_the_next_scheduled_release_of_an_edition(client):
    edition = make_edition()
    # Sooner than browsers' own limit (60 s), so the release is what shortens it.
    Issue.objects.filter(pk=edition.issue.pk).update(epaper_release_at=timezone.now() + dt.timedelta(seconds=30))
    response = client.get(page_url(edition))
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert 0 < max_age <= 30


def _plain_view(request, rest):
    return HttpResponse("不是报纸的页面")


# The URLconf of the test below: the 数字报's paths answered by a plain view, outside any cached namespace.
urlpatterns = [path("issues/<path:rest>", _plain_view)]


def test_a_changed_urlconf_is_followed_although_resolutions_are_remembered(client, settings):
    url = page_url(make_edition())
    client.get(url)
    assert client.get(url)["X-Cache"] == "HIT"
    settings.ROOT_URLCONF = __name__
    response = client.get(url)
    assert response.content.decode() == "不是报纸的页面"
    assert not response.has_header("X-Cache")


def test_a_file_handed_to_the_web_server_is_never_kept(client, settings):
    """X-Accel-Redirect answers have no body to keep: each one asks the policy again."""
    settings.NEWSROOM_PRIVATE_MEDIA_SENDFILE = "x-accel-redirect"
    photo = photos.attach_image(photo=make_photo(make_article()), upload=jpeg_upload())
    client.get(photo.image.url)
    again = client.get(photo.image.url)
    assert again["X-Accel-Redirect"].endswith(photo.image.name)
    assert again.get("X-Cache") != "HIT"
