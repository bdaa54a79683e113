"""Editors (编辑) and chief editors (总编) upload page scans and edit zones.

The groups come from articles 0002_editorial_groups; this adds the epaper
permissions to them, frozen here like the groups themselves.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    *(f"epaper.{verb}_{model}" for model in ("pagescan", "zone") for verb in ("add", "change", "delete", "view")),
    "epaper.view_scanrendition",
    "epaper.view_issuepdf",
]
GROUPS = ("编辑", "总编")


def _permissions(apps):
    # Permissions are normally made after all migrations; make them now.
    # Also run by tests on the live app registry: put models_module back as found.
    app_config = apps.get_app_config("epaper")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Permission = apps.get_model("auth", "Permission")
    found = list(
        Permission.objects.filter(
            content_type__app_label="epaper", codename__in=[name.split(".", 1)[1] for name in PERMISSIONS]
        )
    )
    if len(found) != len(PERMISSIONS):
        missing = set(PERMISSIONS) - {f"epaper.{p.codename}" for p in found}
        raise RuntimeError(f"epaper: unknown permissions {sorted(missing)}")
    return found


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = _permissions(apps)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = _permissions(apps)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("epaper", "0001_initial"),
        ("articles", "0002_editorial_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
