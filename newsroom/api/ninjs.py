"""Articles as IPTC ninjs (news in JSON), version 3.1, or 2.2 on request.

What goes where (the import in ninjs_import.py reads the same places back):

- `uri`: stable across re-imports of the archive. An imported article is
  known by its issue date, page and the importer's key
  (`urn:newsml:<provider>:20190711:p01-story-0`); an article made in the
  admin by its creation date and primary key (`…:20240301:a123`). The
  provider is NEWSROOM_PROVIDER_ID, a domain of the paper's.
- `headlines`: roles `kicker` (引题), `main` (主标题), `subheadline` (副标题).
- `bodies`: the body as `text/html` (`<p>`, `<h2>` for subheads) and as
  `text/plain` (paragraphs separated by blank lines). The stored text, not
  the reader site's display form: an export imported again is the same article.
- `people`: bylines in print order, `rel` the role (记者, 通讯员, 摄影 …);
  `by` the byline as printed (本报记者 邓超), from which the printed roles return.
- `located` the dateline's place, `contentCreated` its date (midnight, the
  paper's time zone); `firstCreated`, `versionCreated` (when the public form
  last changed).
- `subjects`: the section (`rel` section) and tags (`rel` tag).
- `altIds`: `print:issue` (2019-07-11), `print:page` (02), `print:position`,
  `print:see-also-page` (2019-07-11/03), `newsroom:id`.
- `associations`: photos, `type` picture, caption and alt text as
  `descriptions`, the photographer in `people` and `by` (本报记者 孔茜 摄),
  the original and every rendition in `renditions`.
- `descriptions` with role `correction`: the corrections, dated.
- `profile`: `story` or `photo` (图片新闻).
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

import jsonschema
from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import escape

from articles.models import Article, Correction, Photo, Publication
from articles.templatetags.reader import printed_byline, split_paragraphs

from . import queries
from .schemas import tag_out, url_of

DEFAULT_VERSION = "3.1"
LANGUAGE = "zh-Hans"
SCHEMA_DIR = Path(__file__).resolve().parent / "standards" / "ninjs"
MIME_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def schema_uri(version: str) -> str:
    return f"http://www.iptc.org/std/ninjs/ninjs-schema_{version}.json#"


@cache
def schema(version: str) -> dict:
    """The official JSON Schema of a ninjs version (shipped in standards/ninjs)."""
    return json.loads((SCHEMA_DIR / f"ninjs-schema_{version}.json").read_text(encoding="utf-8"))


@cache
def validator(version: str) -> jsonschema.Draft202012Validator:
    """A validator of the official schema (formats checked where jsonschema can)."""
    return jsonschema.Draft202012Validator(schema(version), format_checker=jsonschema.FormatChecker())


def with_ninjs_relations(queryset):
    """What a ninjs document shows, loaded in a fixed number of queries."""
    return queryset.with_relations().prefetch_related(
        Prefetch("corrections", queryset=Correction.objects.order_by("date", "pk"))
    )


# -- identity -------------------------------------------------------------------


def urn(date: dt.date, item: str) -> str:
    """`urn:newsml:` URNs (RFC 3085): provider, date, item id."""
    return f"urn:newsml:{settings.NEWSROOM_PROVIDER_ID}:{date:%Y%m%d}:{item}"


def article_uri(article: Article) -> str:
    if article.import_key and article.page_id:
        return urn(article.page.issue.date, f"p{article.page.number:02d}-{article.import_key}")
    return urn(timezone.localdate(article.created_at), f"a{article.pk}")


def photo_uri(article: Article, photo: Photo) -> str:
    return f"{article_uri(article)}-photo-{photo.order}"


def when(value: dt.datetime) -> str:
    """A date-time in the paper's time zone, to the second."""
    return timezone.localtime(value).isoformat(timespec="seconds")


def midnight(date: dt.date) -> str:
    return when(timezone.make_aware(dt.datetime.combine(date, dt.time())))


# -- body -----------------------------------------------------------------------


def body_blocks(body: str) -> list[tuple[str, str]]:
    """The body as (HTML element, text): `p` per paragraph, `h2` per `## ` subhead."""
    return [
        ("h2", paragraph[3:].strip()) if paragraph.startswith("## ") else ("p", paragraph)
        for paragraph in split_paragraphs(body)
    ]


def body_html(body: str) -> str:
    return "\n".join(f"<{tag}>{escape(text)}</{tag}>" for tag, text in body_blocks(body))


def body_text(body: str) -> str:
    return "\n\n".join(text for _tag, text in body_blocks(body))


# -- the document ---------------------------------------------------------------


def _photo(request: HttpRequest, article: Article, photo: Photo, publication: Publication) -> dict:
    item: dict = {
        "name": f"photo-{photo.order}",
        "uri": photo_uri(article, photo),
        "type": "picture",
        "language": LANGUAGE,
        "copyrightHolder": publication.name,
        "copyrightNotice": copyright_notice(publication),
    }
    descriptions = [{"role": "caption", "value": photo.caption}] if photo.caption else []
    if photo.alt_text:
        descriptions.append({"role": "alt", "value": photo.alt_text})
    if descriptions:
        item["descriptions"] = descriptions
    if photo.credit is not None:
        item["by"] = photo.credit_line
        item["people"] = [{"name": photo.credit.name, "rel": "摄影", "uri": url_of(request, photo.credit)}]
    renditions = []
    if photo.image:
        renditions.append(
            {
                "name": "original",
                "href": request.build_absolute_uri(photo.image.url),
                "width": photo.width,
                "height": photo.height,
            }
        )
    for r in photo.renditions.all():
        renditions.append(
            {
                "name": f"{r.width}w-{r.format}",
                "href": request.build_absolute_uri(r.file.url),
                "contentType": MIME_TYPES.get(r.format, f"image/{r.format}"),
                "width": r.width,
                "height": r.height,
            }
        )
    if renditions:
        item["renditions"] = renditions
    return item


def copyright_notice(publication: Publication) -> str:
    return f"© {publication.name}"


def to_ninjs(request: HttpRequest, article: Article, *, version: str = DEFAULT_VERSION, publication=None) -> dict:
    """The article as a ninjs document; relations loaded by with_ninjs_relations,
    `tag_list` by articles.querysets.attach_tags and `modified` by queries.public_articles."""
    publication = publication or Publication.load()
    bylines = list(article.byline_list)
    headlines = [{"role": "main", "value": article.headline}]
    if article.kicker:
        headlines.insert(0, {"role": "kicker", "value": article.kicker})
    if article.deck:
        headlines.append({"role": "subheadline", "value": article.deck})
    doc: dict = {
        "uri": article_uri(article),
        "standard": {"name": "ninjs", "version": version, "schema": schema_uri(version)},
        "type": "text",
        "profile": article.kind,
        "representationType": "full",
        "version": str(article.version),
        "firstCreated": when(article.created_at),
        "versionCreated": when(getattr(article, "modified", None) or article.updated_at),
        "pubStatus": "usable",
        "language": LANGUAGE,
        "title": article.headline,
        "headlines": headlines,
        "copyrightHolder": publication.name,
        "copyrightNotice": copyright_notice(publication),
    }
    if article.dateline_date:
        doc["contentCreated"] = midnight(article.dateline_date)
    if article.dateline_place:
        doc["located"] = article.dateline_place
    if bylines:
        doc["by"] = printed_byline(bylines)
        doc["people"] = [{"name": b.person.name, "rel": b.role, "uri": url_of(request, b.person)} for b in bylines]
    if article.body.strip():
        text = body_text(article.body)
        doc["bodies"] = [
            {"role": "main", "contentType": "text/html", "value": body_html(article.body)},
            {"role": "main", "contentType": "text/plain", "value": text, "charCount": len(text)},
        ]
    corrections = [
        {"role": "correction", "contentType": "text/plain", "value": f"{c.date:%Y-%m-%d} {c.text}"}
        for c in article.corrections.all()
    ]
    if corrections:
        doc["descriptions"] = corrections
    subjects = []
    if article.page_id:
        section = article.page.section
        subjects.append({"name": section.name, "rel": "section", "literal": section.slug, "uri": url_of(request, section)})
    subjects += [
        {"name": tag.name, "rel": "tag", "literal": tag.slug, "uri": tag_out(request, tag)["url"]}
        for tag in article.tag_list
    ]
    if subjects:
        doc["subjects"] = subjects
    doc["altIds"] = _alt_ids(request, article)
    photos = [_photo(request, article, photo, publication) for photo in article.photo_list]
    if photos:
        doc["associations"] = photos
    return doc if version == "3.1" else to_version_2(doc)


def _alt_ids(request: HttpRequest, article: Article) -> list[dict]:
    ids = [{"role": "newsroom:id", "value": str(article.pk)}]
    if article.page_id:
        page = article.page
        ids += [
            {"role": "print:issue", "value": page.issue.date.isoformat()},
            {"role": "print:page", "value": f"{page.number:02d}"},
            {"role": "print:position", "value": str(article.position)},
        ]
        if article.is_public:
            ids.append({"role": "url", "value": request.build_absolute_uri(article.get_absolute_url())})
    if article.see_also_page_id:
        other = article.see_also_page
        ids.append({"role": "print:see-also-page", "value": f"{other.issue.date.isoformat()}/{other.number:02d}"})
    return ids


def to_version_2(doc: dict) -> dict:
    """ninjs 2.x spells every property in lower case (`versioncreated`,
    `contenttype`, `altids`); the values are the same."""
    if isinstance(doc, dict):
        return {key.lower(): to_version_2(value) for key, value in doc.items()}
    if isinstance(doc, list):
        return [to_version_2(value) for value in doc]
    return doc


def camel_case_names() -> dict[str, str]:
    """Every property name of ninjs 3.1, by its lower-case (2.x) spelling."""
    names: dict[str, str] = {}

    def walk(node) -> None:
        if isinstance(node, dict):
            for key in node.get("properties", {}):
                names[key.lower()] = key
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema("3.1"))
    return names
