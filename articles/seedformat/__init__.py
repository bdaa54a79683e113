"""The seed archive format: plain-text transcriptions of printed pages.

`decode` turns a file's bytes into text, `parse` turns text into a `SeedPage`,
`render` writes a `SeedPage` back in the same format. Pure Python: no Django.
"""

from .decoding import decode
from .errors import SeedFormatError
from .model import (
    Block,
    Channel,
    ChannelKind,
    Contributor,
    Dateline,
    PageRef,
    Paragraph,
    PhotoStory,
    SeedPage,
    Span,
    Story,
    Teaser,
)
from .parser import parse
from .render import dateline_text, render

__all__ = [
    "Block",
    "Channel",
    "ChannelKind",
    "Contributor",
    "Dateline",
    "PageRef",
    "Paragraph",
    "PhotoStory",
    "SeedFormatError",
    "SeedPage",
    "Span",
    "Story",
    "Teaser",
    "dateline_text",
    "decode",
    "parse",
    "render",
]
