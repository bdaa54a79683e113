import re
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article, Photo

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
