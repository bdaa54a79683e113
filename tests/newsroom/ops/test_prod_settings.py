"""newsroom.settings.prod: everything from the environment, checked at start."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

BASE_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "news.example.com",
    "DATABASE_URL": "postgres://newsroom:pw@127.0.0.1:5432/newsroom",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def run_prod(args: list[str], **env: str) -> subprocess.CompletedProcess:
    # Nothing of the test run's own environment (DJANGO_ALLOW_ASYNC_UNSAFE, set
    # for the browser tests, would fail the deploy check) leaks into production.
    environ = {
        k: v for k, v in os.environ.items() if k not in BASE_ENV and not k.startswith(("AWS_", "TRUST_", "DJANGO_"))
    }
    environ.update(BASE_ENV, DJANGO_SETTINGS_MODULE="newsroom.settings.prod")
    environ.update(env)
    for key in [k for k, v in environ.items() if v is None or v == "<unset>"]:
        del environ[key]
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120)


def prod_setting(expression: str, **env: str):
    """The value of a Python expression over `settings`, as prod computes it."""
    code = f"import json; from django.conf import settings; print(json.dumps({expression}, default=str))"
    result = run_prod(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def startup_error(**env: str) -> str:
    result = run_prod(["-c", "from django.conf import settings; settings.SECRET_KEY"], **env)
    assert result.returncode != 0
    return result.stderr.strip().splitlines()[-1]


def test_check_deploy_reports_no_issues():
    result = run_prod(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("name", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_missing_required_variable_is_named(name):
    error = startup_error(**{name: "<unset>"})
    assert "ImproperlyConfigured" in error
    assert f"Set the {name} environment variable" in error


def test_short_secret_key_is_refused():
    assert "SECRET_KEY is too short" in startup_error(SECRET_KEY="short")


def test_sqlite_database_is_refused():
    assert "DATABASE_URL must point at PostgreSQL" in startup_error(DATABASE_URL="sqlite:///x.sqlite3")


def test_malformed_flag_names_variable_and_value():
    assert "TRUST_X_FORWARDED_PROTO='maybe' is not a yes/no value" in startup_error(TRUST_X_FORWARDED_PROTO="maybe")


def test_forwarded_proto_is_ignored_unless_trusted():
    assert prod_setting("settings.SECURE_PROXY_SSL_HEADER") is None


def test_forwarded_proto_is_trusted_when_configured():
    header = prod_setting("settings.SECURE_PROXY_SSL_HEADER", TRUST_X_FORWARDED_PROTO="1")
    assert header == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_https_is_enforced_with_healthz_exempt():
    values = prod_setting(
        "[settings.SECURE_SSL_REDIRECT, settings.SECURE_REDIRECT_EXEMPT, settings.SECURE_HSTS_SECONDS,"
        " settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE]"
    )
    assert values == [True, ["^healthz$"], 31_536_000, True, True]


def test_media_stays_on_local_disk_by_default():
    assert prod_setting("settings.STORAGES['default']['BACKEND']") == "django.core.files.storage.FileSystemStorage"


def test_media_goes_to_s3_compatible_storage_when_a_bucket_is_named():
    storage = prod_setting(
        "settings.STORAGES['default']",
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.com",
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "newsroom-media"
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.example.com"


def test_s3_storage_class_loads_from_configuration():
    code = (
        "import django; django.setup();"
        "from django.core.files.storage import storages;"
        "print(type(storages['default']).__module__, storages['default'].bucket_name)"
    )
    result = run_prod(["-c", code], AWS_STORAGE_BUCKET_NAME="newsroom-media")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["storages.backends.s3", "newsroom-media"]


def test_static_files_get_hashed_compressed_names():
    backend = prod_setting("settings.STORAGES['staticfiles']['BACKEND']")
    assert backend == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_page_cache_is_on_in_production():
    assert prod_setting("settings.NEWSROOM_PAGE_CACHE_TIMEOUT") == 300


def test_hsts_preload_is_off_by_default():
    assert prod_setting("settings.SECURE_HSTS_PRELOAD") is False


def test_hsts_preload_is_on_when_asked_for():
    values = prod_setting("[settings.SECURE_HSTS_PRELOAD, settings.SILENCED_SYSTEM_CHECKS]", SECURE_HSTS_PRELOAD="1")
    assert values == [True, []]


def test_hsts_header_carries_preload_only_when_asked_for():
    code = (
        "import django; django.setup();"
        "from django.test import RequestFactory;"
        "from django.http import HttpResponse;"
        "from django.middleware.security import SecurityMiddleware;"
        "request = RequestFactory().get('/', secure=True);"
        "print(SecurityMiddleware(lambda r: HttpResponse())(request)['Strict-Transport-Security'])"
    )
    default = run_prod(["-c", code])
    preload = run_prod(["-c", code], SECURE_HSTS_PRELOAD="1")
    assert default.stdout.strip() == "max-age=31536000; includeSubDomains", default.stderr
    assert preload.stdout.strip() == "max-age=31536000; includeSubDomains; preload", preload.stderr


def test_trusted_proxies_default_to_none_and_come_from_the_environment():
    assert prod_setting("settings.NEWSROOM_TRUSTED_PROXY_COUNT") == 0
    assert prod_setting("settings.NEWSROOM_TRUSTED_PROXY_COUNT", TRUSTED_PROXY_COUNT="1") == 1
    assert "TRUSTED_PROXY_COUNT='one' is not a whole number" in startup_error(TRUSTED_PROXY_COUNT="one")


def test_cache_timeouts_are_short_by_default_and_come_from_the_environment():
    options = prod_setting("settings.CACHES['default']['OPTIONS']", CACHE_SOCKET_TIMEOUT="0.05")
    assert options == {"socket_connect_timeout": 0.1, "socket_timeout": 0.05, "CIRCUIT_BREAKER_SECONDS": 5.0}
    assert prod_setting("settings.CACHES['default']['BACKEND']") == "newsroom.ops.cache.ResilientRedisCache"
