import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ImportRun, SourceFile
from tests.conftest import SEED_FILE


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/plain")


def import_url() -> str:
    return reverse("admin:articles_importrun_upload")


def test_import_page_is_linked_from_the_import_runs(login):
    html = login("总编").get(reverse("admin:articles_importrun_changelist")).content.decode()

    assert import_url() in html


def test_good_and_bad_files_are_reported_per_file_and_the_bad_one_writes_nothing(login):
    chief = login("总编")
    files = [upload(SEED_FILE.name, SEED_FILE.read_bytes()), upload("empty.txt", b"")]

    response = chief.post(import_url(), {"files": files})

    assert response.status_code == 200
    report = response.context["report"]
    by_name = {f["name"]: f for f in report["files"]}
    assert by_name[SEED_FILE.name]["ok"] is True
    assert by_name["empty.txt"]["ok"] is False and by_name["empty.txt"]["error"]
    html = response.content.decode()
    assert "empty.txt" in html and "失败，未写入任何内容" in html
    assert list(SourceFile.objects.values_list("name", flat=True)) == [SEED_FILE.name]
    assert Article.objects.exists()
    run = ImportRun.objects.get()
    assert (run.files_ok, run.files_failed, run.user) == (1, 1, chief.user)


def test_dry_run_reports_and_writes_nothing(login):
    chief = login("总编")

    response = chief.post(import_url(), {"files": [upload(SEED_FILE.name, SEED_FILE.read_bytes())], "dry_run": "on"})

    assert "试运行结果（没有写入）" in response.content.decode()
    totals = {row[0]: row[1:] for row in response.context["report"]["totals"]}
    assert totals["稿件"][0] > 0
    assert not Article.objects.exists()


def test_importing_the_same_file_twice_reports_it_unchanged(login):
    chief = login("总编")
    chief.post(import_url(), {"files": [upload(SEED_FILE.name, SEED_FILE.read_bytes())]})

    response = chief.post(import_url(), {"files": [upload(SEED_FILE.name, SEED_FILE.read_bytes())]})

    totals = {row[0]: row[1:] for row in response.context["report"]["totals"]}
    assert totals["来源文件"] == (0, 0, 1, 0)  # created, updated, unchanged, skipped
    assert totals["稿件"][0:2] == (0, 0)


def test_import_without_files_asks_for_them(login):
    response = login("总编").post(import_url(), {})

    assert response.context["form"].errors["files"]
    assert not ImportRun.objects.exists()


def test_editor_cannot_import(login):
    editor = login("编辑")

    response = editor.post(import_url(), {"files": [upload(SEED_FILE.name, SEED_FILE.read_bytes())]})

    assert response.status_code == 403
    assert not SourceFile.objects.exists()


def test_import_page_has_the_admins_breadcrumbs(login):
    html = login("总编").get(import_url()).content.decode()

    assert reverse("admin:app_list", kwargs={"app_label": "articles"}) in html
    assert f'<a href="{reverse("admin:articles_importrun_changelist")}">' in html
    assert "&rsaquo; 导入报纸文件" in html


def test_the_import_history_shows_an_interrupted_run(login):
    long_ago = timezone.now() - dt.timedelta(hours=1)
    ImportRun.objects.create(started_at=long_ago, heartbeat_at=long_ago, status=ImportRun.Status.RUNNING, files_ok=40)
    chief = login("总编")

    html = chief.get(reverse("admin:articles_importrun_changelist")).content.decode()
    interrupted = chief.get(reverse("admin:articles_importrun_changelist"), {"outcome": "interrupted"})

    assert "<strong>已中断</strong>" in html
    assert len(interrupted.context["cl"].result_list) == 1


def test_a_run_still_beating_is_shown_running_not_interrupted(login):
    ImportRun.objects.create(status=ImportRun.Status.RUNNING, heartbeat_at=timezone.now())
    chief = login("总编")

    response = chief.get(reverse("admin:articles_importrun_changelist"), {"outcome": "interrupted"})

    assert len(response.context["cl"].result_list) == 0
