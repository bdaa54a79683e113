"""The facts docs/seed-format.md states about the first seed file."""

import datetime as dt
from pathlib import Path

import pytest

from articles.seedformat import ChannelKind, Contributor, PageRef, SeedPage, decode, parse, render

from .builders import normalise, without_spans

SEED_FILE = Path(__file__).resolve().parents[3] / "seeds" / "000_5ac73dbf4c7d5ea3.txt"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return decode(SEED_FILE.read_bytes())


@pytest.fixture(scope="module")
def seed(seed_text) -> SeedPage:
    return parse(seed_text)


def test_seed_lead_headline_and_deck(seed):
    assert (seed.lead.headline, seed.lead.deck) == ("济宁高新区召开2019年第20次党工委(扩大)会议", "确保全年任务高质量、快速度、按时完")


def test_seed_lead_dateline(seed):
    dateline = seed.lead.dateline
    assert (dateline.place, dateline.month, dateline.day) == ("济宁", 7, 11)
    assert dateline.contributors == (Contributor("邓超", "记者"),)


def test_seed_lead_has_thirteen_paragraphs_once_column_breaks_are_joined(seed):
    assert len(seed.lead.paragraphs) == 13


def test_seed_lead_first_paragraph_follows_the_dateline(seed):
    assert seed.lead.paragraphs[0].text.startswith("10日,济宁高新区召开")


@pytest.mark.parametrize(("number", "fragment"), [(3, "弥补的时间表"), (6, "两谷一港一中心”建设"), (11, "公务接待等各项制度")])
def test_seed_lead_column_breaks_are_joined(seed, number, fragment):
    assert fragment in seed.lead.paragraphs[number - 1].text


def test_seed_teasers(seed):
    assert [(t.lines, t.target) for t in seed.teasers] == [
        (("十里湖生态湿地公园项目", "东部园区8月具备开园条件"), PageRef(2, "要闻")),
        (("高新区崇文学校获评", "全国国际跳棋特色学校"), PageRef(4, "家园")),
    ]


def test_seed_photo_story(seed):
    [photo] = seed.photo_stories
    assert (photo.title, photo.credit, photo.credit_raw, photo.refers_to) == (
        "红帆驿站",
        Contributor("孔茜", "记者", "本报记者"),
        "本报记者 孔茜 摄",
        PageRef(3, "新城"),
    )
    assert photo.caption.endswith("图为济宁高新区首家“红帆驿站”落户洸河街道。")


def test_seed_channels(seed):
    assert [c.kind for c in seed.channels] == [
        ChannelKind.TV,
        ChannelKind.WECHAT,
        ChannelKind.WECHAT,
        ChannelKind.MAGAZINE,
        ChannelKind.WEIBO,
    ]
    assert [seed.channels[1].name, seed.channels[3].name] == ["蓼河先声", "蓼河畔"]
    assert seed.channels[0].call_to_action == "欢迎关注"


def test_seed_matrix_title_and_hotline(seed):
    assert (seed.matrix_title, seed.hotline_label, seed.hotline) == ("欢迎关注济宁高新区融媒矩阵", "融媒体新闻热线", "6557709")


def test_seed_year_issue_date_and_page(seed):
    assert (seed.year, seed.issue_date, seed.page) == (2019, dt.date(2019, 7, 11), PageRef(1, "头版"))


def test_seed_has_nothing_unclassified(seed):
    assert seed.unclassified == []


def test_seed_renders_back_to_the_same_text_but_whitespace(seed, seed_text):
    assert normalise(render(seed)) == normalise(seed_text)


def test_seed_rendered_parses_to_the_same_page(seed):
    assert without_spans(parse(render(seed))) == without_spans(seed)
