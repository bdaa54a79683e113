"""Editors upload page files, draw zones and check an issue's coverage in the admin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsroom.epaper.models import PageScan, Zone
from tests.factories import make_edition, make_issue, make_page, make_user

from .files import make_scan, make_zone, pdf_bytes

pytestmark = pytest.mark.django_db


def logged_in(role: str | None = None, *, superuser: bool = False) -> Client:
    client = Client()
    client.force_login(make_user(role, superuser=superuser))
    return client


def zone_form(scan, zones: list[dict], *, initial: int = 0) -> dict:
    data = {
        "zones-TOTAL_FORMS": str(len(zones)),
        "zones-INITIAL_FORMS": str(initial),
        "zones-MIN_NUM_FORMS": "0",
        "zones-MAX_NUM_FORMS": "1000",
    }
    for n, zone in enumerate(zones):
        data |= {f"zones-{n}-{key}": value for key, value in ({"status": "accepted"} | zone).items()}
        data[f"zones-{n}-scan"] = str(scan.pk)
    return data


@pytest.mark.parametrize("role", ["编辑", "总编"])
def test_editors_and_chief_editors_may_upload_a_page_pdf(role):
    page = make_page()
    upload = SimpleUploadedFile("01.pdf", pdf_bytes(), content_type="application/pdf")
    response = logged_in(role).post(
        reverse("admin:epaper_pagescan_add"), {"page": page.pk, "upload": upload}
    )
    assert response.status_code == 302
    scan = PageScan.objects.get(page=page)
    assert scan.kind == "pdf" and scan.renditions.count() == 4


def test_reporters_may_not_upload_scans():
    assert logged_in("记者").get(reverse("admin:epaper_pagescan_add")).status_code == 403


def test_refused_upload_shows_the_reason_on_the_form():
    page = make_page()
    upload = SimpleUploadedFile("01.pdf", pdf_bytes(pages=2), content_type="application/pdf")
    response = logged_in("编辑").post(reverse("admin:epaper_pagescan_add"), {"page": page.pk, "upload": upload})
    assert response.status_code == 200
    assert "“01.pdf”有 2 页；每个版面文件只能有一页。" in response.content.decode()
    assert not PageScan.objects.exists()


def test_add_without_a_file_asks_for_one():
    response = logged_in("编辑").post(reverse("admin:epaper_pagescan_add"), {"page": make_page().pk})
    assert "请选择版面文件。" in response.content.decode()


def test_change_form_shows_the_zone_editor_over_the_scan():
    scan = make_scan(make_page())
    html = logged_in("编辑").get(reverse("admin:epaper_pagescan_change", args=[scan.pk])).content.decode()
    assert "data-zone-editor" in html and "epaper/zone-editor.js" in html
    assert 'data-zone-field="x"' in html


def test_change_form_loads_the_scan_once():
    scan = make_scan(make_page())
    client = logged_in(superuser=True)
    url = reverse("admin:epaper_pagescan_change", args=[scan.pk])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    editor_image = response.context["editor_image"]
    assert editor_image.format == "jpg" and editor_image.width <= 1400
    scan_reads = [q["sql"] for q in captured.captured_queries if 'FROM "epaper_pagescan"' in q["sql"]]
    assert len(scan_reads) == 1


def test_zone_editor_offers_only_the_pages_articles():
    edition = make_edition()
    scan = make_scan(edition.pages[0])
    html = logged_in("编辑").get(reverse("admin:epaper_pagescan_change", args=[scan.pk])).content.decode()
    assert edition.photo_story.headline in html
    assert edition.inner.headline not in html


def test_zones_are_saved_from_the_inline():
    edition = make_edition()
    scan = make_scan(edition.pages[0])
    data = zone_form(scan, [{"article": edition.lead.pk, "x": "0.1", "y": "0.2", "w": "0.5", "h": "0.3"}])
    response = logged_in("编辑").post(reverse("admin:epaper_pagescan_change", args=[scan.pk]), data)
    assert response.status_code == 302
    zone = Zone.objects.get()
    assert (zone.article, zone.x, zone.y, zone.w, zone.h) == (edition.lead, 0.1, 0.2, 0.5, 0.3)


@pytest.mark.parametrize(
    "values, message",
    [
        ({"x": "0.8", "y": "0.1", "w": "0.3", "h": "0.2"}, "超出版面右边"),
        ({"x": "0.1", "y": "0.9", "w": "0.3", "h": "0.2"}, "超出版面下边"),
        ({"x": "-0.1", "y": "0.1", "w": "0.3", "h": "0.2"}, "必须在 0 到 1 之间"),
        ({"x": "0.1", "y": "0.1", "w": "0", "h": "0.2"}, "区域的宽和高必须大于 0"),
    ],
    ids=["right", "bottom", "negative", "zero width"],
)
def test_zone_outside_the_page_or_of_zero_size_is_refused_in_the_admin(values, message):
    edition = make_edition()
    scan = make_scan(edition.pages[0])
    data = zone_form(scan, [{"article": edition.lead.pk, **values}])
    response = logged_in("编辑").post(reverse("admin:epaper_pagescan_change", args=[scan.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Zone.objects.exists()


def test_zone_can_be_deleted_from_the_inline():
    edition = make_edition()
    scan = make_scan(edition.pages[0])
    zone = make_zone(scan, edition.lead)
    data = zone_form(
        scan,
        [{"id": zone.pk, "article": edition.lead.pk, "x": "0.1", "y": "0.1", "w": "0.3", "h": "0.2", "DELETE": "on"}],
        initial=1,
    )
    assert logged_in("总编").post(reverse("admin:epaper_pagescan_change", args=[scan.pk]), data).status_code == 302
    assert not Zone.objects.exists()


def test_new_file_on_the_change_form_replaces_the_scan_and_keeps_zones():
    edition = make_edition()
    scan = make_scan(edition.pages[0])
    zone = make_zone(scan, edition.lead)
    data = zone_form(
        scan, [{"id": zone.pk, "article": edition.lead.pk, "x": "0.1", "y": "0.1", "w": "0.3", "h": "0.2"}], initial=1
    )
    data["upload"] = SimpleUploadedFile("01.pdf", pdf_bytes(width=400, height=600), content_type="application/pdf")
    response = logged_in("编辑").post(reverse("admin:epaper_pagescan_change", args=[scan.pk]), data)
    assert response.status_code == 302
    replaced = PageScan.objects.get()
    assert replaced.content_hash != scan.content_hash
    assert list(replaced.zones.all()) == [zone]


def test_deleting_a_scan_in_the_admin_removes_it():
    scan = make_scan(make_page())
    response = logged_in("总编").post(reverse("admin:epaper_pagescan_delete", args=[scan.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not PageScan.objects.exists()


def test_changelist_lists_scans_with_zone_counts(django_assert_max_num_queries):
    edition = make_edition()
    scan = make_scan(edition.pages[0])
    make_zone(scan, edition.lead)
    make_scan(edition.pages[1])
    client = logged_in(superuser=True)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("admin:epaper_pagescan_changelist")).content.decode()
    assert html.count('class="nr-scan-thumb"') == 2
    assert "按期查看与批量上传" in html
    assert f'href="{edition.pages[0].get_absolute_url()}" target="_blank" rel="noopener"' in html


def test_issue_report_names_pages_without_scan_and_articles_without_zone():
    edition = make_edition()
    scan = make_scan(edition.pages[0])
    make_zone(scan, edition.lead)
    html = logged_in("编辑").get(reverse("admin:epaper_pagescan_issue", args=[edition.issue.pk])).content.decode()
    assert html.count("缺版面文件") == 3
    assert reverse("admin:app_list", kwargs={"app_label": "epaper"}) in html
    assert f'<a href="{reverse("admin:epaper_pagescan_issues")}">按期查看</a>' in html
    assert edition.photo_story.headline in html and edition.inner.headline in html
    assert f"{edition.lead.headline}</li>" not in html


def test_issues_overview_counts_missing_pages():
    edition = make_edition()
    make_scan(edition.pages[0])
    html = logged_in("编辑").get(reverse("admin:epaper_pagescan_issues")).content.decode()
    assert "缺 3 版" in html and edition.issue.date_line in html


def test_bulk_upload_attaches_good_files_and_reports_bad_ones():
    issue = make_issue()
    for n in (1, 2):
        make_page(issue=issue, number=n, section=f"版{n}")
    files = [
        SimpleUploadedFile("01.pdf", pdf_bytes(), content_type="application/pdf"),
        SimpleUploadedFile("02.pdf", pdf_bytes(pages=2), content_type="application/pdf"),
    ]
    client = logged_in("编辑")
    url = reverse("admin:epaper_pagescan_issue", args=[issue.pk])
    response = client.post(url, {"files": files}, follow=True)
    html = response.content.decode()
    assert "01.pdf：已上传" in html
    assert "02.pdf：“02.pdf”有 2 页" in html
    assert list(PageScan.objects.values_list("page__number", flat=True)) == [1]


def test_bulk_upload_reports_an_empty_file_and_attaches_the_rest():
    issue = make_issue()
    for n in (1, 2):
        make_page(issue=issue, number=n, section=f"版{n}")
    files = [
        SimpleUploadedFile("01.pdf", pdf_bytes(), content_type="application/pdf"),
        SimpleUploadedFile("02.pdf", b"", content_type="application/pdf"),
    ]
    url = reverse("admin:epaper_pagescan_issue", args=[issue.pk])
    html = logged_in("编辑").post(url, {"files": files}, follow=True).content.decode()
    assert "01.pdf：已上传" in html
    assert "02.pdf：“02.pdf”是空文件" in html
    assert list(PageScan.objects.values_list("page__number", flat=True)) == [1]


def test_bulk_upload_without_files_is_a_form_error():
    issue = make_issue()
    make_page(issue=issue, number=1)
    response = logged_in("编辑").post(reverse("admin:epaper_pagescan_issue", args=[issue.pk]), {})
    assert response.status_code == 200
    assert response.context["form"].errors["files"]
    assert 'accept=".pdf,.jpg,.jpeg,.png"' in response.content.decode()
    assert not PageScan.objects.exists()


def test_bulk_upload_is_not_offered_to_reporters():
    issue = make_issue()
    assert logged_in("记者").get(reverse("admin:epaper_pagescan_issue", args=[issue.pk])).status_code == 403


def test_editor_group_has_the_epaper_permissions():
    user = make_user("编辑")
    assert user.has_perms(["epaper.add_pagescan", "epaper.change_pagescan", "epaper.add_zone", "epaper.delete_zone"])
    assert not make_user("记者").has_perm("epaper.add_pagescan")


def test_oversized_upload_is_refused_on_the_form(settings):
    settings.NEWSROOM_MAX_UPLOAD_BYTES = 100
    upload = SimpleUploadedFile("01.pdf", pdf_bytes(), content_type="application/pdf")
    response = logged_in("编辑").post(reverse("admin:epaper_pagescan_add"), {"page": make_page().pk, "upload": upload})
    assert "超过上限" in response.content.decode()
    assert not PageScan.objects.exists()


def test_scan_page_shows_what_auto_zoning_found():
    edition = make_edition()
    scan = make_scan(edition.pages[0])
    scan.zoning_report = {
        "text_layer": True,
        "proposed": 1,
        "missed": [{"id": edition.photo_story.pk, "headline": "红帆驿站"}],
        "unmatched": [{"text": "诚聘英才 咨询电话0537-2345678", "box": [0.6, 0.8, 0.3, 0.02]}],
    }
    scan.save()
    html = logged_in("编辑").get(reverse("admin:epaper_pagescan_change", args=[scan.pk])).content.decode()
    assert "建议了 1 个区域" in html and "<li>红帆驿站</li>" in html and "<li>诚聘英才 咨询电话0537-2345678</li>" in html


def test_scan_page_says_to_draw_by_hand_without_a_text_layer():
    scan = make_scan(make_edition().pages[0])  # an image-only PDF
    html = logged_in("编辑").get(reverse("admin:epaper_pagescan_change", args=[scan.pk])).content.decode()
    assert "版面文件没有文字层" in html and "手工画区域" in html


def test_editor_accepts_the_proposed_zones_of_selected_scans():
    edition = make_edition()
    scan = make_scan(edition.pages[0])
    proposed = make_zone(scan, edition.lead, status="proposed")
    response = logged_in("编辑").post(
        reverse("admin:epaper_pagescan_changelist"), {"action": "accept_proposed", "_selected_action": [scan.pk]}
    )
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == "accepted"


def test_polygon_points_are_saved_from_the_inline_with_their_bounding_box():
    edition = make_edition()
    scan = make_scan(edition.pages[0])
    points = "[[0.1, 0.2], [0.6, 0.2], [0.6, 0.4], [0.3, 0.4], [0.3, 0.7], [0.1, 0.7]]"
    data = zone_form(scan, [{"article": edition.lead.pk, "x": "0", "y": "0", "w": "0.1", "h": "0.1", "points": points}])
    response = logged_in("编辑").post(reverse("admin:epaper_pagescan_change", args=[scan.pk]), data)
    assert response.status_code == 302
    zone = Zone.objects.get()
    assert (zone.x, zone.y, zone.w, zone.h) == pytest.approx((0.1, 0.2, 0.5, 0.5))
    assert zone.points[3] == [0.3, 0.4]


def test_a_bad_polygon_is_refused_by_the_inline_saying_why():
    edition = make_edition()
    scan = make_scan(edition.pages[0])
    data = zone_form(scan, [{"article": edition.lead.pk, "x": "0", "y": "0", "w": "0.1", "h": "0.1", "points": "[[0.1, 0.2], [1.5, 0.2], [0.3, 0.4]]"}])
    response = logged_in("编辑").post(reverse("admin:epaper_pagescan_change", args=[scan.pk]), data)
    assert response.status_code == 200
    assert "第 2 个顶点 (1.5, 0.2) 超出版面" in response.content.decode()
    assert not Zone.objects.exists()
