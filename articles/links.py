"""The reader's URLs, reversed once and filled in after.

Django's `reverse()` matches the arguments against the name's patterns on
every call (about 30 µs). A list of 20 articles links each to its article,
issue, page, section and people: over a hundred reverses, a large share of
its render. A `Link` reverses its URL name once per URL configuration and
script prefix, with stand-in values, and later fills each stand-in's place
with the argument as the URL converter writes it: the string `reverse()`
returns (tests/articles/test_links.py compares the two). An argument its
converter would not match goes to `reverse()`, which says why.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse
from django.urls.converters import get_converters

# Stand-ins per converter: valid for it, and not text a URL of ours has.
_STAND_INS = {
    "isodate": ["1111-11-11", "1112-12-12"],
    "pageno": ["97", "98"],
    "int": ["987654321", "987654322"],
    "uslug": ["zqxstandinzqx", "zqxstandinzqy"],
}
# What Django's reverse() leaves unquoted in a path (django.urls.resolvers).
_SAFE = "!$&'()*+,;=/~:@"


@functools.cache
def _compiled(regex: str) -> re.Pattern:
    return re.compile(regex)


def _matches(regex: str, text: str) -> bool:
    return _compiled(regex).fullmatch(text) is not None


class Link:
    """`Link("articles:page", date="isodate", number="pageno")(date=…, number=…)`:
    the URL name and, per argument, the name of its URL converter."""

    def __init__(self, viewname: str, **converters: str):
        self.viewname = viewname
        self.converters = converters
        self._names = list(converters)
        self._templates: dict[tuple, list[str | int]] = {}

    def __call__(self, **kwargs) -> str:
        where = (get_urlconf(), get_script_prefix())
        template = self._templates.get(where)
        if template is None:
            template = self._templates[where] = self._template()
        parts = []
        converters = get_converters()
        for part in template:
            if isinstance(part, str):
                parts.append(part)
                continue
            name = self._names[part]
            converter = converters[self.converters[name]]
            text = str(converter.to_url(kwargs[name]))
            if not _matches(converter.regex, text):
                return reverse(self.viewname, kwargs=kwargs)  # raises NoReverseMatch, naming the argument
            parts.append(quote(text, safe=_SAFE))
        return "".join(parts)

    def _template(self) -> list[str | int]:
        """The reversed URL split at its stand-ins: text, and each argument's index."""
        taken: dict[str, int] = {}
        stand_ins = {}
        for name, converter in self.converters.items():
            stand_ins[name] = _STAND_INS[converter][taken.get(converter, 0)]
            taken[converter] = taken.get(converter, 0) + 1
        url = reverse(self.viewname, kwargs=stand_ins)
        pattern = "(" + "|".join(re.escape(s) for s in stand_ins.values()) + ")"
        index = {stand_in: n for n, stand_in in enumerate(stand_ins.values())}
        return [index[piece] if k % 2 else piece for k, piece in enumerate(re.split(pattern, url)) if piece or k % 2]
