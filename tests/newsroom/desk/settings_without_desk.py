"""The test settings without the desk: the article form must still work."""

from newsroom.settings.test import *  # noqa: F403

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "newsroom.desk"]  # noqa: F405
