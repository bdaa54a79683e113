"""Photo files become private (issue 14): the originals and renditions move
from the public media storage to the private one, under the same names, and
are served by articles:photo_file as the policy allows; the names are
indexed, since that view finds a file by its name."""

from django.core.files.storage import storages
from django.db import migrations

import articles.files

# (model, field) of every photo file.
FIELDS = (("Photo", "image"), ("Rendition", "file"))


def _move(apps, source: str, target: str) -> None:
    """Copy each file from storage `source` to `target`, then delete it there.
    A file already in `target` is only removed from `source`, so a run that
    stopped half-way can be run again; a file missing from both is left
    alone (its row keeps its name, and the view answers 404)."""
    src, dst = storages[source], storages[target]
    for model_name, field in FIELDS:
        model = apps.get_model("articles", model_name)
        for pk, name in model.objects.exclude(**{field: ""}).values_list("pk", field).iterator():
            if not dst.exists(name):
                if not src.exists(name):
                    continue
                with src.open(name, "rb") as content:
                    saved = dst.save(name, content)
                if saved != name:
                    model.objects.filter(pk=pk).update(**{field: saved})
            if src.exists(name):
                src.delete(name)


def to_private(apps, schema_editor):
    _move(apps, "default", "private")


def to_public(apps, schema_editor):
    _move(apps, "private", "default")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_i15_own_column_ordering"),
    ]

    operations = [
        migrations.AlterField(
            model_name="photo",
            name="image",
            field=articles.files.ServedImageField(
                blank=True,
                db_index=True,
                height_field="height",
                help_text="JPEG、PNG 或 WebP",
                storage=articles.files.private_storage,
                upload_to="photos/%Y/%m/",
                verbose_name="图片文件",
                view_name="articles:photo_file",
                width_field="width",
            ),
        ),
        migrations.AlterField(
            model_name="rendition",
            name="file",
            field=articles.files.ServedImageField(
                db_index=True,
                storage=articles.files.private_storage,
                upload_to="renditions/%Y/%m/",
                verbose_name="文件",
                view_name="articles:photo_file",
            ),
        ),
        migrations.RunPython(to_private, to_public),
    ]
