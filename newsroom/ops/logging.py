"""Log records as one JSON object per line, for log shippers."""

from __future__ import annotations

import datetime as dt
import json
import logging


class JsonLineFormatter(logging.Formatter):
    """`{"time": …, "level": …, "logger": …, "message": …, …}` on one line.

    A request record carries its fields in `extra={"http": {...}}`; they are
    merged in at the top level. Exceptions are included as one escaped string.
    """

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(getattr(record, "http", {}))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)
