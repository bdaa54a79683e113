"""The engine-specific indexes over search_searchdocument (see backends.py).

SQL lives here rather than in app code so that this migration keeps meaning
what it meant when it was written.
"""

from django.db import migrations

SQLITE_FORWARD = [
    # Trigram phrase queries are exact substring search for terms of 3+ chars.
    # case_sensitive 1: the text is already folded, exactly like the query.
    # The rowid is the document's sort key, so matches come out newest first.
    "CREATE VIRTUAL TABLE search_trigram USING fts5("
    "title, text, content='search_searchdocument', content_rowid='sort_key', tokenize='trigram case_sensitive 1')",
    # Each document's distinct 1–2 character grams as ASCII tokens: no
    # positions needed, only which column (detail=column), and no stored copy.
    "CREATE VIRTUAL TABLE search_gram USING fts5("
    "title, text, content='', columnsize=0, detail=column, tokenize='ascii')",
]
SQLITE_BACKWARD = ["DROP TABLE search_gram", "DROP TABLE search_trigram"]

POSTGRES_FORWARD = [
    # pg_trgm ships with PostgreSQL (contrib) and is a trusted extension: the
    # database owner may create it.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX search_doc_text_trgm ON search_searchdocument USING gin (text gin_trgm_ops)",
    # Distinct 1- and 2-character substrings: what pg_trgm cannot look up.
    """
    CREATE FUNCTION newsroom_search_grams(t text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
      SELECT ARRAY(
        SELECT DISTINCT g FROM (
          SELECT unnest(c) AS g
          UNION ALL
          SELECT c[i] || c[i + 1] FROM generate_subscripts(c, 1) AS i WHERE i < cardinality(c)
        ) AS grams
      )
      FROM (SELECT string_to_array(t, NULL) AS c) AS chars
    $$
    """,
    "CREATE INDEX search_doc_grams ON search_searchdocument USING gin (newsroom_search_grams(text))",
]
POSTGRES_BACKWARD = [
    "DROP INDEX search_doc_grams",
    "DROP FUNCTION newsroom_search_grams(text)",
    "DROP INDEX search_doc_text_trgm",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements_by_vendor:
            raise RuntimeError(f"Search supports SQLite and PostgreSQL, not {vendor}.")
        for statement in statements_by_vendor[vendor]:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
