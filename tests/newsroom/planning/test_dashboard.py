"""The front page's numbers, checked against the records behind them."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.urls import reverse

from articles.models import Article, ImportRun, Photo, Role
from newsroom.planning.dashboard import build_dashboard
from tests.factories import add_byline, make_article, make_issue, make_page, make_person, make_photo, make_user

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2024, 3, 20, 12, tzinfo=SHANGHAI)


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def archive(db):
    """Two published stories on 02 要闻 (2024-03-18), one on 03 新城 (2024-02-28),
    one from 2023, a draft and a scheduled one that do not count; photos with and
    without file or credit; one scan; two import runs."""
    yaowen = make_page(issue=make_issue(date=dt.date(2024, 3, 18)), number=2, section="要闻")
    xincheng = make_page(issue=make_issue(date=dt.date(2024, 2, 28)), number=3, section="新城")
    old = make_page(issue=make_issue(date=dt.date(2023, 1, 1)), number=2, section="要闻")
    deng, wang, kong = make_person("邓超"), make_person("王鹏"), make_person("孔茜")
    a1 = make_article(page=yaowen, published_at=at(2024, 3, 18, 10))
    a2 = make_article(page=yaowen, published_at=at(2024, 3, 18, 11))
    a3 = make_article(page=xincheng, published_at=at(2024, 2, 28, 10))
    a4 = make_article(page=old, published_at=at(2023, 1, 1, 10))
    make_article(page=yaowen, status=Article.Status.DRAFT)
    make_article(page=xincheng, published_at=at(2024, 3, 25, 8))  # scheduled after NOW
    add_byline(a1, deng)
    add_byline(a3, deng)
    add_byline(a4, deng)
    add_byline(a2, wang)
    add_byline(a2, kong, role=Role.PHOTOGRAPHER, order=1)
    make_photo(a1, credit=kong)
    make_photo(a2, credit=None)
    with_file = make_photo(a3, credit=kong)
    Photo.objects.filter(pk=with_file.pk).update(image="photos/2024/02/a3.jpg")
    if apps.is_installed("newsroom.epaper"):
        apps.get_model("epaper", "PageScan").objects.create(
            page=yaowen, file="scans/a.pdf", kind="pdf", width=100, height=140, content_hash="0" * 64
        )
    ImportRun.objects.create(started_at=at(2024, 3, 1, 9), files_ok=3)
    ImportRun.objects.create(started_at=at(2024, 3, 2, 9), files_ok=1, files_failed=2, dry_run=True)


def charts():
    return {chart.key: chart for chart in build_dashboard(now=NOW).charts}


def test_weekly_counts_end_at_the_latest_publication(archive):
    rows = dict(charts()["weekly"].rows)
    assert len(rows) == 12
    assert rows["2024-03-18 起"] == (2,)
    assert rows["2024-02-26 起"] == (1,)
    assert sum(v[0] for v in rows.values()) == 3


def test_sections_count_only_published_articles_in_the_window(archive):
    assert charts()["sections"].rows == [("要闻", (2,)), ("新城", (1,))]


def test_reporters_count_their_published_bylines_per_month(archive):
    chart = charts()["reporters"]
    assert chart.table_headers == ("姓名", "2023-10", "2023-11", "2023-12", "2024-01", "2024-02", "2024-03", "合计")
    assert chart.table_rows == [("邓超", 0, 0, 0, 0, 1, 1, 2), ("王鹏", 0, 0, 0, 0, 0, 1, 1)]


def test_photographers_count_their_credited_published_photos(archive):
    assert charts()["photographers"].table_rows == [("孔茜", 0, 0, 0, 0, 1, 1, 2)]


def test_photos_missing_a_file_or_a_credit(archive):
    chart = charts()["photos"]
    assert chart.rows == [("缺图片文件", (2,)), ("缺摄影署名", (1,)), ("两者都缺", (1,))]
    assert chart.table_rows[0] == ("缺图片文件", 2, "67%")


@pytest.mark.skipif(not apps.is_installed("newsroom.epaper"), reason="page scans come from newsroom.epaper")
def test_pages_missing_a_scan_per_year(archive):
    chart = charts()["scans"]
    assert chart.table_rows == [("2023年", 1, 0, 1), ("2024年", 2, 1, 1)]
    assert "全部 3 个版面中有 2 个还没有扫描文件" in chart.description


def test_imports_and_their_outcomes(archive):
    chart = charts()["imports"]
    assert chart.rows == [("03-01 09:00", (3, 0)), ("03-02 09:00（试）", (1, 2))]
    assert "共导入 2 次，其中 1 次全部成功" in chart.description


def test_bar_lengths_are_proportional_to_the_largest_total(archive):
    bars = charts()["sections"].bars
    assert bars[0].segments[0].width == 2 * bars[1].segments[0].width


def test_an_empty_database_draws_no_bars(db):
    dashboard = build_dashboard(now=NOW)
    assert all(chart.is_empty for chart in dashboard.charts)
    assert dashboard.end == NOW


def test_upcoming_issues_count_planned_and_blocking_stories(chief, issue, pages, add):
    add(pages[1], "a")
    add(pages[2], "b")
    (upcoming,) = build_dashboard(now=dt.datetime(2030, 7, 1, tzinfo=SHANGHAI)).upcoming
    assert (upcoming.issue, upcoming.n_planned, upcoming.n_blocking) == (issue, 2, 2)


# On the admin's front page


@pytest.fixture
def index(client, archive):
    client.force_login(make_user("编辑"))
    return client.get(reverse("admin:index")).content.decode()


def test_each_chart_is_an_accessible_svg_with_a_title(index):
    svgs = re.findall(r'<svg role="img"[^>]*>\s*<title id="chart-(\w+)-title">', index)
    assert {"weekly", "sections", "reporters", "photographers", "photos", "imports"} <= set(svgs)


def test_each_chart_has_its_numbers_as_a_table(index):
    tables = re.findall(r'<figure class="pl-chart" id="chart-(\w+)".*?<table>', index, re.S)
    assert {"weekly", "sections", "reporters", "photographers", "photos", "scans", "imports"} == set(tables)
    assert "<th scope=\"row\">邓超</th>" in index


def test_the_app_list_is_still_there_below_the_dashboard(index):
    assert index.index('id="pl-dashboard-title"') < index.index('class="app-articles module')


def test_users_without_a_newsroom_role_see_no_dashboard(client, archive, django_user_model):
    client.force_login(django_user_model.objects.create_user(username="x", password="pw", is_staff=True))
    assert "pl-dashboard" not in client.get(reverse("admin:index")).content.decode()


@pytest.mark.parametrize("extra", [0, 30])
def test_the_dashboard_queries_do_not_grow_with_the_archive(client, archive, django_assert_num_queries, extra):
    people = [make_person(f"作者{n}") for n in range(5)]
    for n in range(extra):
        page = make_page(issue=make_issue(date=dt.date(2024, 1, 1) + dt.timedelta(days=n)), section=f"栏目{n % 4}")
        article = make_article(page=page, published_at=at(2024, 1, 1, 8) + dt.timedelta(days=n))
        add_byline(article, people[n % 5])
        make_photo(article, credit=people[(n + 1) % 5])
    client.force_login(make_user(superuser=True))
    client.get(reverse("admin:index"))
    with django_assert_num_queries(14):
        client.get(reverse("admin:index"))


def test_an_interrupted_import_is_named_and_not_counted_as_a_success(archive):
    ImportRun.objects.create(
        started_at=at(2024, 3, 19, 9), heartbeat_at=at(2024, 3, 19, 9, 5), status=ImportRun.Status.RUNNING, files_ok=40
    )
    chart = charts()["imports"]
    assert chart.rows[-1] == ("03-19 09:00（已中断）", (40, 0))
    assert chart.table_rows[-1][1] == "已中断"
    assert "共导入 3 次，其中 1 次全部成功，1 次中断或出错" in chart.description


def test_an_import_in_progress_is_shown_as_running(archive):
    ImportRun.objects.create(started_at=NOW, heartbeat_at=NOW, status=ImportRun.Status.RUNNING, files_ok=5)
    assert charts()["imports"].rows[-1] == ("03-20 12:00（进行中）", (5, 0))
