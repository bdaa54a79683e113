"""Production: everything from the environment, fail fast when it is missing.

Several app servers (gunicorn) share one PostgreSQL and one Redis behind a
TLS-terminating load balancer. The README's "Running in production" lists
every variable read here.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, LOGGING, replica_databases


def _require(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable (see README, 'Running in production').")
    return value


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a yes/no value: use 1 or 0.")


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


DEBUG = False

SECRET_KEY = _require("SECRET_KEY")
# Django's own deploy check asks for at least this much randomness.
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "SECRET_KEY is too short or too simple: use 50+ random characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
ALLOWED_HOSTS = [host.strip() for host in _require("ALLOWED_HOSTS").split(",") if host.strip()]
CSRF_TRUSTED_ORIGINS = os.environ.get("CSRF_TRUSTED_ORIGINS", "").split()

if not _require("DATABASE_URL").startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://user:password@host:5432/name).")
DATABASES = {
    "default": dj_database_url.config(
        conn_max_age=_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    ),
    **replica_databases(conn_max_age=_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True),
}
# Redis, as base.py configures it once REDIS_URL is set: short timeouts and a
# circuit breaker, so an outage makes pages slower, never errors.
_require("REDIS_URL")

# Behind a TLS-terminating load balancer. Trust its X-Forwarded-Proto only when
# told to: a client talking to the app server directly could forge it.
if _flag("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT", True)
# The number of proxies that append the client's address to X-Forwarded-For
# (a load balancer alone: 1; a CDN in front of it: 2). Logins are throttled
# per account and client address; 0 (the default) trusts no proxy and sees
# every reader as the load balancer's address, so set it behind one.
NEWSROOM_TRUSTED_PROXY_COUNT = _int("TRUSTED_PROXY_COUNT", 0)
if NEWSROOM_TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
# The load balancer's probes speak plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = _int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Off unless asked for: once browsers ship the preload list, the site cannot
# go back to plain HTTP for months. Django's deploy check warns (W021) about
# exactly the default chosen here, so that warning is silenced while off.
SECURE_HSTS_PRELOAD = _flag("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

# Static files with hashed, compressed names, served by the app servers
# themselves, before anything that touches sessions or the database.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or STATIC_ROOT)  # noqa: F405
MIDDLEWARE = list(MIDDLEWARE)  # noqa: F405
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "whitenoise.middleware.WhiteNoiseMiddleware")

# Uploaded media: local files by default (MEDIA_ROOT, shared between app
# servers by the operator), or any S3-compatible bucket when one is named.
# The AWS_* variables are read by django-storages itself.
if os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip():
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"].strip(),
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": _flag("AWS_QUERYSTRING_AUTH", False),
            "file_overwrite": False,
        },
    }
    # Private files (articles.files) in the same bucket under private/, never
    # public-read; Django streams them after the policy check (no X-Accel).
    _private_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_media_storage["OPTIONS"], "location": "private", "default_acl": "private", "querystring_auth": True, "custom_domain": None},
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    # PRIVATE_MEDIA_ROOT must not be inside MEDIA_ROOT or served by the web server.
    _private_storage = {"BACKEND": "articles.files.PrivateStorage", "OPTIONS": {"location": PRIVATE_MEDIA_ROOT}}  # noqa: F405
STORAGES = {
    "default": _media_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "private": _private_storage,
}
if NEWSROOM_PRIVATE_MEDIA_SENDFILE not in ("", "x-accel-redirect", "x-sendfile"):  # noqa: F405
    raise ImproperlyConfigured("PRIVATE_MEDIA_SENDFILE must be empty, x-accel-redirect or x-sendfile.")

# The shared page cache for anonymous readers (see newsroom.ops).
NEWSROOM_PAGE_CACHE_TIMEOUT = _int("PAGE_CACHE_SECONDS", 300)
NEWSROOM_PAGE_BROWSER_MAX_AGE = _int("PAGE_BROWSER_MAX_AGE", 60)
NEWSROOM_PAGE_CACHE_LOCAL_BYTES = _int("PAGE_CACHE_LOCAL_BYTES", 32 * 1024 * 1024)

# Everything as one JSON object per line on stderr, for the log shipper.
LOGGING["handlers"]["console"]["formatter"] = "json"
LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "WARNING")
