"""The public-article index also covers the article's place on its page
(issue 17): a list's window (ArticleQuerySet.window) sorts from the index
alone, without reading the wide rows. The old index was its prefix, so it goes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_i17_article_display"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="article", name="article_public_page_idx"),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["status", "published_at", "page", "position"], name="article_public_order_idx"),
        ),
    ]
