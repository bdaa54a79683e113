"""The public-article test from a page's side (issue 17): a list driven by
its pages (a section's, with SQLite's statistics) finds their public
articles in the index, without reading the wide rows."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_i17_display_utf8"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["page", "status", "published_at", "position"], name="article_page_public_idx"),
        ),
    ]
