"""The admin speaks Chinese throughout: every string `makemessages` finds is
translated in the project's zh_Hans catalog, third-party ones included.

`makemessages` runs on a copy of the code, so the repository's catalog is
only read, never rewritten, by the test."""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOG = Path("locale/zh_Hans/LC_MESSAGES/django.po")
MAKEMESSAGES = ["makemessages", "-l", "zh_Hans", "--ignore=.venv", "--ignore=var", "--ignore=tests",
                "--ignore=bench", "--ignore=docs", "--no-location", "--no-wrap"]

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext (apt install gettext)")


def untranslated(po: str) -> list[str]:
    """msgids with an empty or fuzzy translation (the header aside)."""
    entries = po.split("\n\n")
    found = []
    for entry in entries:
        msgid = re.search(r'^msgid "(.*)"$', entry, re.M)
        if msgid is None or msgid.group(1) == "":
            continue
        if re.search(r'^msgstr(\[0\])? ""$(?!\n")', entry, re.M) or "#, fuzzy" in entry:
            found.append(msgid.group(1))
    return found


@pytest.fixture(scope="module")
def fresh_catalog(tmp_path_factory) -> Path:
    """The code and catalog copied, then `makemessages` run over the copy."""
    copy = tmp_path_factory.mktemp("messages")
    for name in ("articles", "newsroom", "templates", "locale"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings.test"}
    subprocess.run([sys.executable, "manage.py", *MAKEMESSAGES], cwd=copy, env=env, check=True,
                   capture_output=True, timeout=300)
    return copy


def test_untranslated_helper_finds_an_empty_translation():
    assert untranslated('msgid ""\nmsgstr ""\n\nmsgid "新词"\nmsgstr ""\n\nmsgid "旧词"\nmsgstr "旧词"\n') == ["新词"]


def test_makemessages_finds_no_untranslated_string(fresh_catalog):
    missing = untranslated((fresh_catalog / CATALOG).read_text(encoding="utf-8"))
    assert missing == [], f"untranslated in {CATALOG} (run makemessages and translate): {missing}"


def test_catalog_translates_the_login_guards_admin_names(tmp_path):
    mo = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(mo), str(ROOT / CATALOG)], check=True, timeout=60)
    with mo.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    assert catalog.gettext("access attempts") == "登录尝试"
    assert catalog.gettext("access logs") == "登录日志"


def test_login_guard_app_has_a_chinese_name():
    from django.apps import apps

    assert str(apps.get_app_config("axes").verbose_name) == "登录保护"


@pytest.mark.django_db
def test_admin_sidebar_names_the_login_records_in_chinese(admin_client):
    if not (ROOT / CATALOG).with_suffix(".mo").exists():
        pytest.skip("the catalog is not compiled: `make install` (manage.py compilemessages) compiles it")
    html = admin_client.get("/admin/").content.decode()
    assert "登录保护" in html and "登录尝试" in html and "Access attempts" not in html
