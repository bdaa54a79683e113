"""The public-article index also covers the article's page (issue 14): the
policy's public issues come from the index alone (bench/issues.py). The old
index was its prefix, so it goes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_i14_private_photo_files"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["status", "published_at", "page"], name="article_public_page_idx"),
        ),
        migrations.RemoveIndex(model_name="article", name="article_visibility_idx"),
    ]
