"""The newsroom's roles on the planning board.

记者 sees the board and starts writing own assignments; 编辑 also adds, edits
and assigns stories; 总编 also plans issues, moves, drops and restores stories
(and publishes, with the core's articles.publish_article).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTER = ["planning.view_plannedstory", "planning.start_writing", "planning.view_planchange"]
EDITOR = REPORTER + ["planning.add_plannedstory", "planning.change_plannedstory"]
CHIEF = EDITOR + [
    "planning.plan_issue",
    "planning.move_plannedstory",
    "planning.drop_plannedstory",
    "planning.delete_plannedstory",
]

GROUPS = {"记者": REPORTER, "编辑": EDITOR, "总编": CHIEF}


def _permissions(apps, names):
    Permission = apps.get_model("auth", "Permission")
    codenames = {name.split(".", 1)[1] for name in names}
    found = list(Permission.objects.filter(content_type__app_label="planning", codename__in=codenames))
    missing = codenames - {p.codename for p in found}
    if missing:
        raise RuntimeError(f"planning: unknown permissions {sorted(missing)}")
    return found


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; make this app's now.
    app_config = apps.get_app_config("planning")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, perms in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(apps, perms))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, perms in GROUPS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, perms))


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0001_initial"),
        ("articles", "0002_editorial_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
