"""ninjs in: IPTC ninjs documents (3.x or 2.x) become draft articles.

One document per file, one transaction per file: a document the official
schema refuses, or that names something we cannot store, is reported with
the file's name, the JSON pointer of the offending value and the reason, and
nothing of it is written; the other files carry on.

The mapping is the export's (ninjs.py), read back, so an exported article
imported again is the same article; a wire service's document fills what it
has: headlines by role (`main`, `kicker`, `subheadline`; a headline without
a role is the main one), the body from HTML (`<p>`, headings as subheads)
or plain text, people as bylines (`rel` the role; English roles such as
`photographer` understood), subjects as tags, `rel: section` as the section.

An article is placed on a page only when the document names the printed
issue and page (`altIds` `print:issue`, `print:page`; made if missing, like
the seed importer does); otherwise it stays unplaced and the section is
noted in the report, as an article holds its section through its page.

Photos are fetched only from local files (the command's, never the admin's)
or from the hosts in NEWSROOM_NINJS_IMAGE_HOSTS, without following
redirects, and go through the same checks as an upload.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import jsonschema
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DataError, IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.models import Article, Byline, Issue, Page, Person, Photo, Role, Section
from articles.services.importing import unique_slug
from articles.services.photos import attach_image

from . import ninjs

FETCH_TIMEOUT = 10  # seconds per image
# Roles other systems write in English, as our roles.
ENGLISH_ROLES = {
    "author": Role.REPORTER,
    "reporter": Role.REPORTER,
    "writer": Role.REPORTER,
    "correspondent": Role.CORRESPONDENT,
    "photographer": Role.PHOTOGRAPHER,
    "editor": Role.EDITOR,
}
KICKER_ROLES = ("kicker", "pre", "overline")
DECK_ROLES = ("subheadline", "sub", "deck", "subtitle")


@dataclass(frozen=True)
class NinjsSource:
    """One file: its name (for the report), its bytes and, for the command
    only, the folder that local image paths are read from."""

    name: str
    data: bytes
    local_dir: Path | None = None


@dataclass
class NinjsFileReport:
    name: str
    article_id: int | None = None
    headline: str = ""
    pointer: str = ""
    error: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def message(self) -> str:
        where = f"{self.name} {self.pointer}" if self.pointer else self.name
        return f"{where}: {self.error}"


class NinjsError(Exception):
    """A document we cannot import: where (a JSON pointer) and why."""

    def __init__(self, pointer: str, reason: str):
        super().__init__(f"{pointer}: {reason}")
        self.pointer = pointer
        self.reason = reason


# -- reading the document ---------------------------------------------------------


@dataclass
class PhotoData:
    caption: str = ""
    alt_text: str = ""
    credit_name: str = ""
    credit_role: str = ""
    href: str = ""
    href_pointer: str = ""
    file_name: str = ""
    image: bytes = b""


@dataclass
class ArticleData:
    kind: str
    kicker: str
    headline: str
    deck: str
    body: str
    dateline_place: str
    dateline_date: dt.date | None
    bylines: list[tuple[str, str, str]]  # name, role, printed role
    tags: list[str]
    section: str
    placement: tuple[dt.date, int] | None
    see_also: tuple[dt.date, int] | None
    photos: list[PhotoData]


def parse_document(data: bytes) -> dict:
    """The document as 3.1 property names; NinjsError if it is no valid ninjs."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise NinjsError("", f"not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise NinjsError("", f"not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    if not isinstance(doc, dict):
        raise NinjsError("", "a ninjs document is a JSON object")
    declared = str((doc.get("standard") or {}).get("version", "")) if isinstance(doc.get("standard"), dict) else ""
    versions = ("2.2", "3.1") if declared.startswith("2") else ("3.1", "2.2")
    first_error = None
    for version in versions:
        error = jsonschema.exceptions.best_match(ninjs.validator(version).iter_errors(doc))
        if error is None:
            return _camel_case(doc) if version.startswith("2") else doc
        first_error = first_error or (version, error)
    version, error = first_error
    pointer = "/" + "/".join(str(part) for part in error.absolute_path)
    raise NinjsError(pointer, f"not valid ninjs {version}: {error.message}")


def _camel_case(node):
    names = ninjs.camel_case_names()
    if isinstance(node, dict):
        return {names.get(key, key): _camel_case(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_camel_case(value) for value in node]
    return node


class _BodyParser(HTMLParser):
    """Paragraphs of an HTML body: `<p>` (and other blocks) as paragraphs,
    headings as `## ` subheads; markup inside them dropped."""

    BLOCKS = {"p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.heading = False

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self.BLOCKS:
            self._flush()
            self.heading = tag[0] == "h" and tag[1:].isdigit()
        elif tag == "br":
            self.current.append("\n")

    def handle_endtag(self, tag) -> None:
        if tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data) -> None:
        self.current.append(data)

    def _flush(self) -> None:
        text = "".join(self.current).strip()
        if text:
            self.paragraphs.append(f"## {text}" if self.heading else text)
        self.current, self.heading = [], False

    def close(self) -> None:
        super().close()
        self._flush()


def body_from(doc: dict) -> str:
    bodies = doc.get("bodies") or []
    html = [b for b in bodies if (b.get("contentType") or "").startswith("text/html")]
    if html:
        parser = _BodyParser()
        parser.feed(html[0]["value"])
        parser.close()
        return "\n\n".join(parser.paragraphs)
    plain = [b for b in bodies if not b.get("contentType") or b["contentType"].startswith("text/plain")]
    if not plain:
        return ""
    text = plain[0]["value"].replace("\r\n", "\n")
    separator = "\n\n" if "\n\n" in text else "\n"
    return "\n\n".join(p.strip() for p in text.split(separator) if p.strip())


def _headlines(doc: dict) -> tuple[str, str, str]:
    by_role: dict[str, str] = {}
    for headline in doc.get("headlines") or []:
        by_role.setdefault((headline.get("role") or "main").lower(), headline["value"].strip())
    headline = by_role.get("main") or (doc.get("title") or "").strip()
    if not headline:
        raise NinjsError("/headlines", "no headline: give one with role main (or none), or a title")
    kicker = next((by_role[r] for r in KICKER_ROLES if r in by_role), "")
    deck = next((by_role[r] for r in DECK_ROLES if r in by_role), "")
    return kicker, headline, deck


def _role(rel: str) -> tuple[str, str]:
    """(role, printed role) for a person's `rel`."""
    rel = (rel or "").strip()
    if rel in Role.values:
        return rel, ""
    if rel.removeprefix("本报") in Role.values:
        return rel.removeprefix("本报"), rel
    return ENGLISH_ROLES.get(rel.lower(), Role.REPORTER), ""


def _bylines(doc: dict) -> list[tuple[str, str, str]]:
    people = [(p["name"].strip(), *_role(p.get("rel", ""))) for p in doc.get("people") or [] if (p.get("name") or "").strip()]
    # Our own `by` is "printed-role name …" (本报记者 邓超): the printed roles come back from it.
    tokens = (doc.get("by") or "").split()
    if len(tokens) == 2 * len(people) and all(tokens[2 * i + 1] == name for i, (name, _r, _p) in enumerate(people)):
        people = [(name, role, "" if tokens[2 * i] == role else tokens[2 * i]) for i, (name, role, _p) in enumerate(people)]
    seen, unique = set(), []
    for name, role, printed in people:  # one byline per person and role
        if (name, role) not in seen:
            seen.add((name, role))
            unique.append((name, role, printed))
    return unique


def _alt_ids(doc: dict) -> dict[str, str]:
    return {a["role"]: a["value"] for a in doc.get("altIds") or [] if a.get("role") and a.get("value")}


def _page_ref(value: str, pointer: str) -> tuple[dt.date, int]:
    date, _slash, number = value.partition("/")
    try:
        return dt.date.fromisoformat(date), int(number)
    except ValueError:
        raise NinjsError(pointer, f"«{value}» is not a printed page (2019-07-11/03)") from None


def _placement(doc: dict) -> tuple[dt.date, int] | None:
    ids = _alt_ids(doc)
    if "print:issue" in ids and "print:page" in ids:
        return _page_ref(f"{ids['print:issue']}/{ids['print:page']}", "/altIds")
    return None


def _dateline_date(doc: dict) -> dt.date | None:
    if not doc.get("contentCreated"):
        return None
    parsed = parse_datetime(doc["contentCreated"])
    if parsed is None:
        raise NinjsError("/contentCreated", f"«{doc['contentCreated']}» is not an ISO 8601 date-time")
    return timezone.localtime(parsed).date() if timezone.is_aware(parsed) else parsed.date()


def _photo(index: int, item: dict) -> PhotoData:
    descriptions = {(d.get("role") or "caption"): d["value"] for d in reversed(item.get("descriptions") or [])}
    people = [p["name"].strip() for p in item.get("people") or [] if (p.get("name") or "").strip()]
    photo = PhotoData(caption=descriptions.get("caption", ""), alt_text=descriptions.get("alt", ""))
    if people:
        photo.credit_name = people[0]
        by = (item.get("by") or "").strip()
        suffix = f"{photo.credit_name} 摄"
        photo.credit_role = by.removesuffix(suffix).strip() if by.endswith(suffix) else ""
    renditions = list(enumerate(item.get("renditions") or []))
    images = [(i, r) for i, r in renditions if r.get("href") and (r.get("contentType") or "image/").startswith("image/")]
    if images:
        original = [(i, r) for i, r in images if r["name"] == "original"]
        i, chosen = (original or sorted(images, key=lambda ir: ir[1].get("width") or 0))[-1]
        photo.href, photo.href_pointer = chosen["href"], f"/associations/{index}/renditions/{i}/href"
    return photo


def read_article(doc: dict) -> ArticleData:
    """What a valid document says, in our terms (nothing stored yet)."""
    kicker, headline, deck = _headlines(doc)
    subjects = doc.get("subjects") or []
    section = next((s.get("name", "").strip() for s in subjects if s.get("rel") == "section"), "")
    tags = [s["name"].strip() for s in subjects if s.get("rel") != "section" and (s.get("name") or "").strip()]
    ids = _alt_ids(doc)
    see_also = _page_ref(ids["print:see-also-page"], "/altIds") if "print:see-also-page" in ids else None
    pictures = [
        _photo(i, item) for i, item in enumerate(doc.get("associations") or []) if item.get("type", "picture") == "picture"
    ]
    return ArticleData(
        kind=Article.Kind.PHOTO if doc.get("profile") == Article.Kind.PHOTO else Article.Kind.STORY,
        kicker=kicker,
        headline=headline,
        deck=deck,
        body=body_from(doc),
        dateline_place=(doc.get("located") or "").strip(),
        dateline_date=_dateline_date(doc),
        bylines=_bylines(doc),
        tags=list(dict.fromkeys(tags)),
        section=section,
        placement=_placement(doc),
        see_also=see_also,
        photos=pictures,
    )


def _check_lengths(data: ArticleData) -> None:
    """Refuse text longer than its field, naming where it came from."""
    checks = [
        (Article, "kicker", data.kicker, "/headlines"),
        (Article, "headline", data.headline, "/headlines"),
        (Article, "deck", data.deck, "/headlines"),
        (Article, "dateline_place", data.dateline_place, "/located"),
        (Section, "name", data.section, "/subjects"),
        *((Person, "name", name, "/people") for name, _role, _printed in data.bylines),
        *((Byline, "printed_role", printed, "/by") for _name, _role, printed in data.bylines),
        *((Person, "name", p.credit_name, f"/associations/{i}/people") for i, p in enumerate(data.photos)),
        *((Photo, "credit_role", p.credit_role, f"/associations/{i}/by") for i, p in enumerate(data.photos)),
        *((Photo, "alt_text", p.alt_text, f"/associations/{i}/descriptions") for i, p in enumerate(data.photos)),
        *(("tag", "name", tag, "/subjects") for tag in data.tags),
    ]
    for model, name, value, pointer in checks:
        limit = 100 if model == "tag" else model._meta.get_field(name).max_length
        if len(value) > limit:
            raise NinjsError(pointer, f"«{value[:20]}…» has {len(value)} characters, more than the {limit} it can hold")


# -- photos -------------------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect could lead anywhere: the configured host must serve the file itself."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise urllib.error.HTTPError(req.full_url, code, f"redirects to {newurl}; not followed", headers, fp)


def _host_allowed(parts) -> bool:
    allowed = {host.lower() for host in settings.NEWSROOM_NINJS_IMAGE_HOSTS}
    return parts.netloc.lower() in allowed or (parts.hostname or "").lower() in allowed


def fetch_image(href: str, *, local_dir: Path | None) -> tuple[str, bytes]:
    """(file name, bytes) of an image a document points at; ValueError saying why not."""
    limit = settings.NEWSROOM_MAX_UPLOAD_BYTES
    parts = urlsplit(href)
    if parts.scheme in ("http", "https"):
        if not _host_allowed(parts):
            raise ValueError(f"{parts.netloc} is not among the hosts images may be fetched from (NEWSROOM_NINJS_IMAGE_HOSTS)")
        opener = urllib.request.build_opener(_NoRedirects)
        try:
            with opener.open(href, timeout=FETCH_TIMEOUT) as response:
                data = response.read(limit + 1)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise ValueError(f"could not fetch it: {getattr(exc, 'reason', exc)}") from None
        name = PurePosixPath(unquote(parts.path)).name
    elif parts.scheme in ("", "file"):
        if local_dir is None:
            raise ValueError("local files are read only by the import_ninjs command; give an http(s) URL of an allowed host")
        path = Path(unquote(parts.path))
        path = path if path.is_absolute() else local_dir / path
        if not path.is_file():
            raise ValueError(f"no such file: {path}")
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
        name = path.name
    else:
        raise ValueError(f"the scheme {parts.scheme}: is not fetched")
    if len(data) > limit:
        raise ValueError(f"larger than the upload limit of {limit} bytes")
    return name or "photo", data


# -- writing ------------------------------------------------------------------------


def _person(name: str) -> Person:
    person = Person.objects.filter(name=name).order_by("pk").first()
    return person or Person.objects.create(name=name, slug=unique_slug(Person, name))


def _section(name: str) -> Section:
    section = Section.objects.filter(name=name).first()
    return section or Section.objects.create(name=name, slug=unique_slug(Section, name))


def _page(placement: tuple[dt.date, int], section_name: str, *, create: bool) -> Page | None:
    date, number = placement
    page = Page.objects.filter(issue__date=date, number=number).first()
    if page is None and create:
        issue, _created = Issue.objects.get_or_create(date=date)
        page = Page.objects.create(issue=issue, number=number, section=_section(section_name))
    return page


def _write(data: ArticleData, *, user, report: NinjsFileReport) -> Article:
    page = None
    if data.placement:
        if not data.section and not Page.objects.filter(issue__date=data.placement[0], number=data.placement[1]).exists():
            raise NinjsError("/subjects", "the printed page is new here and no subject with rel section names its section")
        page = _page(data.placement, data.section, create=True)
    elif data.section:
        report.notes.append(f"section «{data.section}» not set: the article is not placed on a page")
    position = 0
    if page is not None:
        position = (page.articles.aggregate(last=Max("position"))["last"] or -1) + 1
    see_also = _page(data.see_also, "", create=False) if data.see_also else None
    if data.see_also and see_also is None:
        report.notes.append(f"see-also page {data.see_also[0]}/{data.see_also[1]:02d} does not exist here; left out")
    article = Article.objects.create(
        kind=data.kind,
        kicker=data.kicker,
        headline=data.headline,
        deck=data.deck,
        body=data.body,
        dateline_place=data.dateline_place,
        dateline_date=data.dateline_date,
        page=page,
        position=position,
        see_also_page=see_also,
        status=Article.Status.DRAFT,
        created_by=user,
    )
    Byline.objects.bulk_create(
        Byline(article=article, person=_person(name), role=role, printed_role=printed, order=order)
        for order, (name, role, printed) in enumerate(data.bylines)
    )
    if data.tags:
        article.tags.add(*data.tags)
    for order, photo_data in enumerate(data.photos):
        photo = Photo.objects.create(
            article=article,
            order=order,
            caption=photo_data.caption,
            alt_text=photo_data.alt_text,
            credit=_person(photo_data.credit_name) if photo_data.credit_name else None,
            credit_role=photo_data.credit_role,
        )
        if photo_data.image:
            try:
                attach_image(photo=photo, upload=ContentFile(photo_data.image, name=photo_data.file_name))
            except ValidationError as exc:
                raise NinjsError(photo_data.href_pointer, " ".join(exc.messages)) from None
    return article


def import_document(*, source: NinjsSource, user=None) -> NinjsFileReport:
    """Import one file in one transaction and say what happened; never raises for bad input."""
    report = NinjsFileReport(name=source.name)
    try:
        data = read_article(parse_document(source.data))
        _check_lengths(data)
        for photo in data.photos:  # fetched before the transaction: no network while it holds locks
            if photo.href:
                try:
                    photo.file_name, photo.image = fetch_image(photo.href, local_dir=source.local_dir)
                except ValueError as exc:
                    raise NinjsError(photo.href_pointer, f"image «{photo.href}»: {exc}") from None
        with transaction.atomic():
            article = _write(data, user=user, report=report)
    except NinjsError as exc:
        report.pointer, report.error, report.notes = exc.pointer, exc.reason, []
    except (IntegrityError, DataError) as exc:
        report.error = f"cannot be stored ({exc}); nothing of this file was written"
        report.notes = []
    else:
        report.article_id, report.headline = article.pk, article.headline
    return report


def import_ninjs(*, sources: list[NinjsSource], user=None) -> list[NinjsFileReport]:
    """Each file in its own transaction; a bad one never stops the rest."""
    return [import_document(source=source, user=user) for source in sources]
