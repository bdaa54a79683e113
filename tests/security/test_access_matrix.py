"""The access matrix: every public-by-policy endpoint of the inventory, and the
staff endpoints that show or act on an article (STAFF_PER_STATE), requested
as each role × each article state, against what the policy promises
(README, "Who sees what").

The world is built once for the module: per state, an issue whose page 01
holds the article in that state (created by the owning reporter, with their
byline) beside a published companion, so the issue and page are public to
everyone and only the print files depend on the state. Each page has a scan
with zones for both articles; the issue PDF is merged when the scan is
attached. Each state's article has a photo with one rendition, whose files
follow the article. "deleted" is an article that was deleted: its address
answers 404.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion import add_to_revision, create_revision
from reversion.models import Version

from articles.models import Article, Issue, Page
from articles.services import photos
from tests.factories import add_byline, jpeg_upload, make_article, make_page, make_person, make_photo, make_user
from tests.newsroom.epaper.files import make_scan, make_zone

from .inventory import INVENTORY, PUBLIC, url_patterns

ROLES = ("anonymous", "记者 owner", "记者 other", "编辑", "总编", "superuser")
STATES = ("draft", "review", "approved", "scheduled", "published", "withdrawn", "deleted")
EDITORS = {"编辑", "总编", "superuser"}
MARK = "矩阵稿件"


def sees(role: str, state: str) -> bool:
    """The article at its own address (and in a page's text)."""
    if state == "deleted":
        return False
    return state == "published" or role in EDITORS or role == "记者 owner"


def sees_prints(role: str, state: str) -> bool:
    """The page's scan, zones and PDFs: every article printed on it visible."""
    return state == "deleted" or sees(role, state)


def listed(role: str, state: str) -> bool:
    """Lists, feeds, sitemaps, search and the API: public articles only, to everyone."""
    return state == "published"


@dataclass
class World:
    articles: dict[str, Article] = field(default_factory=dict)
    pages: dict[str, Page] = field(default_factory=dict)
    # The photo's (original, rendition) addresses, per state.
    photo_urls: dict[str, tuple[str, str]] = field(default_factory=dict)
    photo_pks: dict[str, int] = field(default_factory=dict)
    # A saved version (django-reversion) of each state's article.
    version_pks: dict[str, int] = field(default_factory=dict)
    owner_person_pk: int = 0
    clients: dict[str, Client] = field(default_factory=dict)
    deleted_pk: int = 0
    person_slug: str = ""
    section_slug: str = ""


def _state_fields(state: str) -> dict:
    now = timezone.now()
    return {
        "draft": {"status": Article.Status.DRAFT},
        "review": {"status": Article.Status.REVIEW},
        "approved": {"status": Article.Status.APPROVED},
        "scheduled": {"status": Article.Status.PUBLISHED, "published_at": now + dt.timedelta(days=1)},
        "published": {"status": Article.Status.PUBLISHED, "published_at": now - dt.timedelta(days=1)},
        "withdrawn": {"status": Article.Status.WITHDRAWN, "published_at": now - dt.timedelta(days=2)},
        "deleted": {"status": Article.Status.DRAFT},
    }[state]


def _build() -> World:
    world = World()
    users = {
        "记者 owner": make_user("记者", username="matrix-owner"),
        "记者 other": make_user("记者", username="matrix-other"),
        "编辑": make_user("编辑", username="matrix-editor"),
        "总编": make_user("总编", username="matrix-chief"),
        "superuser": make_user(superuser=True, username="matrix-root"),
    }
    owner = make_person("矩阵记者")
    owner.user = users["记者 owner"]
    owner.save()
    world.person_slug = owner.slug
    world.owner_person_pk = owner.pk
    for n, state in enumerate(STATES):
        issue = Issue.objects.create(date=dt.date(2031, 3, 1) + dt.timedelta(days=n))
        page = make_page(issue=issue, number=1, section="矩阵")
        companion = make_article(page=page, headline=f"陪同稿件{state}", position=0)
        article = make_article(
            page=page, headline=f"{MARK}{state}", position=1, created_by=users["记者 owner"], **_state_fields(state)
        )
        article.tags.add("矩阵标签")
        add_byline(article, owner)
        add_byline(companion, owner)
        scan = make_scan(page)
        make_zone(scan, companion, y=0.1)
        make_zone(scan, article, y=0.5)
        photo = photos.attach_image(
            photo=make_photo(article, caption=f"{MARK}{state}图片"), upload=jpeg_upload(f"{state}.jpg")
        )
        world.photo_urls[state] = (photo.image.url, photo.renditions.first().file.url)
        world.photo_pks[state] = photo.pk
        with create_revision():
            add_to_revision(article)
        world.version_pks[state] = Version.objects.get_for_object(article).get().pk
        world.pages[state] = page
        world.articles[state] = article
    deleted = world.articles.pop("deleted")
    world.deleted_pk = deleted.pk
    deleted.delete()
    world.section_slug = world.pages["draft"].section.slug
    world.clients["anonymous"] = Client()
    for role, user in users.items():
        world.clients[role] = Client()
        world.clients[role].force_login(user)
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once in a transaction that is rolled back after the module."""
    with django_db_blocker.unblock(), override_settings(NEWSROOM_SCAN_WIDTHS=(200,), NEWSROOM_RENDITION_WIDTHS=(30,)):
        with transaction.atomic():
            yield _build()
            transaction.set_rollback(True)


def _article_pk(world: World, state: str) -> int:
    return world.deleted_pk if state == "deleted" else world.articles[state].pk


def _page_kwargs(world: World, state: str) -> dict:
    page = world.pages[state]
    return {"date": page.issue.date, "number": page.number}


def _scan_name(world: World, state: str) -> str:
    rendition = world.pages[state].scan.renditions.order_by("format", "width").first()
    return rendition.file.name.rsplit("/", 1)[-1]


def _expect_admin(missing: int) -> Callable[[str, str], int]:
    """The admin's change form and history: the article's editors, and its own
    reporter; an article outside one's admin list (or deleted) is `missing`
    (the change form sends back to the admin index, the history answers 404)."""

    def expect(role: str, state: str) -> int:
        if role == "anonymous":
            return 302
        return missing if state == "deleted" or role == "记者 other" else 200

    return expect


def _expect_wechat(role: str, state: str) -> int:
    if role == "anonymous":
        return 302
    return 200 if sees(role, state) else 404


def _status(rule: Callable[[str, str], bool]) -> Callable[[str, str], int]:
    return lambda role, state: 200 if rule(role, state) else 404


# Endpoints whose address names one state's article, page or issue:
# (inventory key, address for a state, expected status, whether the answer shows the article's headline).
PER_STATE: list[tuple[str, Callable[[World, str], str], Callable[[str, str], int], Callable[[str, str], bool] | None]] = [
    (
        "articles:article",
        lambda w, s: reverse("articles:article", kwargs={**_page_kwargs(w, s), "pk": _article_pk(w, s)}),
        _status(sees),
        None,
    ),
    ("articles:page", lambda w, s: reverse("articles:page", kwargs=_page_kwargs(w, s)), _status(lambda r, s: True), sees),
    ("articles:issue", lambda w, s: reverse("articles:issue", kwargs={"date": w.pages[s].issue.date}), _status(lambda r, s: True), sees),
    ("articles:photo_file", lambda w, s: w.photo_urls[s][0], _status(sees), None),
    ("articles:photo_file", lambda w, s: w.photo_urls[s][1], _status(sees), None),
    ("epaper:page_pdf", lambda w, s: reverse("epaper:page_pdf", kwargs=_page_kwargs(w, s)), _status(sees_prints), None),
    (
        "epaper:scan_image",
        lambda w, s: reverse("epaper:scan_image", kwargs={**_page_kwargs(w, s), "name": _scan_name(w, s)}),
        _status(sees_prints),
        None,
    ),
    ("epaper:issue_pdf", lambda w, s: reverse("epaper:issue_pdf", kwargs={"date": w.pages[s].issue.date}), _status(sees_prints), None),
    ("api:get_article", lambda w, s: reverse("api:get_article", kwargs={"article_id": _article_pk(w, s)}), _status(listed), None),
    ("api:get_article_ninjs", lambda w, s: reverse("api:get_article_ninjs", kwargs={"article_id": _article_pk(w, s)}), _status(listed), None),
    ("api:get_article_newsml", lambda w, s: reverse("api:get_article_newsml", kwargs={"article_id": _article_pk(w, s)}), _status(listed), None),
    ("api:get_issue", lambda w, s: f"/api/v1/issues/{w.pages[s].issue.date}", _status(lambda r, s: True), listed),
    ("api:get_issue_newsml", lambda w, s: f"/api/v1/issues/{w.pages[s].issue.date}/newsml", _status(lambda r, s: True), listed),
    ("api:get_page", lambda w, s: f"/api/v1/issues/{w.pages[s].issue.date}/pages/1", _status(lambda r, s: True), listed),
    ("wechat:preview", lambda w, s: reverse("wechat:preview", args=[_article_pk(w, s)]), _expect_wechat, None),
    ("wechat:download", lambda w, s: reverse("wechat:download", args=[_article_pk(w, s)]), _expect_wechat, None),
    ("admin:articles_article_change", lambda w, s: reverse("admin:articles_article_change", args=[_article_pk(w, s)]), _expect_admin(302), None),
    ("admin:articles_article_history", lambda w, s: reverse("admin:articles_article_history", args=[_article_pk(w, s)]), _expect_admin(404), None),
]

# Lists: one address shows every state's article or not (public ones only).
LISTS: list[tuple[str, Callable[[World], str]]] = [
    ("articles:section", lambda w: reverse("articles:section", kwargs={"slug": w.section_slug})),
    ("articles:section_feed_rss", lambda w: reverse("articles:section_feed_rss", kwargs={"slug": w.section_slug})),
    ("articles:section_feed_atom", lambda w: reverse("articles:section_feed_atom", kwargs={"slug": w.section_slug})),
    ("api_feeds:section", lambda w: reverse("api_feeds:section", kwargs={"slug": w.section_slug})),
    ("articles:person", lambda w: reverse("articles:person", kwargs={"slug": w.person_slug})),
    ("articles:tag", lambda w: reverse("articles:tag", kwargs={"slug": "矩阵标签"})),
    ("articles:feed_rss", lambda w: reverse("articles:feed_rss")),
    ("articles:feed_atom", lambda w: reverse("articles:feed_atom")),
    ("api_feeds:latest", lambda w: reverse("api_feeds:latest")),
    ("articles:sitemap_section", lambda w: reverse("articles:sitemap_section", kwargs={"section": "articles"})),
    ("search:search", lambda w: reverse("search:search") + f"?q={MARK}"),
    ("api:list_articles", lambda w: reverse("api:list_articles") + "?limit=100"),
    ("api:list_articles_ninjs", lambda w: reverse("api:list_articles_ninjs") + "?limit=100"),
    ("articles:sitemap_news", lambda w: reverse("articles:sitemap_news")),
]

# Public endpoints that show no single article: the same answer for every role.
PLAIN: list[tuple[str, Callable[[World], str]]] = [
    ("articles:home", lambda w: reverse("articles:home")),
    ("articles:archive", lambda w: reverse("articles:archive")),
    ("articles:archive_year", lambda w: reverse("articles:archive_year", kwargs={"year": 2031})),
    ("api:list_removed", lambda w: reverse("api:list_removed") + "?since=1970-01-01T00:00:00Z"),
    ("api:list_issues", lambda w: reverse("api:list_issues")),
    ("api:list_sections", lambda w: reverse("api:list_sections")),
    ("api:get_section", lambda w: f"/api/v1/sections/{w.section_slug}"),
    ("api:list_people", lambda w: reverse("api:list_people")),
    ("api:get_person", lambda w: f"/api/v1/people/{w.person_slug}"),
    ("api:list_tags", lambda w: reverse("api:list_tags")),
    ("api:get_tag", lambda w: "/api/v1/tags/矩阵标签"),
    ("api:list_channels", lambda w: reverse("api:list_channels")),
    ("api:get_publication", lambda w: reverse("api:get_publication")),
]

def admin_sees(role: str, state: str) -> bool:
    """The newsroom's tools: editors every article, reporters their own work."""
    return state != "deleted" and (role in EDITORS or role == "记者 owner")


def admin_edits(role: str, state: str) -> bool:
    """Editors change any article, a reporter only their own draft."""
    return admin_sees(role, state) and (role in EDITORS or state == "draft")


def _staff(rule: Callable[[str, str], int]) -> Callable[[str, str], int]:
    """Anonymous readers go to the login page; staff get `rule`'s answer."""
    return lambda role, state: 302 if role == "anonymous" else rule(role, state)


def _desk(allowed: int) -> Callable[[str, str], int]:
    """The desk's JSON endpoints: 404 for an article outside one's admin list, 403 for one one may not change."""
    return _staff(lambda r, s: allowed if admin_edits(r, s) else 403 if admin_sees(r, s) else 404)


def _epaper_staff(role: str, state: str) -> int:
    """The 数字报's scan tools: editors only (epaper 0002)."""
    return 200 if role in EDITORS else 403


def _version_url(name: str) -> Callable[[World, str], str]:
    return lambda w, s: reverse(f"admin:articles_article_{name}", args=[_article_pk(w, s), w.version_pks[s]])


DESK_DATA = {"data": json.dumps({"base_version": 1})}

# Staff endpoints of one state's article, photo, issue or page scan:
# (inventory key, method, address, POST data, expected status, whether the answer shows the article's headline).
STAFF_PER_STATE: list[tuple] = [
    ("admin:articles_article_diff", "get", _version_url("diff"), None, _staff(lambda r, s: 200 if admin_sees(r, s) else 404), None),
    ("admin:articles_article_revision", "get", _version_url("revision"), None, _staff(lambda r, s: 302), None),
    # A stale version number: the workflow refuses, so nothing is written whoever asks.
    (
        "admin:articles_article_workflow",
        "post",
        lambda w, s: reverse("admin:articles_article_workflow", args=[_article_pk(w, s), "submit"]),
        {"version": "0"},
        _staff(lambda r, s: 302 if admin_sees(r, s) else 404),
        None,
    ),
    (
        "admin:articles_article_restore",
        "post",
        _version_url("restore"),
        {"version": "0"},
        _staff(lambda r, s: 302 if admin_edits(r, s) else 403 if admin_sees(r, s) else 404),
        None,
    ),
    *(
        (f"desk:{name}", "post", (lambda n: lambda w, s: reverse(f"desk:{n}", args=[_article_pk(w, s)]))(name), DESK_DATA, _desk(ok), None)
        for name, ok in (("heartbeat", 200), ("discard", 204), ("leave", 204))
    ),
    (
        "admin:articles_photo_change",
        "get",
        # The deleted article's photo went with it: the admin answers as for any missing object.
        lambda w, s: reverse("admin:articles_photo_change", args=[w.photo_pks[s]]),
        None,
        _staff(lambda r, s: 200 if admin_sees(r, s) else 302),
        None,
    ),
    (
        "admin:articles_issue_change",
        "get",
        lambda w, s: reverse("admin:articles_issue_change", args=[w.pages[s].issue_id]),
        None,
        _staff(lambda r, s: 200),
        sees,
    ),
    (
        "admin:epaper_pagescan_change",
        "get",
        lambda w, s: reverse("admin:epaper_pagescan_change", args=[w.pages[s].scan.pk]),
        None,
        _staff(_epaper_staff),
        None,
    ),
    (
        "admin:epaper_pagescan_issue",
        "get",
        lambda w, s: reverse("admin:epaper_pagescan_issue", args=[w.pages[s].issue_id]),
        None,
        _staff(_epaper_staff),
        None,
    ),
]

# Staff lists: one address shows every state's article (or its photo) or not.
STAFF_LISTS: list[tuple[str, Callable[[World], str], Callable[[str, str], bool]]] = [
    ("admin:articles_article_changelist", lambda w: reverse("admin:articles_article_changelist"), admin_sees),
    ("admin:articles_photo_changelist", lambda w: reverse("admin:articles_photo_changelist"), admin_sees),
    # Choosing a photo's article: the admin's own article list.
    (
        "admin:autocomplete",
        lambda w: reverse("admin:autocomplete") + f"?app_label=articles&model_name=photo&field_name=article&term={MARK}",
        admin_sees,
    ),
    # The person's bylines: what the policy lets the reader see (public work to colleagues).
    ("admin:articles_person_change", lambda w: reverse("admin:articles_person_change", args=[w.owner_person_pk]), sees),
]


def _text(response) -> str:
    """The body as text; JSON with its escapes undone, so a headline reads as written."""
    body = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(json.loads(body), ensure_ascii=False)
    return body


def _shows(world: World, state: str, body: str, key: str) -> bool:
    if key == "api:list_articles":
        return _article_pk(world, state) in {item["id"] for item in json.loads(body)["items"]}
    if key in ("articles:sitemap_section", "search:search"):
        # Search marks the matched terms inside the headline: look for the link instead.
        return state != "deleted" and world.articles[state].get_absolute_url() in body
    return f"{MARK}{state}" in body


def test_the_matrix_covers_every_public_endpoint():
    public = {key for key, _route, _pattern in url_patterns() if INVENTORY.get(key) == PUBLIC}
    covered = {key for key, *_ in PER_STATE} | {key for key, _ in LISTS} | {key for key, _ in PLAIN}
    assert public <= covered, f"add these public endpoints to the matrix: {sorted(public - covered)}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("key", "address", "expect", "shows"), PER_STATE, ids=[row[0] for row in PER_STATE])
def test_endpoint_of_one_article_answers_as_the_policy_says(db, world, key, address, expect, shows, role):
    wrong = _wrong_answers(role, lambda state: world.clients[role].get(address(world, state)), expect, shows)
    assert not wrong, f"{key} as {role}: " + "; ".join(wrong)


def _wrong_answers(role: str, request: Callable, expect: Callable, shows: Callable | None) -> list[str]:
    """Each state's answer (`request(state)`) against the expected status and,
    for a 200, whether it shows the state's headline: what differs."""
    wrong = []
    for state in STATES:
        response = request(state)
        if response.status_code != expect(role, state):
            wrong.append(f"{state}: {response.status_code}, expected {expect(role, state)}")
        elif shows is not None and response.status_code == 200:
            shown = f"{MARK}{state}" in _text(response)
            if shown != shows(role, state):
                wrong.append(f"{state}: headline {'shown' if shown else 'missing'}")
    return wrong


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("key", "address"), LISTS, ids=[row[0] for row in LISTS])
def test_list_shows_public_articles_only(db, world, key, address, role):
    response = world.clients[role].get(address(world))
    assert response.status_code == 200, f"{key} as {role}: {response.status_code}"
    body = _text(response)
    wrong = [state for state in STATES if _shows(world, state, body, key) != listed(role, state)]
    assert not wrong, f"{key} as {role}: wrong for {wrong}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("key", "address"), PLAIN, ids=[row[0] for row in PLAIN])
def test_public_endpoint_answers_every_role(db, world, key, address, role):
    response = world.clients[role].get(address(world))
    assert response.status_code == 200, f"{key} as {role}: {response.status_code}"
    assert not any(f"{MARK}{state}" in _text(response) for state in STATES if state != "published")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("key", "method", "address", "data", "expect", "shows"), STAFF_PER_STATE, ids=[row[0] for row in STAFF_PER_STATE])
def test_staff_endpoint_of_one_article_answers_each_role_as_the_policy_says(db, world, key, method, address, data, expect, shows, role):
    client = world.clients[role]

    def request(state: str):
        url = address(world, state)
        return client.post(url, data) if method == "post" else client.get(url)

    wrong = _wrong_answers(role, request, expect, shows)
    assert not wrong, f"{key} as {role}: " + "; ".join(wrong)


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
@pytest.mark.parametrize(("key", "address", "rule"), STAFF_LISTS, ids=[row[0] for row in STAFF_LISTS])
def test_staff_list_shows_each_role_what_the_policy_lets_it_see(db, world, key, address, rule, role):
    response = world.clients[role].get(address(world))
    assert response.status_code == 200, f"{key} as {role}: {response.status_code}"
    body = _text(response)
    wrong = [state for state in STATES if (f"{MARK}{state}" in body) != rule(role, state)]
    assert not wrong, f"{key} as {role}: wrong for {wrong}"


def _writes(sql: str) -> bool:
    sql = sql.lstrip().upper()
    return sql.startswith(("INSERT", "UPDATE", "DELETE")) or "FOR UPDATE" in sql


def test_no_anonymous_get_of_a_public_endpoint_writes_to_the_database(db, world):
    """A read-only replica could serve every public address."""
    addresses = [address(world, state) for _key, address, *_ in PER_STATE for state in STATES]
    addresses += [address(world) for _key, address in (*LISTS, *PLAIN)]
    writes = []
    for url in addresses:
        with CaptureQueriesContext(connection) as queries:
            world.clients["anonymous"].get(url)
        writes += [f"{url}: {q['sql'][:80]}" for q in queries if _writes(q["sql"])]
    assert not writes
