"""The three newsroom roles as groups with their permissions.

记者 writes and submits own drafts; 编辑 edits any article, reviews, attaches
photos, edits pages and teasers, adds corrections; 总编 also publishes,
schedules, unpublishes, imports and manages issues, channels and people.
Frozen here on purpose: later changes to the roles get their own migration.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ_CONTEXT = [
    "articles.view_article",
    "articles.view_byline",
    "articles.view_issue",
    "articles.view_page",
    "articles.view_section",
    "articles.view_person",
    "articles.view_photo",
    "articles.view_transition",
    "articles.view_correction",
    "taggit.view_tag",
    "taggit.view_taggeditem",
]

REPORTER = READ_CONTEXT + [
    "articles.add_article",
    "articles.change_article",
    "articles.submit_article",
    "articles.add_byline",
    "articles.change_byline",
    "articles.delete_byline",
    "taggit.add_tag",
    "taggit.add_taggeditem",
    "taggit.change_taggeditem",
    "taggit.delete_taggeditem",
]

EDITOR = REPORTER + [
    "articles.review_article",
    "articles.add_photo",
    "articles.change_photo",
    "articles.delete_photo",
    "articles.view_rendition",
    "articles.add_page",
    "articles.change_page",
    "articles.add_teaser",
    "articles.change_teaser",
    "articles.delete_teaser",
    "articles.view_teaser",
    "articles.add_correction",
    "articles.view_sourcefile",
    "articles.view_mediachannel",
    "articles.view_publication",
]

CHIEF = EDITOR + [
    "articles.publish_article",
    "articles.delete_article",
    "articles.delete_page",
    "articles.change_correction",
    "articles.delete_correction",
    *(
        f"articles.{verb}_{model}"
        for model in ("issue", "section", "person", "mediachannel")
        for verb in ("add", "change", "delete")
    ),
    "articles.change_publication",
    "articles.add_importrun",
    "articles.view_importrun",
    "taggit.change_tag",
    "taggit.delete_tag",
]

GROUPS = {"记者": REPORTER, "编辑": EDITOR, "总编": CHIEF}


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = set(perms)
        found = [
            p
            for p in Permission.objects.select_related("content_type")
            if f"{p.content_type.app_label}.{p.codename}" in wanted
        ]
        missing = wanted - {f"{p.content_type.app_label}.{p.codename}" for p in found}
        if missing:
            raise RuntimeError(f"group {name}: unknown permissions {sorted(missing)}")
        group.permissions.set(found)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
