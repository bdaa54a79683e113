"""The `<url>` elements of a sitemap, written in Python.

Django's sitemap.xml renders each URL through the template language: for a
5,000-URL file that loop was most of the response's time. `urlset_entries`
writes the same elements (loc, lastmod as a date in the site's time zone,
changefreq, priority); no sitemap of ours is translated, so there are no
hreflang alternates to write.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


def _day(value: dt.date) -> str:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d")


def _entry(url: dict) -> str:
    parts = ["<url><loc>", escape(url["location"]), "</loc>"]
    if url.get("lastmod"):
        parts += ["<lastmod>", _day(url["lastmod"]), "</lastmod>"]
    if url.get("changefreq"):
        parts += ["<changefreq>", escape(url["changefreq"]), "</changefreq>"]
    if url.get("priority"):
        parts += ["<priority>", escape(url["priority"]), "</priority>"]
    parts.append("</url>")
    return "".join(parts)


@register.filter
def urlset_entries(urls) -> str:
    return mark_safe("\n".join(_entry(url) for url in urls))
