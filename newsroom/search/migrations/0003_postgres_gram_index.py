"""PostgreSQL: one gram index serves every term, computed in linear time.

0002's function read `c[i]` from a text[] for every i, and subscripting an
array of variable-length elements walks it from the start: quadratic in the
text's length, 4 s for one 6,000-character article. Here the 2-character
grams come from two regex scans (pairs at even, then at odd offsets), 3 ms
for the same text. Same grams, so the index is rebuilt, not the documents.

The function is also declared as costly as it is (COST 1000000, about a
millisecond per article): at the default cost the planner would rather
compute it for every row it reads than use the index built from it.

Longer terms now look up their 2-character pairs in the same index (see
backends.py), so the pg_trgm index goes: a second index over the same text
only gave the planner a second way to guess wrong.
"""

from django.db import migrations

LINEAR = """
CREATE OR REPLACE FUNCTION newsroom_search_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 1000000 AS $$
  SELECT ARRAY(
    SELECT DISTINCT g FROM (
      SELECT unnest(string_to_array(t, NULL)) AS g
      UNION ALL
      SELECT m[1] FROM regexp_matches(t, '(..)', 'g') AS m
      UNION ALL
      SELECT m[1] FROM regexp_matches(substr(t, 2), '(..)', 'g') AS m
    ) AS grams
  )
$$
"""

QUADRATIC = """
CREATE OR REPLACE FUNCTION newsroom_search_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 100 AS $$
  SELECT ARRAY(
    SELECT DISTINCT g FROM (
      SELECT unnest(c) AS g
      UNION ALL
      SELECT c[i] || c[i + 1] FROM generate_subscripts(c, 1) AS i WHERE i < cardinality(c)
    ) AS grams
  )
  FROM (SELECT string_to_array(t, NULL) AS c) AS chars
$$
"""


# The documents holding every gram key and every long term, read through the
# gram index whatever the caller's query looks like: the SET clauses leave
# the planner no other way in (a function with SET is never inlined, so they
# hold), and JIT is not worth compiling for it.
MATCHES = """
CREATE FUNCTION newsroom_search_matches(keys text[], terms text[])
RETURNS TABLE (article_id bigint, sort_key bigint, title text)
LANGUAGE sql STABLE PARALLEL SAFE
SET enable_seqscan = off SET enable_indexscan = off SET jit = off AS $$
  SELECT d.article_id, d.sort_key, d.title FROM search_searchdocument d
  WHERE newsroom_search_grams(d.text) @> keys
    AND NOT EXISTS (SELECT 1 FROM unnest(terms) AS term WHERE strpos(d.text, term) = 0)
$$
"""

TRIGRAM_INDEX = "CREATE INDEX search_doc_text_trgm ON search_searchdocument USING gin (text gin_trgm_ops)"


def _postgres(*statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_engine_indexes")]

    operations = [
        migrations.RunPython(
            _postgres(LINEAR, "REINDEX INDEX search_doc_grams", "DROP INDEX search_doc_text_trgm", MATCHES),
            _postgres(
                "DROP FUNCTION newsroom_search_matches(text[], text[])",
                QUADRATIC,
                "REINDEX INDEX search_doc_grams",
                TRIGRAM_INDEX,
            ),
        )
    ]
