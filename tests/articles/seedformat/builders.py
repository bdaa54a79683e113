"""Small helpers for writing seed pages inline in tests."""

from __future__ import annotations

import dataclasses
from typing import Any

from articles.seedformat import SeedPage

# A body paragraph that ends a sentence, so it never continues into the next block.
BODY = "会议指出,高新区上半年工作有亮点。"


def page(*blocks: str) -> str:
    """Seed text with one blank line between the blocks."""
    return "\n\n".join(blocks) + "\n"


def story(*body: str, headline: str = "高新区召开党工委会议") -> str:
    return page(f"# {headline}", *(body or (BODY,)))


def normalise(text: str) -> str:
    """The text without any whitespace: what must survive a round trip."""
    return "".join(text.split())


def without_spans(page_: SeedPage) -> dict[str, Any]:
    """The page as plain data with every span left out, to compare two parses."""
    return _drop_spans(dataclasses.asdict(page_))


def _drop_spans(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_spans(v) for k, v in value.items() if not k.endswith("span")}
    if isinstance(value, list | tuple):
        return [_drop_spans(v) for v in value]
    return value

