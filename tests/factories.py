"""Small factories for the domain: each makes a valid record with sensible
defaults and takes keyword overrides. Shared by every test package.

Articles and their parts are written directly, then announced as a service
would (see `applied`), so search and the caches know them."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image

from articles import changes
from articles.models import (
    Article,
    Byline,
    Issue,
    MediaChannel,
    Page,
    Person,
    Photo,
    Publication,
    Role,
    Section,
    Teaser,
)

_counter = itertools.count(1)


def make_issue(*, date: dt.date | None = None, **fields) -> Issue:
    if date is None:
        date = dt.date(2019, 7, 11) + dt.timedelta(days=next(_counter))
    return Issue.objects.create(date=date, **fields)


def make_section(name: str = "要闻") -> Section:
    section, _ = Section.objects.get_or_create(name=name, defaults={"slug": slugify(name, allow_unicode=True)})
    return section


def make_page(*, issue: Issue | None = None, number: int = 1, section: str = "头版") -> Page:
    return Page.objects.create(issue=issue or make_issue(), number=number, section=make_section(section))


def make_person(name: str | None = None) -> Person:
    name = name or f"记者{next(_counter)}"
    return Person.objects.create(name=name, slug=slugify(name, allow_unicode=True) or f"p{next(_counter)}")


def make_article(
    *,
    page: Page | None = None,
    headline: str | None = None,
    status: str = Article.Status.PUBLISHED,
    published_at: dt.datetime | None = None,
    position: int | None = None,
    body: str = "第一段。\n\n第二段。",
    **fields,
) -> Article:
    page = page or make_page()
    if position is None:
        position = page.articles.count()
    if status == Article.Status.PUBLISHED and published_at is None:
        published_at = timezone.now() - dt.timedelta(hours=1)
    article = Article.objects.create(
        page=page,
        headline=headline or f"标题{next(_counter)}",
        status=status,
        published_at=published_at,
        position=position,
        body=body,
        **fields,
    )
    return applied(article)


def jpeg_upload(name: str = "photo.jpg", *, size: tuple[int, int] = (60, 40)) -> SimpleUploadedFile:
    """A small JPEG, as an editor would upload it."""
    buffer = io.BytesIO()
    Image.new("RGB", size, "#36c").save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue())


def add_byline(article: Article, person: Person | None = None, *, role: str = Role.REPORTER, order: int = 0) -> Byline:
    byline = Byline.objects.create(article=article, person=person or make_person(), role=role, order=order)
    applied(article)
    return byline


def make_photo(article: Article, *, caption: str = "图片说明", credit: Person | None = None, **fields) -> Photo:
    photo = Photo.objects.create(article=article, caption=caption, credit=credit, **fields)
    applied(article)
    return photo


def applied(*articles: Article) -> Article:
    """Record the articles' change and apply it now, as a service's commit
    would (a test's transaction never commits); returns the first article."""
    changes.record(
        kind="article", action="edited", affected=changes.articles_affected([a.pk for a in articles], listings=True)
    )
    processed()
    return articles[0]


def processed() -> None:
    """Hand the pending changes to their consumers now, as the commit of the
    service's transaction would (a test's transaction never commits)."""
    changes.process_pending()


def edit_article(article: Article, **fields) -> Article:
    """Change the article's fields through the editorial service, as an editor's save does."""
    from articles.services import workflow

    for name, value in fields.items():
        setattr(article, name, value)
    workflow.save_article(article=article, user=make_user(superuser=True), expected_version=article.version)
    processed()
    return article


def save_record(record):
    """Save any other record through the records service, as the admin does."""
    from articles.services import records

    records.save_record(record=record)
    processed()
    return record


def make_teaser(*, page: Page, target_page: Page, title: str = "引题 主题", order: int = 0) -> Teaser:
    return Teaser.objects.create(page=page, target_page=target_page, title=title, order=order)


def make_channel(label: str = "济宁高新电视", kind: str = MediaChannel.Kind.TV, **fields) -> MediaChannel:
    fields.setdefault("name", label)
    return MediaChannel.objects.create(label=label, kind=kind, **fields)


def set_publication(**fields) -> Publication:
    publication = Publication.load()
    for key, value in fields.items():
        setattr(publication, key, value)
    publication.save()
    return publication


@dataclass
class Edition:
    """One issue shaped like the seed's front page, for the reader site's tests."""

    issue: Issue
    pages: list[Page]
    lead: Article
    photo_story: Article
    inner: Article
    reporter: Person
    photographer: Person


def _person(name: str) -> Person:
    person, _ = Person.objects.get_or_create(slug=slugify(name, allow_unicode=True), defaults={"name": name})
    return person


def make_edition(*, date: dt.date | None = None, tags: tuple[str, ...] = ("党建", "高新区")) -> Edition:
    """An issue with pages 01 头版, 02 要闻, 03 新城, 04 家园: a lead story with
    dateline, byline and deck, a photo story pointing to 03, two teasers (one to
    a story on 02), and a story on 02. Everything published."""
    issue = make_issue(date=date)
    pages = [make_page(issue=issue, number=n, section=name) for n, name in enumerate(("头版", "要闻", "新城", "家园"), 1)]
    reporter, photographer = _person("邓超"), _person("孔茜")
    lead = make_article(
        page=pages[0],
        headline="济宁高新区召开2019年第20次党工委(扩大)会议",
        deck="确保全年任务高质量、快速度、按时完",
        dateline_place="济宁",
        dateline_date=issue.date,
        is_lead=True,
        body="10日,济宁高新区召开党工委(扩大)会议。\n\n## 全力以赴抓经济运行\n\n上半年增长58.2%,完成45.6亿元。",
    )
    lead.tags.add(*tags)
    add_byline(lead, reporter)
    photo_story = make_article(
        page=pages[0], kind=Article.Kind.PHOTO, headline="红帆驿站", body="", see_also_page=pages[2]
    )
    make_photo(photo_story, caption="图为济宁高新区首家“红帆驿站”落户洸河街道。", credit=photographer, credit_role="本报记者")
    inner = make_article(page=pages[1], headline="十里湖生态湿地公园项目东部园区8月具备开园条件")
    add_byline(inner, reporter)
    Teaser.objects.create(
        page=pages[0], target_page=pages[1], target_article=inner, title="十里湖生态湿地公园项目 东部园区8月具备开园条件"
    )
    Teaser.objects.create(page=pages[0], target_page=pages[3], title="高新区崇文学校获评 全国国际跳棋特色学校", order=1)
    return Edition(issue, pages, lead, photo_story, inner, reporter, photographer)


def make_user(role: str | None = None, *, username: str | None = None, superuser: bool = False, **fields):
    """A staff account in one of the newsroom's groups (记者, 编辑, 总编, from
    the migration), or a superuser; password "pw"."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    username = username or f"{role or 'admin'}{next(_counter)}"
    user_model = get_user_model()
    if superuser:
        return user_model.objects.create_superuser(username=username, password="pw", **fields)
    user = user_model.objects.create_user(username=username, password="pw", is_staff=True, **fields)
    if role:
        ensure_roles()
        user.groups.add(Group.objects.get(name=role))
    return user


def ensure_roles() -> None:
    """The role groups with every permission the migrations give them.

    Transactional tests (live_server) flush the tables, and a later test may
    find the groups gone or restored without some apps' permissions.
    """
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    grants = [import_module("articles.migrations.0002_editorial_groups").GROUPS]
    # The capability apps' grants, for those installed (the core-only run has none).
    if apps.is_installed("newsroom.epaper"):
        epaper = import_module("newsroom.epaper.migrations.0002_editorial_permissions")
        grants.append({name: epaper.PERMISSIONS for name in epaper.GROUPS})
    if apps.is_installed("newsroom.planning"):
        grants.append(import_module("newsroom.planning.migrations.0002_planning_roles").GROUPS)
    wanted: dict[str, set[str]] = {}
    for groups in grants:
        for name, perms in groups.items():
            wanted.setdefault(name, set()).update(perms)
    for name, perms in wanted.items():
        group, _created = Group.objects.get_or_create(name=name)
        found = [
            p
            for p in Permission.objects.filter(codename__in={perm.split(".")[1] for perm in perms}).select_related("content_type")
            if f"{p.content_type.app_label}.{p.codename}" in perms
        ]
        assert len(found) == len(perms), f"group {name}: unknown permissions {perms - {f'{p.content_type.app_label}.{p.codename}' for p in found}}"
        group.permissions.add(*found)
