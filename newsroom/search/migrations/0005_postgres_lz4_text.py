"""PostgreSQL: documents' text compressed with LZ4 where the server has it.

Every term of three characters or more is checked with strpos on each
candidate's text, and a count past the limit checks a thousand of them. Most
texts are over 2 kB, so each check first decompresses one from TOAST: with
the default pglz a third of the check (11 µs for an 8 kB text, 7.5 µs with
LZ4, whose decompressing barely shows). Kept in the row uncompressed
instead, the texts made the table twelve times larger and the bitmap scans
of common words slower than the checks they saved.

Rows already written keep pglz until they are written again
(`manage.py rebuild_search_index` rewrites them all); both read the same.
"""

from django.db import migrations

HAS_LZ4 = (
    "SELECT EXISTS (SELECT FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals))"
)


def _compression(method):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(HAS_LZ4)
            if cursor.fetchone()[0]:
                schema_editor.execute(
                    f"ALTER TABLE search_searchdocument ALTER COLUMN text SET COMPRESSION {method}", params=None
                )

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_postgres_title_gram_index")]

    operations = [migrations.RunPython(_compression("lz4"), _compression("pglz"))]
