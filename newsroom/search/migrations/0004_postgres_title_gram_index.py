"""PostgreSQL: a gram index over the titles too.

Past the result limit, headline matches were looked for by reading titles
newest first, which for a word common in bodies but in no headline (a
name, say) read every title in the archive: 250 ms at 100,000 articles.
The titles' own gram index answers that at once; it is small, as titles
are.
"""

from django.db import migrations


def _postgres(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_postgres_gram_index")]

    operations = [
        migrations.RunPython(
            _postgres(
                "CREATE INDEX search_doc_title_grams ON search_searchdocument USING gin (newsroom_search_grams(title))"
            ),
            _postgres("DROP INDEX search_doc_title_grams"),
        )
    ]
