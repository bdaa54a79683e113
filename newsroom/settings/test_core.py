"""The test suite with capability apps removed: the core must stand alone.

`pytest tests/articles --ds=newsroom.settings.test_core` (CI's core-only run,
`make test-core`) removes all five capability apps; NEWSROOM_WITHOUT_APPS
(space-separated app names) removes only those. newsroom.ops stays: it is
infrastructure (the middleware, /healthz and the log format every
deployment needs), not a capability a paper may go without.
"""

import os

from .test import *  # noqa: F403
from .test import INSTALLED_APPS

CAPABILITY_APPS = ("newsroom.search", "newsroom.epaper", "newsroom.api", "newsroom.planning", "newsroom.desk")
WITHOUT_APPS = os.environ.get("NEWSROOM_WITHOUT_APPS", " ".join(CAPABILITY_APPS)).split()

# django-ninja serves only the API's docs page: it goes with newsroom.api.
_GONE = {*WITHOUT_APPS, *(["ninja"] if "newsroom.api" in WITHOUT_APPS else [])}
INSTALLED_APPS = [app for app in INSTALLED_APPS if app not in _GONE]
