import re
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article, MediaChannel, Photo, Publication

from ...conftest import SEED_FILE


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def exported(db, tmp_path):
    call_command("import_seeds", str(SEED_FILE), stdout=StringIO())

    def export() -> dict[str, str]:
        out = tmp_path / "out"
        call_command("export_seeds", "--out", str(out), stdout=StringIO())
        return {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}

    return export


def test_unedited_page_exports_as_it_was_imported_whitespace_aside(exported):
    files = exported()
    assert list(files) == [SEED_FILE.name]
    assert squash(files[SEED_FILE.name]) == squash(SEED_FILE.read_text(encoding="utf-8"))


def test_export_carries_an_editors_headline_change(exported):
    Article.objects.filter(is_lead=True).update(headline="编辑改过的标题")
    text = exported()[SEED_FILE.name]
    assert "# 编辑改过的标题" in text
    assert "召开2019年第20次党工委" not in text.split("\n## ")[0]


def test_export_carries_an_editors_paragraph_change(exported):
    article = Article.objects.get(is_lead=True)
    article.body = article.body.replace("功夫用在平时", "功夫下在平时")
    article.save()
    assert "功夫下在平时" in exported()[SEED_FILE.name]


def test_export_carries_an_editors_caption_change(exported):
    Photo.objects.update(caption="新的图片说明。")
    assert "新的图片说明。 本报记者 孔茜 摄" in exported()[SEED_FILE.name]


def test_exported_page_imports_again_to_the_same_records(exported, tmp_path):
    exported()
    out = StringIO()
    call_command("import_seeds", str(tmp_path / "out"), stdout=out)
    assert "Nothing changed" in out.getvalue()


def test_a_stored_name_cannot_lead_outside_the_export_folder(exported, tmp_path):
    from articles.models import SourceFile

    SourceFile.objects.update(name="../../escaped.txt")
    assert list(exported()) == ["escaped.txt"]
    assert not (tmp_path.parent / "escaped.txt").exists()


FULL_FOOTER_START = "济宁高新电视  \n欢迎关注"
# An earlier issue's front page that printed two of today's five channels,
# in another order, with another call to follow and another hotline.
NARROW_FOOTER = "《蓼河先声》微信公众号  \n扫码关注\n\n济宁高新电视\n\n欢迎关注济宁高新区融媒矩阵\n\n融媒体新闻热线: 6557700\n"


@pytest.fixture
def two_footers(db, tmp_path):
    """The seed (five channels) and an earlier front page that printed two,
    both imported; returns {file name: text as printed}."""
    seed = SEED_FILE.read_text(encoding="utf-8")
    narrow = seed[: seed.index(FULL_FOOTER_START)].replace("7月11日", "7月4日") + NARROW_FOOTER
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "earlier.txt").write_text(narrow, encoding="utf-8")
    (folder / SEED_FILE.name).write_text(seed, encoding="utf-8")
    call_command("import_seeds", str(folder / "earlier.txt"), stdout=StringIO())
    call_command("import_seeds", str(folder / SEED_FILE.name), stdout=StringIO())
    return {"earlier.txt": narrow, SEED_FILE.name: seed}


def export_all(tmp_path) -> dict[str, str]:
    out = tmp_path / "out"
    call_command("export_seeds", "--out", str(out), stdout=StringIO())
    return {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}


def test_a_page_exports_the_fewer_channels_it_printed_not_todays(two_footers, tmp_path):
    assert MediaChannel.objects.count() == 5
    files = export_all(tmp_path)
    assert squash(files["earlier.txt"]) == squash(two_footers["earlier.txt"])
    assert squash(files[SEED_FILE.name]) == squash(two_footers[SEED_FILE.name])


def test_a_page_exports_its_call_to_action_and_order_after_editors_change_the_channels(two_footers, tmp_path):
    MediaChannel.objects.filter(label="济宁高新电视").update(call_to_action="敬请关注", order=9)
    MediaChannel.objects.filter(label="高新区微博").update(is_active=False)
    Publication.objects.update(hotline="1234567", matrix_title="新的矩阵标题")

    files = export_all(tmp_path)

    assert squash(files["earlier.txt"]) == squash(two_footers["earlier.txt"])
    assert squash(files[SEED_FILE.name]) == squash(two_footers[SEED_FILE.name])


def test_a_front_page_made_in_the_admin_exports_todays_channels(db, tmp_path):
    from tests.factories import make_article, make_channel, make_page

    make_channel("济宁高新电视", call_to_action="欢迎关注")
    make_article(page=make_page(number=1, section="头版"), headline="编辑部新建的头版稿件")

    [text] = export_all(tmp_path).values()

    assert "济宁高新电视  \n欢迎关注" in text
