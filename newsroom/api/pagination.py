"""Keyset ("cursor") pagination: a page starts after the last item of the one
before, compared by a unique sort key rather than counted by offset.

Offsets skip or repeat items when rows are added before the current position
while a client is paging; a key does not: an article published meanwhile
sorts where it belongs and never shifts the items the client has not seen.
The cursor is the key of the last item, encoded opaquely.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime
from ninja.errors import ValidationError

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


@dataclass(frozen=True)
class Key:
    """One column of a sort key: a field (or annotation) and its direction."""

    field: str
    descending: bool = False
    kind: type = int

    @property
    def order_by(self) -> str:
        return f"-{self.field}" if self.descending else self.field


def encode_cursor(values: Sequence[object]) -> str:
    plain = [v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v for v in values]
    raw = json.dumps(plain, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, keys: Sequence[Key]) -> list[object]:
    """The key values in `cursor`; a 422 naming the parameter if it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        plain = json.loads(raw)
        if not isinstance(plain, list) or len(plain) != len(keys):
            raise ValueError("wrong length")
        return [_typed(value, key.kind) for value, key in zip(plain, keys, strict=True)]
    except (ValueError, TypeError, OverflowError, binascii.Error):
        raise ValidationError(
            [{"type": "value_error", "loc": ["query", "cursor"], "msg": "无效的分页游标：请原样使用上一页返回的 next_cursor"}]
        ) from None


def _typed(value: object, kind: type) -> object:
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("not an integer")
        return value
    if not isinstance(value, str):
        raise ValueError("not a string")
    # What no database column holds: a lone surrogate (this raises
    # UnicodeEncodeError, a ValueError) or NUL (PostgreSQL refuses the query).
    if b"\x00" in value.encode():
        raise ValueError("NUL in a string")
    if kind is dt.datetime:
        parsed = parse_datetime(value)
        if parsed is None or parsed.tzinfo is None:
            raise ValueError("not an aware datetime")
        return parsed.astimezone(dt.UTC)  # OverflowError outside UTC's range, as SQLite would
    if kind is dt.date:
        return dt.date.fromisoformat(value)
    return value


def after(keys: Sequence[Key], values: Sequence[object]) -> Q:
    """Rows strictly after `values` in the order of `keys` (lexicographic)."""
    condition: Q | None = None
    for key, value in reversed(list(zip(keys, values, strict=True))):
        step = Q(**{f"{key.field}__{'lt' if key.descending else 'gt'}": value})
        condition = step if condition is None else step | (Q(**{key.field: value}) & condition)
    return condition


@dataclass
class KeysetPage:
    items: list
    next_cursor: str | None


def paginate(
    queryset: QuerySet,
    keys: Sequence[Key],
    *,
    cursor: str | None,
    limit: int,
    load: Callable[[QuerySet], QuerySet] | None = None,
) -> KeysetPage:
    """One page of `queryset` ordered by `keys`: one query, limit + 1 rows.

    `load`, for wide rows: given the page's ids (a subquery), the rows to
    show. The sort then carries only the ids and their keys, and the rows
    are read by id in the same query."""
    order = [key.order_by for key in keys]
    queryset = queryset.order_by(*order)
    if cursor:
        queryset = queryset.filter(after(keys, decode_cursor(cursor, keys)))
    page = queryset[: limit + 1]
    rows = list(load(page.values("pk")).order_by(*order) if load else page)
    items = rows[:limit]
    more = len(rows) > limit
    next_cursor = encode_cursor([_value(items[-1], key.field) for key in keys]) if more else None
    return KeysetPage(items=items, next_cursor=next_cursor)


def _value(obj: object, field: str) -> object:
    for part in field.split("__"):
        obj = getattr(obj, part)
    return obj
