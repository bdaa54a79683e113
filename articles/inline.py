"""Related rows read in their article's own row.

`with_bylines()` and `with_photos()` read an article's bylines (each with
its person) and photos (each with the person credited) as one JSON array
apiece, a correlated subquery in the article's SELECT, and `ArticleIterable`
makes model instances of them as the articles are read. A prefetch is one
more query per relation, and Django took longer to build each than the
database to run it: the JSON Feed's thirty articles with both, 5.2 ms to
load in three queries and 3.8 in one (SQLite, 1,000 issues).

An element is the related row's columns, then its joined person's, in
`_meta.concrete_fields` order, as JSON carries them: numbers, strings and
null. A JSONField's column comes as its text and goes through the field's
`from_db_value`, as from any query. A column whose value JSON does not carry
as the database hands it over (a date; a boolean on SQLite) would come out
as its JSON form: tests/articles/test_inline.py compares every field of
these models with a plain load, on both databases.
"""

from __future__ import annotations

from django.db import NotSupportedError, connections, models
from django.db.models.query import ModelIterable


class RowsOf(models.Expression):
    """An Inline relation's rows of the outer article, as a JSON array of
    arrays in no order (SQLite before 3.44 orders no aggregate: readers
    sort). Written out rather than built as a Django subquery, whose
    compiling cost more than the prefetch it replaces (1.4 ms for the two on
    a feed of thirty); the outer article's alias comes from the compiler, so
    the SQL holds wherever the query puts the article's table."""

    output_field = models.JSONField()

    def __init__(self, plan: _Plan):
        super().__init__()
        self.plan = plan

    def as_sql(self, compiler, connection):
        query = compiler.query
        alias = compiler.quote_name_unless_alias(query.get_initial_alias())
        outer = f"{alias}.{connection.ops.quote_name(query.model._meta.pk.column)}"
        return self.plan.sql(connection).format(outer=outer), []


class Inline:
    """A reverse relation of Article read in the article's row: `relation`
    (bylines), each row with the row its foreign key `joined` points to
    (person; None where that key is null), sorted by (order, pk) into the
    article's attribute `attr`."""

    def __init__(self, *, relation: str, joined: str, attr: str):
        self.relation, self.joined, self.attr = relation, joined, attr
        self.annotation = f"{attr}_rows"
        self._plans: dict[type, _Plan] = {}  # per Article model: its fields are known once apps are ready

    def rows(self, article_model) -> RowsOf:
        """The annotation: this relation's rows of the outer article."""
        return RowsOf(self._plan(article_model))

    def hydrate(self, article, rows: list | None, db: str) -> None:
        """Set `attr` on `article`: instances of `rows`, as `RowsOf` read them."""
        plan = self._plan(type(article))
        connection = connections[db]
        loaded = []
        for row in rows or ():
            instance = plan.own_maker(row[: plan.split], db, connection)
            other = row[plan.split :]
            instance._state.fields_cache[self.joined] = (
                None if other[plan.joined_pk_at] is None else plan.joined_maker(other, db, connection)
            )
            instance._state.fields_cache[plan.back] = article
            loaded.append(instance)
        loaded.sort(key=lambda instance: (instance.order, instance.pk))
        article.__dict__[self.attr] = loaded

    def _plan(self, article_model) -> _Plan:
        if article_model not in self._plans:
            self._plans[article_model] = _Plan(article_model._meta.get_field(self.relation), self.joined)
        return self._plans[article_model]


class _Plan:
    """What reading one Inline relation takes, worked out once per model."""

    def __init__(self, relation, joined: str):
        self.model = relation.related_model
        self.back = relation.field.name
        self.own = list(self.model._meta.concrete_fields)
        joined_model = self.model._meta.get_field(joined).related_model
        self.theirs = list(joined_model._meta.concrete_fields)
        self.split = len(self.own)
        self.joined_pk_at = self.theirs.index(joined_model._meta.pk)
        self.own_maker = _Maker(self.model, self.own)
        self.joined_maker = _Maker(joined_model, self.theirs)
        self.joined_model, self.joined_column = joined_model, self.model._meta.get_field(joined).column
        self._sql: dict[str, str] = {}  # per database vendor, with `{outer}` for the article's id

    def sql(self, connection) -> str:
        if connection.vendor not in self._sql:
            self._sql[connection.vendor] = self._written(connection)
        return self._sql[connection.vendor]

    def _written(self, connection) -> str:
        q = connection.ops.quote_name
        columns = ", ".join(
            [_column(f"inline_own.{q(field.column)}", field) for field in self.own]
            + [_column(f"inline_joined.{q(field.column)}", field) for field in self.theirs]
        )
        if connection.vendor == "sqlite":
            rows = f"json_group_array(json_array({columns}))"
        elif connection.vendor == "postgresql":
            # jsonb, which Django's connection hands over as text for the
            # JSONField to parse, as SQLite's text is (psycopg parses `json`).
            rows = f"jsonb_agg(jsonb_build_array({columns}))"
        else:
            raise NotSupportedError(f"with_bylines() and with_photos() read SQLite and PostgreSQL, not {connection.vendor}")
        back = self.model._meta.get_field(self.back).column
        return (
            f"(SELECT {rows} FROM {q(self.model._meta.db_table)} inline_own"
            f" LEFT JOIN {q(self.joined_model._meta.db_table)} inline_joined"
            f" ON inline_joined.{q(self.joined_model._meta.pk.column)} = inline_own.{q(self.joined_column)}"
            f" WHERE inline_own.{q(back)} = {{outer}})"
        )


class _Maker:
    """Model instances of rows of `fields`' values, each value read through
    its field's own conversion (`from_db_value`), as any query reads it."""

    def __init__(self, model, fields: list):
        self.model = model
        self.attnames = [field.attname for field in fields]
        self.fields = fields
        self.converting = [i for i, field in enumerate(fields) if hasattr(field, "from_db_value")]

    def __call__(self, values: list, db: str, connection):
        if self.converting:
            values = list(values)
            for i in self.converting:
                if values[i] is not None:
                    values[i] = self.fields[i].from_db_value(values[i], None, connection)
        return self.model.from_db(db, self.attnames, values)


def _column(column: str, field) -> str:
    # A JSONField as its text: nested, it would come back an object where
    # the field's own reading expects the column's text.
    return f"CAST({column} AS text)" if isinstance(field, models.JSONField) else column


class ArticleIterable(ModelIterable):
    """Django's model iterable, then what `Inline` relations the query read
    made into each article's lists."""

    def __iter__(self):
        selected = self.queryset.query.annotation_select
        inline = [spec for spec in INLINE if spec.annotation in selected]
        db = self.queryset.db
        for article in super().__iter__():
            for spec in inline:
                spec.hydrate(article, article.__dict__.pop(spec.annotation), db)
            yield article


# Where with_bylines() and with_photos() put what they load (Article.byline_list, .photo_list).
BYLINE_LIST = "_byline_list"
PHOTO_LIST = "_photo_list"
BYLINES = Inline(relation="bylines", joined="person", attr=BYLINE_LIST)
PHOTOS = Inline(relation="photos", joined="credit", attr=PHOTO_LIST)
INLINE = (BYLINES, PHOTOS)
