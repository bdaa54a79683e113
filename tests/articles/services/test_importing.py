import datetime as dt

import pytest
from django.utils import timezone

from articles.models import (
    Article,
    Byline,
    ImportRun,
    Issue,
    MediaChannel,
    Page,
    Person,
    Photo,
    Publication,
    SourceFile,
    Teaser,
)
from articles.services.importing import ImportOptions, SeedSource, import_file, import_files, unique_slugs

from .conftest import SEED_NAME

INNER_PAGE = """02 要闻

# 十里湖生态湿地公园项目东部园区8月具备开园条件

**本报讯(记者 王鹏 通讯员 李娜)** 近日,记者从高新区获悉。

第二段。
"""

UNDATED_PAGE = """# 一篇没有电头的稿子

正文第一段。
"""


def lead(db=None) -> Article:
    return Article.objects.get(is_lead=True, page__number=1)


# -- what the seed becomes ---------------------------------------------------


def test_seed_makes_one_issue_dated_from_its_dateline(imported_seed):
    assert list(Issue.objects.values_list("date", flat=True)) == [dt.date(2019, 7, 11)]


def test_seed_makes_front_page_and_the_three_pages_it_refers_to(imported_seed):
    labels = [p.label for p in Page.objects.select_related("section").order_by("number")]
    assert labels == ["01 头版", "02 要闻", "03 新城", "04 家园"]


def test_seed_lead_has_headline_and_deck(imported_seed):
    article = lead()
    assert article.headline == "济宁高新区召开2019年第20次党工委(扩大)会议"
    assert article.deck == "确保全年任务高质量、快速度、按时完"


def test_seed_lead_dateline_is_jining_july_11(imported_seed):
    article = lead()
    assert (article.dateline_place, article.dateline_date) == ("济宁", dt.date(2019, 7, 11))


def test_seed_lead_byline_is_reporter_deng_chao(imported_seed):
    assert [(b.person.name, b.role) for b in lead().bylines.all()] == [("邓超", "记者")]


def test_seed_lead_has_thirteen_paragraphs_with_column_breaks_joined(imported_seed):
    paragraphs = lead().paragraphs
    assert len(paragraphs) == 13
    assert "弥补的时间表" in paragraphs[2]
    assert "两谷一港一中心”建设" in paragraphs[5]
    assert "公务接待等各项制度" in paragraphs[10]


def test_seed_first_paragraph_is_the_text_after_the_dateline(imported_seed):
    assert lead().paragraphs[0].startswith("10日,济宁高新区召开")


def test_seed_teasers_point_to_pages_02_and_04(imported_seed):
    teasers = [(t.title, t.target_page.label) for t in Teaser.objects.select_related("target_page__section")]
    assert teasers == [
        ("十里湖生态湿地公园项目 东部园区8月具备开园条件", "02 要闻"),
        ("高新区崇文学校获评 全国国际跳棋特色学校", "04 家园"),
    ]


def test_seed_photo_story_has_caption_credit_and_page_reference(imported_seed):
    article = Article.objects.get(kind=Article.Kind.PHOTO)
    photo = article.photos.get()
    assert article.headline == "红帆驿站"
    assert photo.caption.startswith("直面一线群众") and photo.caption.endswith("落户洸河街道。")
    assert (photo.credit.name, photo.credit_role) == ("孔茜", "本报记者")
    assert not photo.image
    assert article.see_also_page.label == "03 新城"


def test_seed_media_channels_have_their_kinds(imported_seed):
    channels = list(MediaChannel.objects.values_list("label", "kind"))
    assert channels == [
        ("济宁高新电视", "tv"),
        ("《蓼河先声》微信公众号", "wechat"),
        ("济宁高新区微信公众号", "wechat"),
        ("《蓼河畔》杂志", "magazine"),
        ("高新区微博", "weibo"),
    ]


def test_seed_channel_names_come_from_inside_the_book_title_marks(imported_seed):
    assert MediaChannel.objects.get(kind="magazine").name == "蓼河畔"


def test_seed_sets_the_hotline_and_matrix_title(imported_seed):
    publication = Publication.load()
    assert (publication.hotline_label, publication.hotline) == ("融媒体新闻热线", "6557709")
    assert publication.matrix_title == "欢迎关注济宁高新区融媒矩阵"


def test_seed_articles_are_published_at_their_issue_date(imported_seed):
    assert Article.objects.published().count() == 2
    assert {timezone.localdate(a.published_at) for a in Article.objects.all()} == {dt.date(2019, 7, 11)}


def test_draft_option_imports_articles_as_drafts(import_text, seed_text):
    import_text(seed_text, draft=True)
    assert not Article.objects.published().exists()
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 2


# -- nothing is lost -----------------------------------------------------------


def test_raw_source_is_kept_whole(imported_seed, seed_text):
    assert SourceFile.objects.get(name=SEED_NAME).raw_text == seed_text


def test_each_record_knows_the_lines_it_came_from(imported_seed):
    article = Article.objects.get(kind=Article.Kind.PHOTO)
    assert article.source_text.startswith("## 红帆驿站")


def test_summary_counts_what_was_created(imported_seed):
    counts = imported_seed.counts
    assert counts[("issues", "created")] == 1
    assert counts[("pages", "created")] == 4
    assert counts[("articles", "created")] == 2
    assert counts[("photos", "created")] == 1
    assert counts[("people", "created")] == 2
    assert counts[("teasers", "created")] == 2
    assert counts[("channels", "created")] == 5


# -- repeatable ----------------------------------------------------------------


def test_second_import_of_the_same_file_changes_nothing(imported_seed, seed_bytes):
    before = Article.objects.get(is_lead=True).updated_at
    report = import_file(source=SeedSource(name=SEED_NAME, data=seed_bytes))
    assert report.ok and not report.changed
    assert report.counts == {("files", "unchanged"): 1}
    assert Article.objects.count() == 2 and Person.objects.count() == 2 and Teaser.objects.count() == 2
    assert Article.objects.get(is_lead=True).updated_at == before


def test_an_unchanged_file_is_recognised_by_its_checksum_in_one_query(imported_seed, seed_bytes, django_assert_num_queries):
    with django_assert_num_queries(1):
        import_file(source=SeedSource(name=SEED_NAME, data=seed_bytes))


def test_force_compares_every_record_of_an_unchanged_file(imported_seed, seed_bytes):
    report = import_file(source=SeedSource(name=SEED_NAME, data=seed_bytes), options=ImportOptions(force=True))
    assert report.counts[("files", "unchanged")] == 1
    assert report.counts[("articles", "unchanged")] == 2 and not report.changed


def test_an_unchanged_file_whose_issue_was_deleted_is_imported_again(imported_seed, seed_bytes):
    Article.objects.all().delete()
    Issue.objects.all().delete()
    report = import_file(source=SeedSource(name=SEED_NAME, data=seed_bytes))
    assert report.counts[("articles", "created")] == 2
    assert Article.objects.count() == 2


def test_a_file_of_many_stories_costs_no_more_queries_than_one_of_few(db, django_assert_max_num_queries):
    def page(stories: int) -> bytes:
        text = "02 要闻\n\n" + "".join(
            f"# 第{n}篇稿件\n\n**本报讯(记者 王鹏{n})** 正文第一段。\n\n第二段。\n\n" for n in range(stories)
        )
        return text.encode()

    options = ImportOptions(date=dt.date(2019, 7, 11))
    with django_assert_max_num_queries(30) as few:
        import_file(source=SeedSource(name="few.txt", data=page(2)), options=options)
    options = ImportOptions(date=dt.date(2019, 7, 12))
    with django_assert_max_num_queries(len(few.captured_queries)):
        import_file(source=SeedSource(name="many.txt", data=page(12)), options=options)


def test_corrected_file_updates_the_records_it_made(imported_seed, seed_text):
    corrected = seed_text.replace("高新区党委书记刘章箭主持会议并讲话", "高新区党工委书记刘章箭主持会议并讲话")
    report = import_file(source=SeedSource(name=SEED_NAME, data=corrected.encode()))
    assert report.counts[("articles", "updated")] == 1
    assert Article.objects.count() == 2
    assert "党工委书记刘章箭" in lead().body


def test_editor_change_survives_a_corrected_import_and_is_reported(imported_seed, seed_text):
    Article.objects.filter(is_lead=True).update(headline="编辑改过的标题")
    corrected = seed_text.replace("主持会议并讲话", "主持会议并作讲话")
    report = import_file(source=SeedSource(name=SEED_NAME, data=corrected.encode()))
    assert lead().headline == "编辑改过的标题"
    assert report.counts[("articles", "skipped")] == 1
    assert any("编辑改过的标题" in note and "保留了编辑的版本" in note for note in report.notes)
    assert not any("--" in note for note in report.notes)


def test_force_overwrites_an_editor_change(imported_seed, seed_bytes):
    Article.objects.filter(is_lead=True).update(headline="编辑改过的标题")
    import_file(source=SeedSource(name=SEED_NAME, data=seed_bytes), options=ImportOptions(force=True))
    assert lead().headline == "济宁高新区召开2019年第20次党工委(扩大)会议"


def test_editor_change_to_a_byline_counts_as_an_editor_change(imported_seed, seed_text):
    Byline.objects.update(role="通讯员")
    import_file(source=SeedSource(name=SEED_NAME, data=seed_text.replace("并讲话", "并作讲话").encode()))
    assert "并作讲话" not in lead().body


def test_editor_change_to_a_photo_caption_is_kept(imported_seed, seed_text):
    Photo.objects.update(caption="编辑改写的图片说明")
    report = import_file(source=SeedSource(name=SEED_NAME, data=seed_text.replace("历时半月", "历时一月").encode()))
    assert Photo.objects.get().caption == "编辑改写的图片说明"
    assert report.counts[("photos", "skipped")] == 1


def test_editor_hotline_is_kept_when_a_page_states_another(imported_seed, seed_text):
    Publication.objects.update(hotline="1234567")
    report = import_file(source=SeedSource(name="other.txt", data=seed_text.replace("6557709", "7654321").encode()))
    assert Publication.load().hotline == "1234567"
    assert any("1234567" in note for note in report.notes)


def test_dry_run_reports_changes_and_writes_nothing(db, seed_bytes):
    report = import_file(source=SeedSource(name=SEED_NAME, data=seed_bytes), options=ImportOptions(dry_run=True))
    assert report.ok and report.counts[("articles", "created")] == 2
    assert not Article.objects.exists() and not Issue.objects.exists() and not SourceFile.objects.exists()


# -- facts the page does not state -------------------------------------------


def test_page_without_a_date_is_refused_and_asks_for_date(import_text):
    report = import_text(UNDATED_PAGE, name="undated.txt", page=1)
    assert not report.ok
    assert "出版日期" in report.error and report.hint == "date"
    assert "--" not in report.error
    assert not Issue.objects.exists()


def test_date_option_supplies_a_missing_date(import_text):
    report = import_text(UNDATED_PAGE, date=dt.date(2020, 1, 2), page=1)
    assert report.ok, report.message
    assert Issue.objects.get().date == dt.date(2020, 1, 2)


def test_inner_page_names_its_own_number(import_text):
    report = import_text(INNER_PAGE, date=dt.date(2019, 7, 11))
    assert report.ok, report.message
    article = Article.objects.get()
    assert article.page.label == "02 要闻"
    assert [(b.person.name, b.role) for b in article.bylines.all()] == [("王鹏", "记者"), ("李娜", "通讯员")]


def test_inner_page_fills_the_page_the_front_page_announced(imported_seed, import_text):
    import_text(INNER_PAGE, date=dt.date(2019, 7, 11))
    assert Page.objects.filter(number=2).count() == 1
    assert Page.objects.get(number=2).articles.count() == 1


def test_headline_longer_than_stored_is_refused_with_its_line(import_text):
    """On PostgreSQL this was a DataError traceback; on SQLite the text went in whole."""
    report = import_text(INNER_PAGE.replace("# 十里湖", "# " + "长" * 200), date=dt.date(2019, 7, 11))
    assert not report.ok
    assert (report.line, "主标题有 220 个字符，超过了上限 200 个" in report.error) == (3, True)
    assert not Article.objects.exists()


def test_page_without_a_number_is_refused_and_asks_for_page(import_text):
    report = import_text(UNDATED_PAGE, date=dt.date(2020, 1, 2))
    assert not report.ok and "版次" in report.error and report.hint == "page"


def test_people_are_shared_across_articles(import_text):
    import_text(INNER_PAGE, date=dt.date(2019, 7, 11))
    import_text(INNER_PAGE.replace("02 要闻", "03 新城"), name="p3.txt", date=dt.date(2019, 7, 11))
    assert Person.objects.filter(name="王鹏").count() == 1


# -- bad input -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "文件是空的"),
        (b"\n  \n\n", "只有空行"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "不是文本文件"),
        (b"\xff\xfe\xfa\xfb" * 20, "既不是 UTF-8 也不是 GB18030"),
        ("没有标题的一页\n\n正文。".encode(), "没有标题"),
    ],
)
def test_bad_file_is_reported_with_its_reason_and_nothing_is_written(db, data, reason):
    report = import_file(source=SeedSource(name="bad.txt", data=data))
    assert not report.ok
    assert reason in report.error
    assert report.message.startswith("bad.txt")
    assert not SourceFile.objects.exists() and not Issue.objects.exists()


def test_bad_file_does_not_stop_the_others(db, seed_bytes):
    report = import_files(sources=[SeedSource(name="bad.txt", data=b""), SeedSource(name=SEED_NAME, data=seed_bytes)])
    assert [f.ok for f in report.files] == [False, True]
    assert Article.objects.count() == 2


def test_bad_correction_leaves_the_earlier_import_intact(imported_seed):
    report = import_file(source=SeedSource(name=SEED_NAME, data=b""))
    assert not report.ok
    assert Article.objects.count() == 2
    assert SourceFile.objects.get().raw_text.startswith("\n\n# 济宁")


def test_gb18030_file_imports_like_utf8(db, seed_text):
    report = import_file(source=SeedSource(name="gb.txt", data=seed_text.replace("\n", "\r\n").encode("gb18030")))
    assert report.ok, report.message
    assert SourceFile.objects.get().encoding == "gb18030"
    assert len(lead().paragraphs) == 13


def test_utf8_bom_is_accepted(db, seed_text):
    report = import_file(source=SeedSource(name="bom.txt", data=b"\xef\xbb\xbf" + seed_text.encode()))
    assert report.ok and lead().headline.startswith("济宁高新区")


def test_each_run_is_recorded_with_its_outcome(db, seed_bytes):
    import_files(sources=[SeedSource(name="bad.txt", data=b""), SeedSource(name=SEED_NAME, data=seed_bytes)])
    run = ImportRun.objects.get()
    assert (run.files_ok, run.files_failed) == (1, 1)
    assert run.summary["articles"]["created"] == 2
    assert run.errors[0]["file"] == "bad.txt"


def test_a_new_person_whose_slug_is_taken_gets_the_next_free_number(db):
    Person.objects.bulk_create(Person(name=f"王鹏{n}", slug=slug) for n, slug in enumerate(["王鹏", "王鹏-2", "王鹏-4"]))
    assert unique_slugs(Person, ["王鹏"]) == {"王鹏": "王鹏-3"}


def test_names_of_one_batch_that_share_a_slug_get_different_numbers(db):
    assert unique_slugs(Person, ["A b", "a-b", "A  B"]) == {"A b": "a-b", "a-b": "a-b-2", "A  B": "a-b-3"}


def test_a_slug_taken_more_than_ten_times_still_gets_a_free_number(db):
    Person.objects.bulk_create(Person(name=f"李娜{n}", slug="李娜" if n == 1 else f"李娜-{n}") for n in range(1, 25))
    assert unique_slugs(Person, ["李娜", "张三"]) == {"李娜": "李娜-25", "张三": "张三"}
