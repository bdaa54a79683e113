"""Auto-zoning as editors meet it: attaching a page PDF proposes its
articles' zones, reports the text that belongs to no article, and falls back
to hand drawing for a page without a text layer."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.support.overlap import iou
from newsroom.epaper import services, zoning
from newsroom.epaper.models import Zone
from newsroom.ops import pagecache
from tests.factories import make_article, make_page, make_photo, make_user

from .files import image_bytes, make_scan, make_zone, newspaper_pdf, pdf_bytes, printed_page

pytestmark = pytest.mark.django_db

LEAD = "济宁高新区召开党工委扩大会议，研究部署下半年重点工作，要求各部门单位全力以赴抓好经济运行。" * 6
SECOND = "区教体局召开暑期校园安全工作会议，要求各校落实安全责任，确保师生平安度过假期。" * 14
THIRD = "洸河街道加快推进老旧小区改造，先后走访二百名群众，现场解决问题三十个。" * 8


@pytest.fixture
def page_articles():
    page = make_page()
    lead = make_article(page=page, headline="高新区召开党工委扩大会议", deck="确保全年任务按时完成", body=f"{LEAD}\n\n{LEAD}")
    second = make_article(page=page, headline="区教体局部署校园安全", body=SECOND)
    third = make_article(page=page, headline="洸河街道老旧小区改造见实效", body=THIRD)
    photo = make_article(page=page, headline="红帆驿站", body="")
    make_photo(photo, caption="图为济宁高新区首家“红帆驿站”落户洸河街道，为快递小哥提供歇脚的地方。")
    return page, [lead, second, third], photo


@pytest.fixture
def laid(page_articles):
    _page, articles, photo = page_articles
    return printed_page(articles, masthead="济宁高新区报", ad="诚聘英才 咨询电话0537-2345678", photo_story=photo)


def _shapes(zones):
    return [zone.outline for zone in zones]


def test_attaching_a_page_pdf_proposes_a_zone_where_each_article_is_printed(page_articles, laid):
    page, articles, photo = page_articles
    result = services.attach_scan(page=page, name="01.pdf", data=laid.pdf)
    zones = Zone.objects.filter(scan=result.scan)
    assert {z.status for z in zones} == {"proposed"}
    for article in [*articles, photo]:
        mine = [z for z in zones if z.article_id == article.pk]
        truth = [[(l, t), (r, t), (r, b), (l, b)] for l, t, r, b in laid.truth[article.pk]]
        assert iou(_shapes(mine), truth) >= 0.9, article.headline


def test_a_story_wrapping_round_a_photo_story_is_proposed_as_a_polygon(page_articles, laid):
    page, (_lead, second, _third), _photo = page_articles
    scan = services.attach_scan(page=page, name="01.pdf", data=laid.pdf).scan
    zone = scan.zones.get(article=second)
    assert zone.is_polygon and len(zone.points) == 6
    zone.full_clean()  # the stored polygon passes the editors' validation


def test_text_of_no_article_is_reported_on_the_scan(page_articles, laid):
    page, _articles, _photo = page_articles
    result = services.attach_scan(page=page, name="01.pdf", data=laid.pdf)
    report = result.scan.zoning_report
    texts = [u["text"] for u in report["unmatched"]]
    assert report["text_layer"] is True and report["proposed"] == 4 and report["missed"] == []
    assert any("济宁高新区报" in t for t in texts) and any("诚聘英才" in t for t in texts)
    assert "2 段文字不属于任何稿件" in result.zoning.summary


def test_an_article_not_printed_on_the_page_is_reported_missing(page_articles, laid):
    page, _articles, _photo = page_articles
    extra = make_article(page=page, headline="未见报的稿件", body="这篇稿件没有排进版面。")
    result = services.attach_scan(page=page, name="01.pdf", data=laid.pdf)
    assert result.zoning.missed == [extra]
    assert result.scan.zoning_report["missed"] == [{"id": extra.pk, "headline": "未见报的稿件"}]
    assert "1 篇未找到：未见报的稿件" in result.zoning.summary


def test_a_scanned_image_falls_back_to_hand_drawing(page_articles):
    page, _articles, _photo = page_articles
    result = services.attach_scan(page=page, name="01.jpg", data=image_bytes())
    assert result.scan.zoning_report["text_layer"] is False and not result.scan.zones.exists()
    assert result.zoning.summary == "版面文件没有文字层（扫描图），请手工画区域。"


def test_an_image_only_pdf_falls_back_to_hand_drawing(page_articles):
    page, _articles, _photo = page_articles
    result = services.attach_scan(page=page, name="01.pdf", data=newspaper_pdf())
    assert result.scan.zoning_report["text_layer"] is False and not result.scan.zones.exists()


def test_proposing_again_keeps_accepted_zones_and_replaces_proposals(page_articles, laid):
    page, (lead, second, _third), _photo = page_articles
    scan = make_scan(page, data=pdf_bytes())
    drawn = make_zone(scan, lead, x=0.0, y=0.0, w=0.5, h=0.1)
    stale = make_zone(scan, second, status="proposed")
    zoning.propose_zones(scan=scan, data=laid.pdf)
    assert scan.zones.filter(article=lead).get() == drawn
    assert not scan.zones.filter(pk=stale.pk).exists()
    assert scan.zones.proposed().filter(article=second).count() == 1


def test_proposing_reads_the_stored_pdf_when_given_no_bytes(page_articles, laid):
    page, _articles, _photo = page_articles
    scan = services.attach_scan(page=page, name="01.pdf", data=laid.pdf).scan
    scan.zones.all().delete()
    assert len(zoning.propose_zones(scan=scan).proposed) == 4


def test_accepting_proposals_shows_them_to_readers(page_articles, laid, client):
    page, (lead, *_rest), _photo = page_articles
    scan = services.attach_scan(page=page, name="01.pdf", data=laid.pdf).scan
    zone = scan.zones.get(article=lead)
    assert f'id="zone-{zone.pk}"' not in client.get(page.get_absolute_url()).content.decode()
    assert zoning.accept_zones(zones=scan.zones.proposed()) == 4
    assert zoning.accept_zones(zones=scan.zones.all()) == 0
    assert f'id="zone-{zone.pk}"' in client.get(page.get_absolute_url()).content.decode()


def test_attach_scans_reports_the_proposals_per_file(page_articles, laid, tmp_path):
    page, _articles, _photo = page_articles
    (tmp_path / "01.pdf").write_bytes(laid.pdf)
    out = __import__("io").StringIO()
    call_command("attach_scans", str(tmp_path), "--issue", f"{page.issue.date:%Y-%m-%d}", stdout=out)
    assert "01.pdf: attached — 自动找到 4 篇稿件的 4 个区域，待确认" in out.getvalue()


def test_uploading_an_issues_page_pdfs_in_the_admin_proposes_their_zones_in_one_step(page_articles, laid):
    page, _articles, _photo = page_articles
    editor = Client()
    editor.force_login(make_user("编辑"))
    upload = SimpleUploadedFile(f"{page.number:02d}.pdf", laid.pdf, content_type="application/pdf")
    url = reverse("admin:epaper_pagescan_issue", args=[page.issue.pk])
    html = editor.post(url, {"files": [upload]}, follow=True).content.decode()
    assert "自动找到 4 篇稿件的 4 个区域，待确认" in html
    assert Zone.objects.filter(scan__page=page, status="proposed").count() == 4


def test_a_pdf_whose_text_cannot_be_read_falls_back_to_hand_drawing(page_articles):
    page, _articles, _photo = page_articles
    scan = make_scan(page, data=pdf_bytes())
    result = zoning.propose_zones(scan=scan, data=b"%PDF-1.4 this is no PDF")
    assert result.text_layer is False and scan.zoning_report["text_layer"] is False


def test_a_proposal_at_the_page_edge_or_too_thin_is_stored_within_the_rules(page_articles):
    page, (lead, *_rest), _photo = page_articles
    scan = make_scan(page, data=pdf_bytes())
    edge = zoning._zone(scan, lead, ((0.33333333, 0.5), (1.0000001, 0.5), (1.0000001, 1.0), (0.33333333, 1.0)))
    edge.full_clean()
    assert edge.x + edge.w <= 1 and edge.y + edge.h <= 1
    assert zoning._zone(scan, lead, ((0.1, 0.1), (0.2, 0.1), (0.2, 0.1000001), (0.1, 0.1000001))) is None


def test_accepting_proposals_reaches_readers_of_a_page_already_cached(
    page_articles, laid, client, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PAGE_CACHE_TIMEOUT = 300
    cache.clear()
    pagecache.forget_versions()
    page, (lead, *_rest), _photo = page_articles
    with django_capture_on_commit_callbacks(execute=True):
        scan = services.attach_scan(page=page, name="01.pdf", data=laid.pdf).scan
    zone = scan.zones.get(article=lead)
    client.get(page.get_absolute_url())
    assert client.get(page.get_absolute_url())["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        zoning.accept_zones(zones=scan.zones.proposed())
    assert f'id="zone-{zone.pk}"' in client.get(page.get_absolute_url()).content.decode()
