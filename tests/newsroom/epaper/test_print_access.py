"""Print files follow their page (issue 14): a page's scan, zones and PDF are
public only when every article printed on it is, the issue PDF only when
every article of the issue is — or once editors release the edition. They
live in private storage under unguessable names, and reading never writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage, storages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services import workflow
from newsroom.epaper import services
from newsroom.epaper.models import IssuePdf, ScanRendition
from tests.factories import make_article, make_page, make_user, processed

from .files import make_scan, make_zone, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def embargoed():
    """An issue whose page 01 is public, and whose page 02 holds only a draft
    and a scheduled article — each page with its scan and zones."""
    front = make_page(number=1, section="头版")
    make_scan(front)
    make_article(page=front, headline="公开的头条")
    inner = make_page(issue=front.issue, number=2, section="要闻")
    draft = make_article(page=inner, headline="尚未发布的草稿", status=Article.Status.DRAFT)
    later = make_article(page=inner, headline="明天才发布", published_at=timezone.now() + dt.timedelta(days=1))
    scan = make_scan(inner, name="02.pdf")
    make_zone(scan, draft)
    make_zone(scan, later, y=0.5)
    return front, inner


def _addresses(page) -> dict[str, str]:
    kwargs = {"date": page.issue.date, "number": page.number}
    rendition = ScanRendition.objects.filter(scan__page=page).first()
    return {
        "page.pdf": reverse("epaper:page_pdf", kwargs=kwargs),
        "scan": rendition.url,
        "issue.pdf": reverse("epaper:issue_pdf", kwargs={"date": page.issue.date}),
    }


@pytest.mark.parametrize("what", ["page.pdf", "scan", "issue.pdf"])
def test_an_embargoed_pages_print_files_are_not_served_to_readers(client, embargoed, what):
    _front, inner = embargoed
    assert client.get(_addresses(inner)[what]).status_code == 404


def test_the_embargoed_page_itself_shows_its_text_layout_without_the_scan(client, embargoed):
    _front, inner = embargoed
    html = client.get(inner.get_absolute_url()).content.decode()
    assert 'class="scan"' not in html and "scan__zone" not in html
    assert "尚未发布的草稿" not in html and "明天才发布" not in html


def test_a_page_whose_articles_are_all_public_serves_its_print_files(client, embargoed):
    front, _inner = embargoed
    addresses = _addresses(front)
    for what in ("page.pdf", "scan"):
        response = client.get(addresses[what])
        assert response.status_code == 200, what
        assert "public" in response["Cache-Control"], what


def test_editors_fetch_embargoed_print_files_privately(client, embargoed):
    _front, inner = embargoed
    client.force_login(make_user("编辑"))
    for what, address in _addresses(inner).items():
        response = client.get(address)
        assert response.status_code == 200, what
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"], what


def test_a_reporter_sees_no_print_file_holding_a_colleagues_draft(client, embargoed):
    _front, inner = embargoed
    client.force_login(make_user("记者"))
    assert client.get(_addresses(inner)["page.pdf"]).status_code == 404


def test_releasing_the_edition_makes_every_print_file_public(client, embargoed):
    _front, inner = embargoed
    workflow.release_edition(issue=inner.issue, user=make_user("总编"), at=timezone.now() - dt.timedelta(minutes=1))
    for what, address in _addresses(inner).items():
        assert client.get(address).status_code == 200, what
    # The articles themselves keep their states.
    assert client.get(inner.articles.get(headline="尚未发布的草稿").get_absolute_url()).status_code == 404


def test_a_release_scheduled_for_later_keeps_the_print_files_private_until_then(client, embargoed):
    _front, inner = embargoed
    workflow.release_edition(issue=inner.issue, user=make_user("总编"), at=timezone.now() + dt.timedelta(hours=2))
    assert client.get(_addresses(inner)["page.pdf"]).status_code == 404


def test_the_release_records_who_released_and_when(embargoed):
    _front, inner = embargoed
    chief = make_user("总编")
    at = timezone.now() + dt.timedelta(hours=2)
    workflow.release_edition(issue=inner.issue, user=chief, at=at)
    inner.issue.refresh_from_db()
    assert (inner.issue.epaper_release_at, inner.issue.epaper_released_by) == (at, chief)


def test_only_who_may_publish_releases_an_edition(embargoed):
    _front, inner = embargoed
    with pytest.raises(workflow.WorkflowError):
        workflow.release_edition(issue=inner.issue, user=make_user("编辑"))
    inner.issue.refresh_from_db()
    assert inner.issue.epaper_release_at is None


def test_the_admin_action_releases_the_edition(client, embargoed):
    _front, inner = embargoed
    client.force_login(make_user("总编"))
    response = client.post(
        reverse("admin:articles_issue_changelist"),
        {"action": "release_editions", "_selected_action": [inner.issue.pk]},
    )
    assert response.status_code == 302
    client.logout()
    assert client.get(_addresses(inner)["issue.pdf"]).status_code == 200


def test_scan_files_are_private_and_their_names_not_guessable(embargoed):
    _front, inner = embargoed
    scan = inner.scan
    for stored in (scan.file, *(r.file for r in scan.renditions.all())):
        assert stored.storage is storages["private"]
        path = Path(stored.storage.path(stored.name))
        assert path.exists() and not path.is_relative_to(Path(settings.MEDIA_ROOT))
        # 20190718-02-<random>-200w.jpg: the date and page alone do not find it.
        stem = Path(stored.name).name.split(".")[0].removesuffix("-200w").removesuffix("-400w")
        assert len(stem) > len("20190718-02-") + 12
    with pytest.raises(ValueError):
        scan.file.url


def test_a_new_file_for_a_page_gets_a_new_random_name(embargoed):
    _front, inner = embargoed
    old_name = inner.scan.file.name
    replaced = make_scan(inner, data=pdf_bytes(width=320))
    assert replaced.file.name != old_name


def test_the_web_server_sends_the_file_with_x_accel_redirect(client, embargoed, settings):
    settings.NEWSROOM_PRIVATE_MEDIA_SENDFILE = "x-accel-redirect"
    front, _inner = embargoed
    response = client.get(_addresses(front)["page.pdf"])
    assert response["X-Accel-Redirect"] == "/_private/" + front.scan.file.name
    assert response.content == b""
    assert "attachment" in response["Content-Disposition"]


def test_the_web_server_sends_the_file_with_x_sendfile(client, embargoed, settings):
    settings.NEWSROOM_PRIVATE_MEDIA_SENDFILE = "x-sendfile"
    front, _inner = embargoed
    response = client.get(_addresses(front)["scan"])
    rendition = ScanRendition.objects.filter(scan__page=front).first()
    assert response["X-Sendfile"] == rendition.file.path


def test_a_readers_get_of_the_issue_pdf_writes_nothing(client, embargoed):
    front, _inner = embargoed
    workflow.release_edition(issue=front.issue, user=make_user("总编"), at=timezone.now() - dt.timedelta(minutes=1))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_addresses(front)["issue.pdf"])
    assert response.status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert not writes
    assert not any("FOR UPDATE" in q["sql"] for q in queries)


def test_a_missing_issue_pdf_is_not_built_by_a_reader(client, embargoed):
    front, _inner = embargoed
    IssuePdf.objects.all().delete()
    workflow.release_edition(issue=front.issue, user=make_user("总编"))
    IssuePdf.objects.all().delete()
    assert client.get(_addresses(front)["issue.pdf"]).status_code == 404
    assert not IssuePdf.objects.exists()


def test_publishing_an_article_builds_the_issue_pdf(embargoed):
    front, inner = embargoed
    IssuePdf.objects.all().delete()
    article = make_article(page=front, headline="待发布", status=Article.Status.APPROVED)
    workflow.publish(article=article, user=make_user("总编"))
    assert services.issue_pdf(issue=front.issue) is not None


def test_releasing_the_edition_builds_the_issue_pdf(embargoed):
    front, _inner = embargoed
    IssuePdf.objects.all().delete()
    workflow.release_edition(issue=front.issue, user=make_user("总编"))
    processed()  # what the release's commit hands to the change log's consumers
    assert services.issue_pdf(issue=front.issue) is not None


def test_moving_old_public_files_into_private_storage(embargoed):
    front, _inner = embargoed
    rendition = ScanRendition.objects.filter(scan__page=front).first()
    # As stored before scans were private: in the media folder, under a guessable name.
    old_name = default_storage.save("scans/renditions/2019/07/20190718-01-200w.jpg", rendition.file.open("rb"))
    rendition.file.close()
    ScanRendition.objects.filter(pk=rendition.pk).update(file=old_name)
    report = services.move_files_to_private_storage()
    rendition.refresh_from_db()
    assert [(m.label, m.old_name, m.error) for m in report] == [(f"rendition {rendition.pk}", old_name, "")]
    assert rendition.file.name.startswith("scans/renditions/2019/07/20190718-01-200w-")
    assert storages["private"].exists(rendition.file.name) and not default_storage.exists(old_name)
    assert services.move_files_to_private_storage() == []


def test_taking_a_release_back_makes_the_print_files_follow_their_articles_again(client, embargoed):
    _front, inner = embargoed
    chief = make_user("总编")
    workflow.release_edition(issue=inner.issue, user=chief, at=timezone.now() - dt.timedelta(minutes=1))
    workflow.cancel_edition_release(issue=inner.issue, user=chief)
    assert client.get(_addresses(inner)["page.pdf"]).status_code == 404
    inner.issue.refresh_from_db()
    assert (inner.issue.epaper_release_at, inner.issue.epaper_released_by) == (None, chief)


def test_the_issue_form_schedules_a_release_through_the_service(client, embargoed):
    _front, inner = embargoed
    chief = make_user("总编")
    client.force_login(chief)
    issue = inner.issue
    response = client.post(
        reverse("admin:articles_issue_change", args=[issue.pk]),
        {
            "date": issue.date.isoformat(),
            "number": "",
            "epaper_release_at_0": "2020-01-01",
            "epaper_release_at_1": "08:00:00",
            "pages-TOTAL_FORMS": "0",
            "pages-INITIAL_FORMS": "0",
            "pages-MIN_NUM_FORMS": "0",
            "pages-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    issue.refresh_from_db()
    assert issue.epaper_released_by == chief and issue.epaper_release_at is not None
