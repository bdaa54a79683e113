"""The ops app's own config runs (it connects the page cache's receivers),
beside the login guard's config that renames django-axes."""

from django.apps import apps

from newsroom.ops.apps import OpsConfig


def test_ops_runs_its_own_app_config():
    assert type(apps.get_app_config("ops")) is OpsConfig
