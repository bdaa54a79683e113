"""Importing the seed archive: one transaction per file, repeatable, lossless.

The parser (`articles.seedformat`) turns text into dataclasses; this module
turns those into records. A record remembers the checksum of what the
importer wrote; when its current values no longer match, an editor has
changed it since, and a re-import leaves it alone (and says so) unless forced.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db import DatabaseError, DataError, IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles import changes, planner
from articles import seedformat as sf
from articles.changes import Affected
from articles.models import (
    Article,
    Byline,
    ImportRun,
    Issue,
    MediaChannel,
    Page,
    Person,
    Photo,
    PrintedChannel,
    Publication,
    Role,
    Section,
    SourceFile,
    Teaser,
)
from articles.services.jumps import link_jumps
from articles.services.share_cards import IMPORTED_WITHOUT_CARDS

FRONT_PAGE_NAME = "头版"
# "files": the source files themselves; an unchanged one (same bytes as at
# its last import) is not compared record by record.
KINDS = ("files", "issues", "pages", "articles", "photos", "people", "teasers", "channels")
OUTCOMES = ("created", "updated", "unchanged", "skipped")


@dataclass(frozen=True)
class SeedSource:
    """One file to import: its name (kept as the source's name) and bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class ImportOptions:
    date: dt.date | None = None  # the issue date, for pages that do not state it
    page: int | None = None  # the page number, for inner pages that do not state it
    draft: bool = False  # import as drafts instead of published
    force: bool = False  # overwrite records editors have changed since
    dry_run: bool = False  # report what would change, write nothing
    # Have the change's consumer draw each article's share card (~5 ms
    # each); a bulk load may leave them to one `make_share_cards` run afterwards.
    share_cards: bool = True


@dataclass
class FileReport:
    """What happened to one file, in the active language (the admin's Chinese).

    `hint` names the option that would fix a refused file (ImportOptions'
    field: "date", "page"); the command line turns it into its flag.
    """

    name: str
    ok: bool = True
    error: str = ""
    line: int | None = None
    hint: str = ""
    counts: Counter = field(default_factory=Counter)  # keys: (kind, outcome)
    notes: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        where = _("{name} 第 {line} 行").format(name=self.name, line=self.line) if self.line else self.name
        return f"{where}：{self.error}"

    @property
    def changed(self) -> bool:
        """Whether a record was made or changed (a source file's new bytes
        alone, say whitespace, change nothing readers see)."""
        return any(kind != "files" and outcome in ("created", "updated") for (kind, outcome) in self.counts)


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    dry_run: bool = False

    @property
    def totals(self) -> Counter:
        total: Counter = Counter()
        for report in self.files:
            total.update(report.counts)
        return total

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if not f.ok]

    def table(self) -> list[tuple[str, int, int, int, int]]:
        """One row per kind: created, updated, unchanged, skipped."""
        totals = self.totals
        return [(kind, *(totals[(kind, outcome)] for outcome in OUTCOMES)) for kind in KINDS]


class ImportFailure(Exception):
    """A file that cannot be imported; nothing of it is written. `hint`: the
    option that would supply what the file lacks (see FileReport)."""

    def __init__(self, reason: str, line: int | None = None, *, hint: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.hint = hint


def _seed_format_reason(reason: str) -> str:
    """The parser's reason in the active language. The parser stays free of
    Django, so its English reasons are translated here, where they reach people."""
    reasons = {
        "the file is empty": _("文件是空的"),
        "neither UTF-8 nor GB18030 (it is UTF-16)": _("既不是 UTF-8 也不是 GB18030 编码（是 UTF-16）"),
        "not a text file": _("不是文本文件"),
        "neither UTF-8 nor GB18030": _("既不是 UTF-8 也不是 GB18030 编码"),
        "the file holds only blank lines": _("文件只有空行"),
        "no headline (a line starting with '# ')": _("没有标题（以“# ”开头的一行）"),
        "a headline ('# ') with no text": _("标题（“# ”）后面没有文字"),
    }
    return reasons.get(reason, reason)


class _DryRunRollback(Exception):
    """Raised inside the file's transaction to undo a dry run's writes."""


def import_files(
    *,
    sources: Sequence[SeedSource],
    options: ImportOptions = ImportOptions(),
    user=None,
    on_progress: Callable[[int, int, FileReport], None] | None = None,
) -> ImportReport:
    """Import each source in its own transaction; a bad file never stops the rest.

    A real run (not a dry run) is recorded before the first file, in a
    transaction of its own, and its progress after every file: a run whose
    process dies leaves its record, shown as interrupted.
    """
    report = ImportReport(dry_run=options.dry_run)
    run = None if options.dry_run else _start_run(user=user)
    try:
        # Each file commits on its own; search and the caches take them all at the end.
        with changes.batched():
            for index, source in enumerate(sources, start=1):
                file_report = import_file(source=source, options=options)
                report.files.append(file_report)
                if run is not None:
                    _record_progress(run, report)
                if on_progress:
                    on_progress(index, len(sources), file_report)
    except BaseException as exc:
        if run is not None:
            stopped = isinstance(exc, KeyboardInterrupt | SystemExit)
            status = ImportRun.Status.INTERRUPTED if stopped else ImportRun.Status.FAILED
            # If the database itself failed, the stale heartbeat tells the story instead.
            with contextlib.suppress(DatabaseError):
                _finish_run(run, report, status=status, error=f"{type(exc).__name__}: {exc}")
        raise
    if run is not None:
        _finish_run(run, report, status=ImportRun.Status.FINISHED)
        # SQLite plans from statistics only it gathers (articles.planner).
        planner.refresh_statistics()
    return report




def _start_run(*, user) -> ImportRun:
    # Committed at once (unless a caller holds a transaction open around the
    # whole import): the record exists whatever happens to the files.
    with transaction.atomic():
        now = timezone.now()
        return ImportRun.objects.create(user=user, status=ImportRun.Status.RUNNING, started_at=now, heartbeat_at=now)


def _record_progress(run: ImportRun, report: ImportReport) -> None:
    run.heartbeat_at = timezone.now()
    run.files_ok = len(report.files) - len(report.failed)
    run.files_failed = len(report.failed)
    run.save(update_fields=["heartbeat_at", "files_ok", "files_failed"])


def _finish_run(run: ImportRun, report: ImportReport, *, status: str, error: str = "") -> None:
    run.status = status
    run.finished_at = run.heartbeat_at = timezone.now()
    run.files_ok = len(report.files) - len(report.failed)
    run.files_failed = len(report.failed)
    run.summary = {kind: dict(zip(OUTCOMES, counts)) for kind, *counts in report.table()}
    run.errors = [{"file": f.name, "line": f.line, "reason": f.error} for f in report.failed]
    if error:
        run.errors.append({"file": None, "line": None, "reason": error})
    run.save()


def import_file(*, source: SeedSource, options: ImportOptions = ImportOptions()) -> FileReport:
    """Import one file atomically and say what happened; never raises for bad input."""
    report = FileReport(name=source.name)
    stored = SourceFile.objects.filter(name=source.name).defer("raw_text").first()
    if _unchanged_since_imported(stored, source, options):
        report.counts[("files", "unchanged")] += 1
        return report
    try:
        text, encoding = _decode(source.data)
        page_data = sf.parse(text)
        with transaction.atomic():
            writer = _Writer(
                source=source, stored=stored, text=text, encoding=encoding, page=page_data, options=options, report=report
            )
            writer.write()
            if writer.touched:  # only a new or changed story can complete a jump
                _join_jumps(writer.issue, report)
            if options.dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    except sf.SeedFormatError as exc:
        _fail(report, _seed_format_reason(exc.reason), exc.line)
    except ImportFailure as exc:
        _fail(report, exc.reason, exc.line, hint=exc.hint)
    except IntegrityError as exc:
        _fail(report, _("与已存储的记录冲突（{error}），这个文件一条也没有写入").format(error=exc))
    except DataError as exc:
        _fail(report, _("有值超出了字段的容量（{error}），这个文件一条也没有写入").format(error=exc))
    return report


def _unchanged_since_imported(stored: SourceFile | None, source: SeedSource, options: ImportOptions) -> bool:
    """Whether the file's bytes are those `stored` (its last import) kept,
    into records still there: then it would write nothing (its records hold
    either what it says or an editor's change, which stays), and the one
    query that read `stored` says so. `--force` compares every record, and
    `--date` / `--page` may place an unchanged file elsewhere, so they
    always take the full way."""
    if stored is None or options.force or options.date or options.page:
        return False
    return (
        stored.issue_id is not None
        and stored.page_id is not None
        and stored.content_hash == hashlib.sha256(source.data).hexdigest()
    )


def _join_jumps(issue: Issue, report: FileReport) -> None:
    """Stories that jump pages (转版) become one article once both parts are in."""
    joined: set[int] = set()
    for head, tail in link_jumps(issue=issue):
        joined |= {head.pk, tail.pk}
        report.notes.append(
            _("“{headline}”（第{head:02d}版）转第{tail:02d}版，已合为一篇").format(
                headline=head.headline, head=head.page.number, tail=tail.page.number
            )
        )
    if joined:
        # Both parts now read as one article on both pages.
        changes.record(kind="article", action="joined", affected=changes.articles_affected(joined, listings=True))


def _fail(report: FileReport, reason: str, line: int | None = None, *, hint: str = "") -> None:
    report.ok = False
    report.error = reason
    report.line = line
    report.hint = hint
    report.counts.clear()
    report.notes.clear()


def _decode(data: bytes) -> tuple[str, str]:
    text = sf.decode(data)
    if data.startswith(b"\xef\xbb\xbf"):
        return text, "utf-8-sig"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return text, "gb18030"
    return text, "utf-8"


def checksum(values: dict) -> str:
    """A stable fingerprint of a record's imported values."""
    encoded = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def article_values(article: Article) -> dict:
    """The fields the importer owns on an article, as currently stored."""
    return {
        "kind": article.kind,
        "kicker": article.kicker,
        "headline": article.headline,
        "deck": article.deck,
        "dateline_place": article.dateline_place,
        "dateline_date": article.dateline_date.isoformat() if article.dateline_date else None,
        "body": article.body,
        "position": article.position,
        "is_lead": article.is_lead,
        "see_also_page": article.see_also_page_id,
        # In printed order; the importer prefetches them with their people.
        "bylines": [
            [b.person.name, b.role, b.printed_role, b.order]
            for b in sorted(article.byline_list, key=lambda b: (b.order, b.pk))
        ],
    }


def photo_values(photo: Photo) -> dict:
    return {
        "caption": photo.caption,
        "credit": photo.credit.name if photo.credit_id else None,
        "credit_role": photo.credit_role,
        "order": photo.order,
    }


def teaser_values(teaser: Teaser) -> dict:
    return {"title": teaser.title, "target_page": teaser.target_page_id, "order": teaser.order}


def channel_values(channel: MediaChannel) -> dict:
    return {"name": channel.name, "kind": channel.kind}


def page_values(page: Page) -> dict:
    return {"section": page.section.name}


@dataclass
class _Reconciler:
    """What the importer may change: a record is created, brought up to date,
    or left as an editor made it (and reported); text that does not fit its
    field fails the file. Counts each outcome in the file's report."""

    options: ImportOptions
    report: FileReport

    def count(self, kind: str, outcome: str) -> None:
        self.report.counts[(kind, outcome)] += 1

    @staticmethod
    def check_lengths(model, fields: dict, *, what: str, span: sf.Span) -> None:
        """Refuse text longer than its field holds, naming it and its line:
        PostgreSQL would fail the file without saying where, SQLite would keep it whole."""
        for name, value in fields.items():
            max_length = getattr(model._meta.get_field(name), "max_length", None)
            if isinstance(value, str) and max_length and len(value) > max_length:
                raise ImportFailure(
                    _("{what}：{field}有 {length} 个字符，超过了上限 {max_length} 个").format(
                        what=what, field=model._meta.get_field(name).verbose_name, length=len(value), max_length=max_length
                    ),
                    span.start_line,
                )

    def reconcile(self, *, kind: str, record, wanted: dict, values, create, update, label: str) -> str:
        """Create the record, or bring an existing one to `wanted`, unless an
        editor changed it since the import (its values no longer match the
        checksum the importer wrote): then it is left alone and reported.

        `create(checksum)` and `update(checksum)` do the writing; the outcome
        is counted and returned.
        """
        if record is None:
            create(checksum(wanted))
            outcome = "created"
        else:
            current = values(record)
            if current == wanted:
                outcome = "unchanged"
            elif checksum(current) != record.import_checksum and not self.options.force:
                outcome = "skipped"
                self.report.notes.append(_("{label}：导入后被编辑改过，保留了编辑的版本").format(label=label))
            else:
                update(checksum(wanted))
                outcome = "updated"
        self.count(kind, outcome)
        return outcome


@dataclass
class _Writer:
    """Writes one parsed page's records, asking `_Reconciler` what each may
    change. Lives for one file, inside its transaction.

    What the database holds for the file is read up front, a query per kind
    (the issue's pages, the page's articles with their bylines, photos,
    teasers, the channels and people the file names); new records are
    written with one bulk insert per kind at the end, so a page costs about
    the same number of queries however many stories it has.
    """

    source: SeedSource
    stored: SourceFile | None  # the file's record of its last import, if any (its raw text deferred)
    text: str
    encoding: str
    page: sf.SeedPage
    options: ImportOptions
    report: FileReport
    publication_changed: bool = False

    def __post_init__(self) -> None:
        self.reconciler = _Reconciler(options=self.options, report=self.report)
        self.touched: list[Article] = []  # created or updated here, or their photos
        self.people: dict[str, Person] | None = None  # by name, read at the first byline or credit
        self.people_seen: set[str] = set()
        self.sections: dict[str, Section] | None = None  # by name, read when a page is made
        self.new_people: list[Person] = []
        self.new_articles: list[Article] = []
        self.new_bylines: list[Byline] = []
        self.new_photos: list[Photo] = []
        self.photo_updates: list[tuple[Photo, dict, str]] = []
        self.new_teasers: list[Teaser] = []
        self.new_channels: list[MediaChannel] = []

    def write(self) -> None:
        issue_date = self._issue_date()
        page_ref = self._page_ref(issue_date)
        self.source_file = self._source_file()
        self.issue = self._issue(issue_date)
        self.pages = (
            {} if self.issue_created else {p.number: p for p in Page.objects.select_related("section").filter(issue=self.issue)}
        )
        self.own_page = self._page(page_ref.number, page_ref.name, own=True)
        if (self.source_file.issue_id, self.source_file.page_id) != (self.issue.pk, self.own_page.pk):
            self.source_file.issue, self.source_file.page = self.issue, self.own_page
            self.source_file.save(update_fields=["issue", "page"])
        self._read_page_records()

        position = 0
        for index, story in enumerate(self.page.stories):
            self._article_from_story(story, key=f"story-{index}", position=position)
            position += 1
        for index, photo_story in enumerate(self.page.photo_stories):
            self._article_from_photo_story(photo_story, key=f"photo-{index}", position=position)
            position += 1
        for order, teaser in enumerate(self.page.teasers):
            self._teaser(teaser, order)
        for order, channel in enumerate(self.page.channels):
            self._channel(channel, order)
        self._insert_new()
        self._printed_footer()
        self._publication()
        for block in self.page.unclassified:
            self.report.notes.append(
                _("第 {start}–{end} 行只保留在来源文件里（不是能识别的版面内容）：{text}…").format(
                    start=block.span.start_line, end=block.span.end_line, text=block.text[:30]
                )
            )
        self._record_change()

    def _read_page_records(self) -> None:
        """The own page's articles (with bylines), photos and teasers, and the
        channels the file lists: a query each, none for a page made just now."""
        page = self.own_page
        self.articles: dict[str, Article] = {}
        self.photos: dict[int, Photo] = {}
        self.teasers: dict[int, Teaser] = {}
        if not self.page_created:
            bylines = Byline.objects.select_related("person").order_by("order", "pk")
            self.articles = {
                a.import_key: a
                for a in Article.objects.filter(page=page).exclude(import_key="").prefetch_related(Prefetch("bylines", bylines))
            }
            if self.page.photo_stories:
                self.photos = {p.article_id: p for p in Photo.objects.select_related("credit").filter(article__page=page, order=0)}
            if self.page.teasers:
                self.teasers = {t.order: t for t in Teaser.objects.filter(page=page)}
        labels = [c.label for c in self.page.channels]
        self.channels = {c.label: c for c in MediaChannel.objects.filter(label__in=labels)} if labels else {}

    def _insert_new(self) -> None:
        """The records made for this file, one bulk insert per kind (people
        and articles first: bylines and photos point at them), and the photos
        updated."""
        slugs = unique_slugs(Person, [person.name for person in self.new_people])
        for person in self.new_people:
            person.slug = slugs[person.name]
        Person.objects.bulk_create(self.new_people)
        Article.objects.bulk_create(self.new_articles)
        Byline.objects.bulk_create(self.new_bylines)
        Photo.objects.bulk_create(self.new_photos)
        for photo, fields, import_checksum in self.photo_updates:
            _save(photo, fields, import_checksum)
        Teaser.objects.bulk_create(self.new_teasers)
        MediaChannel.objects.bulk_create(self.new_channels)

    def _record_change(self) -> None:
        """One change for the file: its articles (bylines written by bulk_create
        included), its page and issue; every page when the masthead, footer or
        the set of pages and issues changed. Every article written here is on
        the file's own page, so what it is shown on is known without a query."""
        if not (self.report.changed or self.publication_changed):
            return
        counts = self.report.counts
        site_wide = self.publication_changed or any(
            counts[(kind, outcome)] for kind in ("issues", "pages", "channels") for outcome in ("created", "updated")
        )
        changes.record(
            kind="import",
            action="imported" if self.options.share_cards else IMPORTED_WITHOUT_CARDS,
            affected=Affected(
                articles=frozenset(a.pk for a in self.touched),
                pages=frozenset({self.own_page.pk}),
                issues=frozenset({self.issue.date}),
                sections=frozenset({self.own_page.section_id}),
                listings=True,
                site=site_wide,
            ),
        )

    # -- what the page does not state -------------------------------------

    def _issue_date(self) -> dt.date:
        stated = self.page.issue_date
        if stated:
            return stated
        if self.options.date:
            return self.options.date
        missing = _("没有年份，如“2019年”") if not self.page.year else _("没有带月、日的电头，如“本报济宁7月11日讯”")
        raise ImportFailure(
            _("版面没有写明出版日期（{missing}），请为这个文件指定出版日期").format(missing=missing), hint="date"
        )

    def _page_ref(self, issue_date: dt.date) -> sf.PageRef:
        if self.page.page:
            return self.page.page
        if self.options.page:
            return sf.PageRef(self.options.page, self._known_section_name(issue_date, self.options.page))
        raise ImportFailure(
            _("版面没有写明版次（没有导读，不是头版；开头也没有“NN 名称”一行），请为这个文件指定版次"), hint="page"
        )

    def _known_section_name(self, issue_date: dt.date, number: int) -> str:
        """A page named only by a number takes the name the front page gave it."""
        if number == 1:
            return FRONT_PAGE_NAME
        existing = Page.objects.select_related("section").filter(issue__date=issue_date, number=number).first()
        if existing is None:
            raise ImportFailure(
                _("第 {number:02d} 版没有已知的名称，请在文件开头加一行“{number:02d} 名称”").format(number=number)
            )
        return existing.section.name

    # -- records ------------------------------------------------------------

    def _source_file(self) -> SourceFile:
        digest = hashlib.sha256(self.source.data).hexdigest()
        source_file = self.stored
        if source_file is None:
            self.reconciler.count("files", "created")
            return SourceFile.objects.create(
                name=self.source.name, content_hash=digest, encoding=self.encoding, raw_text=self.text
            )
        if source_file.content_hash == digest:
            self.reconciler.count("files", "unchanged")
        else:
            source_file.content_hash, source_file.encoding, source_file.raw_text = digest, self.encoding, self.text
            source_file.imported_at = timezone.now()
            source_file.save()
            self.reconciler.count("files", "updated")
        return source_file

    def _issue(self, date: dt.date) -> Issue:
        issue = Issue.objects.filter(date=date).first()
        self.issue_created = issue is None
        if issue is None:
            issue = Issue.objects.create(date=date)
        self.reconciler.count("issues", "created" if self.issue_created else "unchanged")
        return issue

    def _section(self, name: str) -> Section:
        if self.sections is None:
            # Every name this file may make a page of, in one query.
            names = {self.own_page_name} | {t.target.name for t in self.page.teasers}
            names |= {s.refers_to.name for s in self.page.photo_stories if s.refers_to}
            self.sections = {s.name: s for s in Section.objects.filter(name__in=names)}
        section = self.sections.get(name)
        if section is None:
            section = self.sections[name] = Section.objects.create(name=name, slug=unique_slug(Section, name))
        return section

    def _page(self, number: int, name: str, *, own: bool = False) -> Page:
        """The page `number` of this issue, made if missing.

        Only a page's own file may rename an existing page: a reference from
        another page (a teaser, a photo story) never does, so files of one
        issue that disagree cannot undo each other on every import.
        """
        if own:
            self.own_page_name = name
        page = self.pages.get(number)
        if own:
            self.page_created = page is None
        if page is None:
            page = self.pages[number] = Page.objects.create(
                issue=self.issue,
                number=number,
                section=self._section(name),
                source=self.source_file,
                import_checksum=checksum({"section": name}),
            )
            self.reconciler.count("pages", "created")
        elif page.section.name == name or not own:
            self.reconciler.count("pages", "unchanged")
        elif page.import_checksum != checksum(page_values(page)) and not self.options.force:
            self.reconciler.count("pages", "skipped")
            self.report.notes.append(
                _("版面 {label}：保留了编辑设定的栏目（来源文件写的是 {number:02d} {name}）").format(
                    label=page.label, number=number, name=name
                )
            )
        else:
            page.section = self._section(name)
            page.import_checksum = checksum({"section": name})
            page.save(update_fields=["section", "import_checksum"])
            self.reconciler.count("pages", "updated")
        return page

    def _person(self, name: str) -> Person:
        if self.people is None:
            # Every name this file prints, in one query (the oldest record of a name is the one).
            names = {c.name for s in self.page.stories if s.dateline for c in s.dateline.contributors}
            names |= {s.credit.name for s in self.page.photo_stories if s.credit}
            self.people = {}
            for person in Person.objects.filter(name__in=names).order_by("-pk"):
                self.people[person.name] = person
        person = self.people.get(name)
        if person is None:
            # Inserted with the file's other new records (`_insert_new`).
            person = self.people[name] = Person(name=name)
            self.new_people.append(person)
            self.reconciler.count("people", "created")
        elif name not in self.people_seen:
            self.reconciler.count("people", "unchanged")
        self.people_seen.add(name)
        return person

    def _published(self) -> dict:
        if self.options.draft:
            return {"status": Article.Status.DRAFT, "published_at": None}
        midnight = dt.datetime.combine(self.issue.date, dt.time())
        return {"status": Article.Status.PUBLISHED, "published_at": timezone.make_aware(midnight)}

    def _dateline_date(self, dateline: sf.Dateline | None) -> dt.date | None:
        if not dateline or not dateline.month or not dateline.day:
            return None
        year = self.issue.date.year
        try:
            date = dt.date(year, dateline.month, dateline.day)
        except ValueError:
            return None
        # A dateline of 12月31日 in the 1月1日 issue belongs to the year before.
        return date.replace(year=year - 1) if date > self.issue.date else date

    def _article_from_story(self, story: sf.Story, *, key: str, position: int) -> None:
        body = "\n\n".join(f"## {p.text}" if p.is_subheading else p.text for p in story.paragraphs)
        fields = {
            "kind": Article.Kind.STORY,
            "kicker": story.kicker,
            "headline": story.headline,
            "deck": story.deck,
            "dateline_place": story.dateline.place if story.dateline else "",
            "dateline_date": self._dateline_date(story.dateline),
            "body": body,
            "position": position,
            "is_lead": position == 0,
            "see_also_page": None,
        }
        contributors = story.dateline.contributors if story.dateline else ()
        bylines = [_byline(c, n) for n, c in enumerate(contributors)]
        self._article(key=key, fields=fields, bylines=bylines, span=story.span)

    def _article_from_photo_story(self, photo_story: sf.PhotoStory, *, key: str, position: int) -> None:
        see_also = None
        if photo_story.refers_to:
            see_also = self._page(photo_story.refers_to.number, photo_story.refers_to.name)
        fields = {
            "kind": Article.Kind.PHOTO,
            "kicker": "",
            "headline": photo_story.title,
            "deck": "",
            "dateline_place": "",
            "dateline_date": None,
            "body": "",
            "position": position,
            "is_lead": position == 0,
            "see_also_page": see_also.pk if see_also else None,
        }
        article = self._article(key=key, fields=fields, bylines=[], span=photo_story.span)
        credit = photo_story.credit
        self._photo(
            article,
            caption=photo_story.caption,
            credit_name=credit.name if credit else None,
            credit_role=(credit.printed_role or credit.role) if credit else "",
            span=photo_story.span,
        )

    def _source(self, span: sf.Span) -> dict:
        return {"source": self.source_file, "source_start_line": span.start_line, "source_end_line": span.end_line}

    def _article(self, *, key: str, fields: dict, bylines: list[tuple], span: sf.Span) -> Article:
        wanted = {
            **fields,
            "dateline_date": fields["dateline_date"].isoformat() if fields["dateline_date"] else None,
            "bylines": [list(b) for b in bylines],
        }
        model_fields = {name: value for name, value in fields.items() if name != "see_also_page"}
        model_fields |= {"see_also_page_id": fields["see_also_page"]} | self._source(span)
        self.reconciler.check_lengths(
            Article, model_fields, what=_("稿件《{headline}…》").format(headline=fields["headline"][:20]), span=span
        )
        article = self.articles.get(key)

        def create(import_checksum: str) -> None:
            nonlocal article
            article = Article(
                page=self.own_page, import_key=key, import_checksum=import_checksum, **model_fields, **self._published()
            )
            self.new_articles.append(article)
            self._add_bylines(article, bylines)

        def update(import_checksum: str) -> None:
            for name, value in model_fields.items():
                setattr(article, name, value)
            article.import_checksum = import_checksum
            article.version += 1
            article.save()
            article.bylines.all().delete()
            self._add_bylines(article, bylines)

        label = (
            _("稿件《{headline}》（第 {start}–{end} 行）").format(
                headline=article.headline, start=span.start_line, end=span.end_line
            )
            if article
            else ""
        )
        outcome = self.reconciler.reconcile(
            kind="articles", record=article, wanted=wanted, values=article_values, create=create, update=update, label=label
        )
        if outcome in ("created", "updated"):
            self.touched.append(article)
        if outcome == "unchanged" and (article.source_start_line, article.source_end_line) != (span.start_line, span.end_line):
            Article.objects.filter(pk=article.pk).update(**self._source(span))
        return article

    def _add_bylines(self, article: Article, bylines: list[tuple]) -> None:
        self.new_bylines.extend(
            Byline(article=article, person=self._person(name), role=role, printed_role=printed, order=order)
            for name, role, printed, order in bylines
        )

    def _photo(self, article: Article, *, caption: str, credit_name: str | None, credit_role: str, span: sf.Span) -> None:
        wanted = {"caption": caption, "credit": credit_name, "credit_role": credit_role, "order": 0}
        fields = {
            "caption": caption,
            "credit": self._person(credit_name) if credit_name else None,
            "credit_role": credit_role,
        } | self._source(span)
        label = _("《{headline}》的图片").format(headline=article.headline)
        self.reconciler.check_lengths(Photo, fields, what=label, span=span)
        photo = self.photos.get(article.pk) if article.pk else None

        def create(import_checksum: str) -> None:
            self.new_photos.append(Photo(article=article, order=0, import_checksum=import_checksum, **fields))

        outcome = self.reconciler.reconcile(
            kind="photos",
            record=photo,
            wanted=wanted,
            values=photo_values,
            create=create,
            # Saved after the inserts: its credit may be a person new in this file.
            update=lambda import_checksum: self.photo_updates.append((photo, fields, import_checksum)),
            label=label,
        )
        if outcome in ("created", "updated") and article not in self.touched:
            self.touched.append(article)

    def _teaser(self, teaser: sf.Teaser, order: int) -> None:
        target = self._page(teaser.target.number, teaser.target.name)
        wanted = {"title": teaser.title, "target_page": target.pk, "order": order}
        fields = {"title": teaser.title, "target_page": target} | self._source(teaser.span)
        self.reconciler.check_lengths(Teaser, fields, what=_("导读"), span=teaser.span)
        existing = self.teasers.get(order)

        def create(import_checksum: str) -> None:
            self.new_teasers.append(Teaser(page=self.own_page, order=order, import_checksum=import_checksum, **fields))

        self.reconciler.reconcile(
            kind="teasers",
            record=existing,
            wanted=wanted,
            values=teaser_values,
            create=create,
            update=lambda import_checksum: _save(existing, fields, import_checksum),
            label=_("导读《{title}》").format(title=existing.title if existing else teaser.title),
        )

    def _channel(self, channel: sf.Channel, order: int) -> None:
        """Channels belong to the paper, not the page: every front page lists
        them again, and how it lays them out (order, which one carries the
        call to follow) is taken only when a channel is new."""
        wanted = {"name": channel.name, "kind": channel.kind.value}
        fields = wanted | self._source(channel.span)
        self.reconciler.check_lengths(
            MediaChannel, fields | {"label": channel.label, "call_to_action": channel.call_to_action},
            what=_("媒体账号"), span=channel.span,
        )
        existing = self.channels.get(channel.label)

        def create(import_checksum: str) -> None:
            new = MediaChannel(
                label=channel.label,
                order=order,
                call_to_action=channel.call_to_action,
                import_checksum=import_checksum,
                **fields,
            )
            self.new_channels.append(new)
            self.channels[channel.label] = new

        self.reconciler.reconcile(
            kind="channels",
            record=existing,
            wanted=wanted,
            values=channel_values,
            create=create,
            update=lambda import_checksum: _save(existing, fields, import_checksum),
            label=_("媒体账号“{label}”").format(label=channel.label),
        )

    def _printed_footer(self) -> None:
        """What this page printed of the 融媒矩阵, kept apart from the paper's
        current channels: rewritten only when the file says otherwise."""
        page = self.own_page
        footer = {
            "printed_matrix_title": self.page.matrix_title,
            "printed_hotline_label": self.page.hotline_label,
            "printed_hotline": self.page.hotline,
        }
        if any(getattr(page, name) != value for name, value in footer.items()):
            self.reconciler.check_lengths(Page, footer, what=_("报尾"), span=self.page.hotline_span or self.page.matrix_span)
            for name, value in footer.items():
                setattr(page, name, value)
            page.save(update_fields=list(footer))
        wanted = [(c.label, c.name, c.kind.value, c.call_to_action) for c in self.page.channels]
        stored = [] if self.page_created else list(page.printed_channels.values_list("label", "name", "kind", "call_to_action"))
        if wanted == stored:
            return
        if stored:
            page.printed_channels.all().delete()
        PrintedChannel.objects.bulk_create(
            PrintedChannel(
                page=page,
                channel=self.channels.get(channel.label),
                label=channel.label,
                name=channel.name,
                kind=channel.kind.value,
                call_to_action=channel.call_to_action,
                order=order,
                **self._source(channel.span),
            )
            for order, channel in enumerate(self.page.channels)
        )

    def _publication(self) -> None:
        """The hotline and matrix title fill in what is empty; editors' values win."""
        wanted = {
            "hotline_label": self.page.hotline_label,
            "hotline": self.page.hotline,
            "matrix_title": self.page.matrix_title,
        }
        if not any(wanted.values()):  # an inner page: nothing to compare
            return
        publication = Publication.load()
        # Before any hotline was set, the model's defaults are not an editor's choice.
        untouched = not publication.hotline and not publication.matrix_title
        changed = []
        for name, value in wanted.items():
            current = getattr(publication, name)
            if not value or current == value:
                continue
            if untouched or not current or self.options.force:
                setattr(publication, name, value)
                changed.append(name)
            else:
                self.report.notes.append(
                    _("报社信息{field}：保留了编辑设定的“{current}”（来源文件写的是“{value}”）").format(
                        field=Publication._meta.get_field(name).verbose_name, current=current, value=value
                    )
                )
        if changed:
            # The row a migration made may be gone (a flushed database): then this creates it.
            publication.save(update_fields=None if publication._state.adding else changed)
        self.publication_changed = bool(changed)


def _byline(contributor: sf.Contributor, order: int) -> tuple[str, str, str, int]:
    """(name, role, printed role, order): a role we do not know is kept as printed."""
    role = contributor.role if contributor.role in Role.values else Role.REPORTER
    printed = contributor.printed_role or contributor.role
    return contributor.name, role, "" if printed == role else printed, order


def _save(record, fields: dict, import_checksum: str) -> None:
    for name, value in fields.items():
        setattr(record, name, value)
    record.import_checksum = import_checksum
    record.save()


def unique_slug(model, name: str) -> str:
    return unique_slugs(model, [name])[name]


def unique_slugs(model, names: Iterable[str]) -> dict[str, str]:
    """A slug for each of `names` that no record of `model` has, nor another
    of `names`: the name's own, else with -2, -3, …. The candidates are
    looked up by their exact slugs (the unique index; a prefix pattern would
    read the whole table), ten a name at first, more only when all are taken."""
    bases = {name: slugify(name, allow_unicode=True) or "x" for name in names}
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    first, end = 1, 11  # the suffixes this round looks up: first ≤ n < end (1: the base alone)
    while len(slugs) < len(bases):
        pending = {name: base for name, base in bases.items() if name not in slugs}
        wanted = {slug for base in set(pending.values()) for slug in _numbered(base, first, end)}
        taken |= set(model.objects.filter(slug__in=wanted).order_by().values_list("slug", flat=True))
        for name, base in pending.items():
            slug = next((slug for slug in _numbered(base, first, end) if slug not in taken), None)
            if slug is not None:
                taken.add(slug)
                slugs[name] = slug
        first, end = end, end * 2
    return slugs


def _numbered(base: str, first: int, end: int) -> list[str]:
    return [base if n == 1 else f"{base}-{n}" for n in range(first, end)]
