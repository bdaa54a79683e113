"""The public-article test from an id's side (issue 17): counting the
articles a tag names tests each in the index, without reading the wide row
(SQLite stores status and published_at after the body)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_i17_article_page_public_idx"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["id", "status", "published_at", "page"], name="article_public_by_id_idx"),
        ),
    ]
