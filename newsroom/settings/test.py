"""The test suite: fast hashing, isolated media, no real outgoing mail."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-insecure-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# MD5 keeps user fixtures fast; never used outside tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="newsroom-test-media-"))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Plain storage: tests render templates without running collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "articles.files.PrivateStorage",
        "OPTIONS": {"location": Path(tempfile.mkdtemp(prefix="newsroom-test-private-"))},
    },
}
# Every factory-made article would draw a PNG; the tests of cards turn them on.
NEWSROOM_SHARE_CARDS = False
# Factories write sections and pages without recording changes, and a rolled-back
# test hands its change seq to the next: the tests of reuse turn it on.
NEWSROOM_REUSE_READS = False
