"""Each imported page keeps the 融媒矩阵 it printed, apart from the paper's
current channels (MediaChannel)."""

import pytest

from articles.models import MediaChannel, Page, PrintedChannel

from .conftest import SEED_NAME

pytestmark = pytest.mark.django_db


def printed(number=1):
    return list(
        PrintedChannel.objects.filter(page__number=number).values_list("order", "label", "call_to_action", "channel__label")
    )


def test_the_page_keeps_its_channels_in_order_with_the_call_to_follow(imported_seed):
    assert printed() == [
        (0, "济宁高新电视", "欢迎关注", "济宁高新电视"),
        (1, "《蓼河先声》微信公众号", "", "《蓼河先声》微信公众号"),
        (2, "济宁高新区微信公众号", "", "济宁高新区微信公众号"),
        (3, "《蓼河畔》杂志", "", "《蓼河畔》杂志"),
        (4, "高新区微博", "", "高新区微博"),
    ]
    page = Page.objects.get(number=1)
    assert (page.printed_matrix_title, page.printed_hotline_label, page.printed_hotline) == (
        "欢迎关注济宁高新区融媒矩阵",
        "融媒体新闻热线",
        "6557709",
    )


def test_editing_the_papers_channels_leaves_what_was_printed(imported_seed):
    MediaChannel.objects.filter(label="济宁高新电视").update(call_to_action="敬请关注")
    MediaChannel.objects.filter(label="高新区微博").delete()
    assert printed()[0][2] == "欢迎关注"
    assert printed()[4] == (4, "高新区微博", "", None)


def test_a_corrected_footer_replaces_what_the_page_printed(imported_seed, seed_text, import_text):
    corrected = seed_text.replace("济宁高新电视  \n欢迎关注", "济宁高新电视  \n扫码关注")
    report = import_text(corrected, name=SEED_NAME)
    assert report.ok, report.message
    assert printed()[0][2] == "扫码关注"
    # The paper's channel keeps the call to follow it was created with.
    assert MediaChannel.objects.get(label="济宁高新电视").call_to_action == "欢迎关注"


def test_importing_the_same_file_again_rewrites_nothing(imported_seed, seed_text, import_text):
    first = list(PrintedChannel.objects.values_list("pk", flat=True))
    import_text(seed_text, name=SEED_NAME)
    assert list(PrintedChannel.objects.values_list("pk", flat=True)) == first


def test_an_inner_page_prints_no_channels(import_text):
    report = import_text("02 要闻\n\n# 标题\n\n**本报济宁7月11日讯** 2019年的正文。\n")
    assert report.ok, report.message
    assert printed(2) == []
