import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article

from ...conftest import SEED_FILE


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_seeds", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def seed_dir(tmp_path):
    shutil.copy(SEED_FILE, tmp_path / SEED_FILE.name)
    return tmp_path


def test_imports_the_projects_seeds_by_default(db):
    out, _ = run()
    assert Article.objects.count() == 2
    assert "articles" in out and "created" in out


def test_summary_table_counts_each_kind(db, seed_dir):
    out, _ = run(str(seed_dir))
    row = next(line for line in out.splitlines() if line.strip().startswith("channels"))
    assert row.split() == ["channels", "5", "0", "0", "0"]


def test_second_run_says_nothing_changed(db, seed_dir):
    run(str(seed_dir))
    out, _ = run(str(seed_dir))
    assert "Nothing changed" in out


def test_dry_run_writes_nothing_and_says_so(db, seed_dir):
    out, _ = run(str(seed_dir), "--dry-run")
    assert "Dry run" in out
    assert not Article.objects.exists()


def test_bad_file_is_named_with_its_reason_and_exit_is_nonzero(db, seed_dir):
    (seed_dir / "001_empty.txt").write_bytes(b"")
    with pytest.raises(CommandError, match="1 of 2 file"):
        run(str(seed_dir))
    assert Article.objects.count() == 2


def test_bad_file_reason_goes_to_stderr(db, tmp_path):
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_seeds", str(tmp_path), stdout=StringIO(), stderr=err)
    assert "broken.txt：不是文本文件" in err.getvalue()


def test_missing_path_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="no such file or folder"):
        run(str(tmp_path / "nope"))


def test_bad_date_option_is_a_clear_error(db, seed_dir):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run(str(seed_dir), "--date", "11/07/2019")


def test_a_file_without_a_date_is_told_the_flag_that_supplies_it(db, tmp_path):
    (tmp_path / "undated.txt").write_text("# 标题\n\n正文。\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_seeds", str(tmp_path), "--page", "1", stdout=StringIO(), stderr=err)
    assert "没有写明出版日期" in err.getvalue() and "--date YYYY-MM-DD" in err.getvalue()


def test_records_kept_for_editors_are_counted_with_the_force_flag(db, seed_dir):
    run(str(seed_dir))
    Article.objects.filter(is_lead=True).update(headline="编辑改过的标题")
    seed = next(seed_dir.glob("*.txt"))
    seed.write_text(seed.read_text(encoding="utf-8").replace("主持会议并讲话", "主持会议并作讲话"), encoding="utf-8")
    out, _err = run(str(seed_dir))
    assert "保留了编辑的修改" in out and "--force" in out


def test_imported_articles_get_their_share_cards(db, seed_dir, settings):
    settings.NEWSROOM_SHARE_CARDS = True
    run(str(seed_dir))
    assert not Article.objects.filter(share_card="").exists()


def test_no_share_cards_leaves_them_to_make_share_cards(db, seed_dir, settings):
    settings.NEWSROOM_SHARE_CARDS = True
    run(str(seed_dir), "--no-share-cards")
    assert not Article.objects.exclude(share_card="").exists()
    call_command("make_share_cards", verbosity=0)
    assert not Article.objects.filter(share_card="").exists()
