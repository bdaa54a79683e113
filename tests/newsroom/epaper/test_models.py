import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from newsroom.epaper.models import PageScan, Zone
from tests.factories import make_article, make_page

from .files import make_scan, make_zone

pytestmark = pytest.mark.django_db


@pytest.fixture
def scan():
    return make_scan(make_page())


@pytest.mark.parametrize(
    "x, y, w, h",
    [(0.8, 0.1, 0.3, 0.2), (0.1, 0.9, 0.2, 0.2), (-0.1, 0.1, 0.2, 0.2)],
    ids=["past right edge", "past bottom edge", "negative"],
)
def test_database_refuses_a_zone_outside_the_page(scan, x, y, w, h):
    article = make_article(page=scan.page)
    with pytest.raises(IntegrityError, match="zone_inside_page"), transaction.atomic():
        Zone.objects.create(scan=scan, article=article, x=x, y=y, w=w, h=h)


@pytest.mark.parametrize("w, h", [(0, 0.2), (0.2, 0), (-0.1, 0.2)])
def test_database_refuses_a_zone_without_area(scan, w, h):
    article = make_article(page=scan.page)
    with pytest.raises(IntegrityError, match="zone_positive_size"), transaction.atomic():
        Zone.objects.create(scan=scan, article=article, x=0.5, y=0.5, w=w, h=h)


def test_zone_reaching_exactly_the_page_edges_is_allowed(scan):
    zone = make_zone(scan, make_article(page=scan.page), x=0.3, y=0.7, w=0.7, h=0.3)
    zone.full_clean()


def test_zone_of_an_article_on_another_page_is_refused_by_clean(scan):
    other = make_article(page=make_page(issue=scan.page.issue, number=2, section="要闻"))
    zone = Zone(scan=scan, article=other, x=0.1, y=0.1, w=0.2, h=0.2)
    with pytest.raises(ValidationError) as caught:
        zone.full_clean()
    assert "不在这一版上" in caught.value.message_dict["article"][0]


def test_zone_links_to_itself_on_the_page(scan):
    zone = make_zone(scan, make_article(page=scan.page, headline="红帆驿站"))
    assert zone.get_absolute_url() == f"{scan.page.get_absolute_url()}#zone-{zone.pk}"
    assert str(zone).startswith("红帆驿站 (0.10, 0.10")


def test_scan_names_its_page_and_offers_its_pdf_url(scan):
    assert str(scan) == str(scan.page)
    assert scan.pdf_url == scan.page.get_absolute_url() + "page.pdf"


def test_a_scans_zones_and_renditions_are_read_without_joins(scan):
    # Ordering by the scan relation itself would join the scan, page and issue
    # for PageScan's own ordering, on every read of a scan's zones or images.
    for queryset in (scan.zones.all(), scan.renditions.all()):
        assert " JOIN " not in str(queryset.query)


def test_jpegs_are_narrowest_first_from_the_prefetch(scan, django_assert_num_queries):
    fetched = PageScan.objects.prefetch_related("renditions").get(pk=scan.pk)
    with django_assert_num_queries(0):
        jpegs = fetched.jpegs()
    assert jpegs and all(r.format == "jpg" for r in jpegs)
    assert [r.width for r in jpegs] == sorted(r.width for r in jpegs)
