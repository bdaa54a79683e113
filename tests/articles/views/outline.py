"""Reads a rendered page the way the tests need it: headings, landmarks,
scripts, event-handler attributes and links (stdlib parser only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

LANDMARKS = {"header": "banner", "nav": "navigation", "main": "main", "aside": "complementary", "footer": "contentinfo"}


@dataclass
class Outline:
    lang: str = ""
    headings: list[tuple[str, str]] = field(default_factory=list)
    landmarks: list[str] = field(default_factory=list)
    scripts: list[dict] = field(default_factory=list)
    handlers: list[str] = field(default_factory=list)
    style_attrs: int = 0
    links: list[dict] = field(default_factory=list)
    metas: list[dict] = field(default_factory=list)

    def texts(self, level: str) -> list[str]:
        return [text for tag, text in self.headings if tag == level]

    def hrefs(self) -> list[str]:
        return [link.get("href", "") for link in self.links]

    def meta(self, key: str) -> str | None:
        for meta in self.metas:
            if meta.get("name") == key or meta.get("property") == key:
                return meta.get("content")
        return None


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.outline = Outline()
        self._heading: list | None = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.outline.handlers += [name for name, _ in attrs if name.startswith("on")]
        self.outline.style_attrs += "style" in attributes
        if tag == "html":
            self.outline.lang = attributes.get("lang", "")
        elif tag in LANDMARKS and not (tag in {"header", "footer"} and self._depth):
            self.outline.landmarks.append(LANDMARKS[tag])
        elif tag == "script":
            self.outline.scripts.append(attributes)
        elif tag in {"h1", "h2", "h3", "h4"}:
            self._heading = [tag, ""]
        elif tag in {"a", "link"}:
            self.outline.links.append(attributes)
        elif tag == "meta":
            self.outline.metas.append(attributes)
        if tag in {"article", "section", "main", "aside", "nav"}:
            self._depth += 1

    def handle_endtag(self, tag):
        if self._heading and tag == self._heading[0]:
            self.outline.headings.append((self._heading[0], self._heading[1].strip()))
            self._heading = None
        if tag in {"article", "section", "main", "aside", "nav"}:
            self._depth -= 1

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[1] += data


def outline(html: bytes | str) -> Outline:
    parser = _Parser()
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    return parser.outline
