"""The reader site's URL converters, registered on import.

A capability that serves URLs under the reader's (`/issues/<isodate:date>/…`)
imports this module, not `articles.urls`.
"""

import datetime as dt

from django.urls import register_converter


class IsoDateConverter:
    """`2019-07-11` <-> datetime.date; an impossible date does not match (404)."""

    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> dt.date:
        return dt.date.fromisoformat(value)

    def to_url(self, value: dt.date | str) -> str:
        return value if isinstance(value, str) else value.isoformat()


class PageNumberConverter:
    """Page numbers as printed: two digits, zero-padded (`02`)."""

    regex = r"[0-9]{2}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{int(value):02d}"


class UnicodeSlugConverter:
    """A slug as sections, people and tags have them: letters of any script
    (`要闻`, `邓超`), digits, `-` and `_`. Anything else (a NUL byte, which
    PostgreSQL refuses in text) is a 404, not a database error."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(IsoDateConverter, "isodate")
register_converter(PageNumberConverter, "pageno")
register_converter(UnicodeSlugConverter, "uslug")
