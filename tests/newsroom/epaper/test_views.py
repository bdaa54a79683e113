"""The reading mode on the reader site: the scan with zone links (an SVG
overlay of polygons), the page and issue PDF downloads, and the way back from
an article to its zone."""

import io
import re

import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from newsroom.epaper.models import IssuePdf
from newsroom.epaper.services import record_scan_change
from tests.factories import make_article, make_edition, make_user, processed, set_publication

from .files import image_bytes, make_scan, make_zone, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(db):
    set_publication(hotline="6557709")
    return make_edition()


@pytest.fixture
def scanned(edition):
    """The edition's front page with a scan and a zone for the lead story."""
    scan = make_scan(edition.pages[0])
    zone = make_zone(scan, edition.lead, x=0.05, y=0.1, w=0.9, h=0.3)
    return scan, zone


def test_scanned_page_shows_the_scan_with_each_zone_as_a_link_to_its_article(client, edition, scanned):
    _scan, zone = scanned
    html = client.get(edition.pages[0].get_absolute_url()).content.decode()
    link = re.search(rf'<a id="zone-{zone.pk}" class="scan__zone" href="([^"]+)">(.*?)</a>', html)
    assert link and link[1] == edition.lead.get_absolute_url()
    assert "党工委（扩大）会议" in link[2]


def test_scan_replaces_the_text_layout_but_keeps_the_headline_navigation(client, edition, scanned):
    html = client.get(edition.pages[0].get_absolute_url()).content.decode()
    assert 'class="scan"' in html and 'class="stories"' not in html
    assert "标题导航" in html and edition.photo_story.get_absolute_url() in html


def test_scan_image_offers_webp_and_jpeg_at_every_width(client, edition, scanned):
    html = client.get(edition.pages[0].get_absolute_url()).content.decode()
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)"', html)[1]
    assert re.findall(r"\.webp (\d+)w", webp) == ["200", "400"]
    assert 'width="400" height="600"' in html


def test_page_without_a_scan_keeps_the_text_layout(client, edition, scanned):
    html = client.get(edition.pages[1].get_absolute_url()).content.decode()
    assert 'class="stories"' in html and 'class="scan"' not in html and "scan__zones" not in html


def test_scanned_page_can_switch_to_the_text_layout(client, edition, scanned):
    html = client.get(edition.pages[0].get_absolute_url() + "?layout=text").content.decode()
    assert 'class="stories"' in html and 'class="scan"' not in html
    assert "查看版面原貌" in html


def test_zone_of_an_unpublished_article_is_not_a_link_for_readers(client, edition, scanned):
    scan, _zone = scanned
    draft = make_article(page=edition.pages[0], status=Article.Status.DRAFT, headline="未发布稿件")
    hidden = make_zone(scan, draft, x=0.1, y=0.6, w=0.2, h=0.2)
    html = client.get(edition.pages[0].get_absolute_url()).content.decode()
    assert f"zone-{hidden.pk}" not in html and "未发布稿件" not in html


def test_staff_preview_links_the_zone_of_an_unpublished_article(client, edition, scanned):
    scan, _zone = scanned
    draft = make_article(page=edition.pages[0], status=Article.Status.DRAFT, headline="未发布稿件")
    shown = make_zone(scan, draft, x=0.1, y=0.6, w=0.2, h=0.2)
    client.force_login(make_user(superuser=True))
    assert f'id="zone-{shown.pk}"' in client.get(edition.pages[0].get_absolute_url()).content.decode()


def test_previous_and_next_page_links_stay_on_a_scanned_page(client, edition):
    make_scan(edition.pages[1])
    html = client.get(edition.pages[1].get_absolute_url()).content.decode()
    assert f'<a rel="prev" href="{edition.pages[0].get_absolute_url()}"' in html
    assert f'<a rel="next" href="{edition.pages[2].get_absolute_url()}"' in html


def test_viewport_lets_readers_pinch_zoom_the_scan(client, edition, scanned):
    html = client.get(edition.pages[0].get_absolute_url()).content.decode()
    viewport = re.search(r'<meta name="viewport" content="([^"]+)"', html)[1]
    assert "user-scalable" not in viewport and "maximum-scale" not in viewport


def test_scan_page_has_no_inline_script_or_style(client, edition, scanned):
    html = client.get(edition.pages[0].get_absolute_url()).content.decode()
    # JSON-LD data, or a script file of the site's own (the page turner, the 关怀版 switch's memory); never inline code.
    assert "style=" not in html and not re.search(r"<script(?![^>]*(application/ld\+json|src=\"/static/))", html)
    assert not re.search(r"\son[a-z]+=", html)


def test_rectangle_zone_is_a_polygon_in_the_scan_pixels(client, edition, scanned):
    _scan, zone = scanned
    html = client.get(edition.pages[0].get_absolute_url()).content.decode()
    assert '<svg class="scan__zones" viewBox="0 0 400 600"' in html
    shape = re.search(rf'<a id="zone-{zone.pk}"[^>]*>.*?<polygon class="scan__shape" points="([^"]+)"', html)
    assert shape[1] == "20.0,60.0 380.0,60.0 380.0,240.0 20.0,240.0"


def test_polygon_zone_is_drawn_with_its_points(client, edition, scanned):
    scan, _zone = scanned
    points = [[0.1, 0.5], [0.5, 0.5], [0.5, 0.6], [0.3, 0.6], [0.3, 0.9], [0.1, 0.9]]
    zone = make_zone(scan, edition.photo_story, points=points)
    html = client.get(edition.pages[0].get_absolute_url()).content.decode()
    shape = re.search(rf'<a id="zone-{zone.pk}"[^>]*>.*?<polygon class="scan__shape" points="([^"]+)"', html)
    assert shape[1] == "40.0,300.0 200.0,300.0 200.0,360.0 120.0,360.0 120.0,540.0 40.0,540.0"


def test_both_pages_zones_of_a_jump_story_lead_to_the_whole_story(client, edition, scanned):
    _scan, front_zone = scanned
    continuation = make_article(page=edition.pages[1], headline="党工委(扩大)会议", body="（上接第1版）上半年经济增长。")
    Article.objects.filter(pk=edition.lead.pk).update(continues=continuation)
    inner_zone = make_zone(make_scan(edition.pages[1]), continuation)
    front = client.get(edition.pages[0].get_absolute_url()).content.decode()
    inner = client.get(edition.pages[1].get_absolute_url()).content.decode()
    assert f'id="zone-{front_zone.pk}" class="scan__zone" href="{edition.lead.get_absolute_url()}"' in front
    assert f'id="zone-{inner_zone.pk}" class="scan__zone" href="{continuation.get_absolute_url()}"' in inner
    response = client.get(continuation.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == f"{edition.lead.get_absolute_url()}#part-{continuation.pk}"

def test_zone_link_is_named_by_its_headline(client, edition, scanned):
    _scan, zone = scanned
    html = client.get(edition.pages[0].get_absolute_url()).content.decode()
    assert re.search(rf'<a id="zone-{zone.pk}"[^>]*><title>济宁高新区召开2019年第20次党工委（扩大）会议</title>', html)


def test_zones_follow_the_print_order_of_their_articles(client, edition, scanned):
    scan, lead_zone = scanned
    # The photo story prints after the lead but its zone sits higher on the page.
    photo_zone = make_zone(scan, edition.photo_story, x=0.05, y=0.01, w=0.2, h=0.05)
    html = client.get(edition.pages[0].get_absolute_url()).content.decode()
    assert html.index(f'id="zone-{lead_zone.pk}"') < html.index(f'id="zone-{photo_zone.pk}"')


def test_thumbnail_rail_shows_every_page_of_the_issue_marking_this_one(client, edition, scanned):
    scan, _zone = scanned
    html = client.get(edition.pages[0].get_absolute_url()).content.decode()
    rail = html[html.index('class="rail"') :]
    links = re.findall(r'<a class="rail__link" href="([^"]+)"( aria-current="page")?>', rail)
    assert [url for url, _ in links] == [p.get_absolute_url() for p in edition.pages]
    assert [bool(current) for _, current in links] == [True, False, False, False]
    assert rail.count('class="rail__thumb"') == 1 and scan.jpegs()[0].url in rail


def test_zoom_links_target_the_scrollable_page_image(client, edition, scanned):
    html = client.get(edition.pages[0].get_absolute_url()).content.decode()
    assert '<a class="scan__zoom-in" href="#scan-zoom">放大版面</a>' in html
    assert 'id="scan-zoom" role="region"' in html and 'tabindex="0"' in html


def test_proposed_zone_is_not_shown_to_readers(client, edition, scanned):
    scan, _zone = scanned
    proposed = make_zone(scan, edition.photo_story, status="proposed")
    assert f'id="zone-{proposed.pk}"' not in client.get(edition.pages[0].get_absolute_url()).content.decode()


def test_article_does_not_link_back_to_a_proposed_zone(client, edition, scanned):
    scan, _zone = scanned
    make_zone(scan, edition.photo_story, status="proposed")
    assert "在版面原貌上查看本文" not in client.get(edition.photo_story.get_absolute_url()).content.decode()


def test_page_pdf_download_is_the_uploaded_pdf(client, edition):
    data = pdf_bytes()
    make_scan(edition.pages[0], data=data)
    response = client.get(edition.pages[0].get_absolute_url() + "page.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{edition.issue.date:%Y-%m-%d}-01.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == data


def test_page_pdf_of_an_image_scan_is_made_from_the_image(client, edition):
    make_scan(edition.pages[0], data=image_bytes("JPEG"), name="01.jpg")
    body = b"".join(client.get(edition.pages[0].get_absolute_url() + "page.pdf").streaming_content)
    assert len(pypdf.PdfReader(io.BytesIO(body)).pages) == 1


def test_page_pdf_of_a_page_without_scan_is_not_found(client, edition):
    assert client.get(edition.pages[1].get_absolute_url() + "page.pdf").status_code == 404


def test_issue_pdf_download_merges_all_scanned_pages(client, edition):
    for page in edition.pages[:3]:
        make_scan(page)
    response = client.get(f"/issues/{edition.issue.date:%Y-%m-%d}/issue.pdf")
    assert response.status_code == 200
    assert len(pypdf.PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages) == 3
    assert IssuePdf.objects.get().issue == edition.issue


def test_issue_pdf_without_any_scan_is_not_found(client, edition):
    assert client.get(f"/issues/{edition.issue.date:%Y-%m-%d}/issue.pdf").status_code == 404


def test_pdfs_of_an_unpublished_issue_are_not_public(client, edition):
    make_scan(edition.pages[0])
    Article.objects.update(status=Article.Status.DRAFT)
    assert client.get(edition.pages[0].get_absolute_url() + "page.pdf").status_code == 404
    assert client.get(f"/issues/{edition.issue.date:%Y-%m-%d}/issue.pdf").status_code == 404


def test_article_links_back_to_its_zone_on_the_scan(client, edition, scanned):
    _scan, zone = scanned
    html = client.get(edition.lead.get_absolute_url()).content.decode()
    assert f'href="{edition.pages[0].get_absolute_url()}#zone-{zone.pk}"' in html
    assert f"在版面原貌上查看本文（第{edition.pages[0].number:02d}版）" in html


def test_article_in_two_zones_links_to_the_topmost(client, edition, scanned):
    scan, upper = scanned
    lower = make_zone(scan, edition.lead, x=0.05, y=0.6, w=0.9, h=0.3)
    html = client.get(edition.lead.get_absolute_url()).content.decode()
    assert f"#zone-{upper.pk}\"" in html and f"#zone-{lower.pk}\"" not in html


def test_article_without_a_zone_has_no_link_to_the_scan(client, edition, scanned):
    assert "在版面原貌上查看本文" not in client.get(edition.photo_story.get_absolute_url()).content.decode()


@pytest.mark.parametrize("zones", [0, 20])
def test_scan_page_query_count_does_not_grow_with_zones(client, edition, zones, django_assert_num_queries):
    """The reader's page queries, plus the issue's scans with their
    renditions, whether this reader may see their prints, and the page's zones."""
    page = edition.pages[0]
    scan = make_scan(page)
    articles = [make_article(page=page, headline=f"稿件{n}") for n in range(zones)]
    for n, article in enumerate(articles):
        make_zone(scan, article, x=0.0, y=n * 0.05, w=0.5, h=0.04)
    with django_assert_num_queries(12):
        response = client.get(page.get_absolute_url())
    assert response.content.decode().count('class="scan__zone"') == zones


def test_text_page_costs_one_query_more_than_the_reader_site(client, edition, django_assert_num_queries):
    with django_assert_num_queries(10):
        assert client.get(edition.pages[1].get_absolute_url()).status_code == 200


@pytest.fixture
def reuse_reads(settings):
    from articles import reuse

    settings.NEWSROOM_REUSE_READS = True
    reuse.forget()
    yield
    reuse.forget()


def test_a_second_reader_of_a_scanned_page_reuses_its_scans_and_zones(client, edition, scanned, reuse_reads):
    url = edition.pages[0].get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert f'id="zone-{scanned[1].pk}"' in html
    assert not any('FROM "epaper_' in query["sql"] for query in queries.captured_queries)


def test_a_zone_saved_through_the_service_shows_to_the_next_reader(client, edition, scanned, reuse_reads):
    scan, _zone = scanned
    client.get(edition.pages[0].get_absolute_url())
    added = make_zone(scan, edition.photo_story, x=0.1, y=0.6, w=0.2, h=0.2)
    record_scan_change(page=edition.pages[0], action="zones")
    processed()
    assert f'id="zone-{added.pk}"' in client.get(edition.pages[0].get_absolute_url()).content.decode()


def test_a_staff_preview_of_a_zone_is_never_reused_for_readers(client, edition, scanned, reuse_reads):
    scan, _zone = scanned
    draft = make_article(page=edition.pages[0], status=Article.Status.DRAFT, headline="未发布稿件")
    shown = make_zone(scan, draft, x=0.1, y=0.6, w=0.2, h=0.2)
    client.force_login(make_user(superuser=True))
    assert f'id="zone-{shown.pk}"' in client.get(edition.pages[0].get_absolute_url()).content.decode()
    client.logout()
    assert f'id="zone-{shown.pk}"' not in client.get(edition.pages[0].get_absolute_url()).content.decode()
