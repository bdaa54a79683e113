"""House rules of the core's models: default order on their own columns,
dates in the paper's time zone, and URLs only for public pages."""

import datetime as dt

import pytest
from django.utils import timezone

from articles import models

UNORDERED_READS = [models.Page, models.Article, models.Byline, models.Photo, models.Rendition, models.Teaser,
                   models.Correction, models.Transition]


@pytest.mark.parametrize("model", UNORDERED_READS, ids=lambda m: m.__name__)
def test_default_order_reads_only_its_own_table(model):
    sql = str(model.objects.all().query)
    assert "JOIN" not in sql, sql


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Etc/GMT+12"])
def test_correction_date_defaults_to_the_local_date(zone):
    # 26 hours apart: their dates always differ, so a default that ignores the zone fails one of them.
    with timezone.override(zone):
        assert models.Correction().date == timezone.localdate()


def test_local_dates_of_the_two_zones_differ():
    with timezone.override("Pacific/Kiritimati"):
        east = timezone.localdate()
    with timezone.override("Etc/GMT+12"):
        west = timezone.localdate()
    assert east - west >= dt.timedelta(days=1)


@pytest.mark.parametrize(
    "model", [models.SourceFile, models.ImportRun, models.Transition, models.Rendition], ids=lambda m: m.__name__
)
def test_records_without_a_public_page_have_no_absolute_url(model):
    assert not hasattr(model, "get_absolute_url")
