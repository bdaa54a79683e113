"""Every public URL says what it shows: its surrogate keys match the links it renders."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from articles import surrogates
from articles.models import Article, Page, Rendition
from articles.services.photos import attach_image
from newsroom.epaper.models import ScanRendition
from tests.factories import jpeg_upload, make_article, make_edition, make_photo
from tests.newsroom.epaper.files import make_scan, make_zone

pytestmark = pytest.mark.django_db

ARTICLE_LINK = re.compile(r"/issues/(\d{4}-\d{2}-\d{2})/(\d{2})/(\d+)/")
PAGE_LINK = re.compile(r"/issues/(\d{4}-\d{2}-\d{2})/(\d{2})/(?!\d)")
ISSUE_LINK = re.compile(r"/issues/(\d{4}-\d{2}-\d{2})/(?!\d)")
# Not content: the load balancer's probe is never cached.
NOT_CONTENT = {"healthz"}


def public_patterns(patterns=None, prefix="", namespaces=()) -> list[tuple[str, str]]:
    """(route, namespaced name) of every URL pattern outside the admin."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            namespace = (pattern.namespace,) if pattern.namespace else ()
            found += public_patterns(pattern.url_patterns, prefix + str(pattern.pattern), namespaces + namespace)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if not route.startswith(settings.ADMIN_URL):
                found.append((route, ":".join((*namespaces, pattern.name or ""))))
    return found


@pytest.fixture
def site(paper, settings):
    settings.NEWSROOM_SCAN_WIDTHS = (200, 400)
    settings.NEWSROOM_RENDITION_WIDTHS = (30,)
    edition = make_edition()
    attach_image(photo=make_photo(edition.inner, order=9), upload=jpeg_upload())
    older = make_edition(date=edition.issue.date - dt.timedelta(days=30))
    scan = make_scan(edition.pages[1])
    make_zone(scan, edition.inner)
    make_scan(edition.pages[0])
    return edition, older


def cases(edition) -> dict[str, tuple[str, set[str]]]:
    """For each URL name: an address on the site and the keys it must carry beyond its links."""
    issue, page, inner = edition.issue, edition.pages[1], edition.inner
    date, number = issue.date, page.number
    section, person, tag = page.section, edition.reporter, edition.lead.tags.first()
    on_page = {"date": date, "number": number}
    article = {**on_page, "pk": inner.pk}
    listing = lambda *keys: set(keys)  # noqa: E731
    return {
        "search:search": (reverse("search:search") + "?q=十里湖", listing(surrogates.SEARCH)),
        "api:openapi-json": (reverse("api:openapi-json"), listing(surrogates.API)),
        "api:openapi-view": (reverse("api:openapi-view"), listing(surrogates.API)),
        "api:list_articles": (reverse("api:list_articles"), listing(surrogates.API)),
        "api:list_removed": (reverse("api:list_removed") + "?since=2000-01-01T00:00", listing(surrogates.API)),
        "api:get_article": (reverse("api:get_article", kwargs={"article_id": inner.pk}), {f"article:{inner.pk}"}),
        "api:get_article_ninjs": (
            reverse("api:get_article_ninjs", kwargs={"article_id": inner.pk}),
            {f"article:{inner.pk}"},
        ),
        "api:get_article_newsml": (
            reverse("api:get_article_newsml", kwargs={"article_id": inner.pk}),
            {f"article:{inner.pk}"},
        ),
        "api:list_articles_ninjs": (reverse("api:list_articles_ninjs"), listing(surrogates.API)),
        "api:get_issue_newsml": (reverse("api:get_issue_newsml", kwargs={"date": date}), {surrogates.issue_key(date)}),
        "api:list_issues": (reverse("api:list_issues"), listing(surrogates.API)),
        "api:get_issue": (reverse("api:get_issue", kwargs={"date": date}), {surrogates.issue_key(date)}),
        "api:get_page": (reverse("api:get_page", kwargs={"date": date, "number": number}), {f"page:{page.pk}"}),
        "api:list_sections": (reverse("api:list_sections"), listing(surrogates.API)),
        "api:get_section": (reverse("api:get_section", kwargs={"slug": section.slug}), listing(surrogates.API)),
        "api:list_people": (reverse("api:list_people"), listing(surrogates.API)),
        "api:get_person": (reverse("api:get_person", kwargs={"slug": person.slug}), listing(surrogates.API)),
        "api:list_tags": (reverse("api:list_tags"), listing(surrogates.API)),
        "api:get_tag": (reverse("api:get_tag", kwargs={"slug": tag.slug}), listing(surrogates.API)),
        "api:list_channels": (reverse("api:list_channels"), listing(surrogates.API)),
        "api:get_publication": (reverse("api:get_publication"), listing(surrogates.API)),
        "api:api-root": (reverse("api:api-root"), listing(surrogates.API)),
        "api:not_found": ("/api/v1/nothing-here", listing(surrogates.API)),
        "api_feeds:latest": (reverse("api_feeds:latest"), listing(surrogates.FEEDS)),
        "api_feeds:section": (
            reverse("api_feeds:section", kwargs={"slug": section.slug}),
            {surrogates.FEEDS, surrogates.section_key(section.pk)},
        ),
        "epaper:issue_pdf": (reverse("epaper:issue_pdf", kwargs={"date": date}), {surrogates.issue_key(date)}),
        "epaper:page_pdf": (reverse("epaper:page_pdf", kwargs=on_page), {f"page:{page.pk}"}),
        "epaper:scan_image": (scan_image_url(page), {f"page:{page.pk}"}),
        # A photo file names its article: withdrawing it purges the file too.
        "articles:photo_file": (photo_file_url(inner), {f"article:{inner.pk}"}),
        "articles:home": (reverse("articles:home"), {surrogates.HOME, surrogates.issue_key(date)}),
        "articles:archive": (reverse("articles:archive"), {surrogates.ARCHIVE}),
        "articles:archive_year": (reverse("articles:archive_year", kwargs={"year": date.year}), {surrogates.ARCHIVE}),
        "articles:issue": (reverse("articles:issue", kwargs={"date": date}), {surrogates.issue_key(date)}),
        "articles:page": (reverse("articles:page", kwargs=on_page), {f"page:{page.pk}"}),
        "articles:article": (reverse("articles:article", kwargs=article), {f"article:{inner.pk}"}),
        "articles:section": (
            reverse("articles:section", kwargs={"slug": section.slug}),
            {surrogates.section_key(section.pk)},
        ),
        "articles:section_feed_rss": (
            reverse("articles:section_feed_rss", kwargs={"slug": section.slug}),
            {surrogates.FEEDS, surrogates.section_key(section.pk)},
        ),
        "articles:section_feed_atom": (
            reverse("articles:section_feed_atom", kwargs={"slug": section.slug}),
            {surrogates.FEEDS, surrogates.section_key(section.pk)},
        ),
        "articles:person": (
            reverse("articles:person", kwargs={"slug": person.slug}),
            {surrogates.person_key(person.pk)},
        ),
        "articles:tag": (reverse("articles:tag", kwargs={"slug": tag.slug}), {surrogates.tag_key(tag.slug)}),
        "articles:feed_rss": (reverse("articles:feed_rss"), {surrogates.FEEDS}),
        "articles:feed_atom": (reverse("articles:feed_atom"), {surrogates.FEEDS}),
        "articles:sitemap": (reverse("articles:sitemap"), {surrogates.SITEMAP}),
        "articles:sitemap_section": (
            reverse("articles:sitemap_section", kwargs={"section": "articles"}),
            {surrogates.SITEMAP},
        ),
        "articles:sitemap_news": (reverse("articles:sitemap_news"), {surrogates.SITEMAP}),
        "articles:robots": (reverse("articles:robots"), set()),
    }


def scan_image_url(page) -> str:
    return ScanRendition.objects.filter(scan__page=page).select_related("scan__page__issue").first().url


def photo_file_url(article) -> str:
    return Rendition.objects.filter(photo__article=article).select_related("photo").first().file.url


def keys_of(response) -> set[str]:
    return set(response["xkey"].split())


def covered(keys: set[str], kind: str, key: str) -> bool:
    return key in keys or surrogates.all_key(kind) in keys


def body_of(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def test_every_public_url_pattern_has_a_case_here(site):
    edition, _older = site
    names = {name for _route, name in public_patterns()} - NOT_CONTENT
    assert names == set(cases(edition))


@pytest.mark.parametrize("url_name", sorted({name for _route, name in public_patterns()} - NOT_CONTENT))
def test_a_public_response_carries_its_keys_and_those_of_every_link_it_renders(client, site, url_name):
    edition, _older = site
    path, required = cases(edition)[url_name]
    response = client.get(path)
    # The API's root and unknown addresses are JSON 404s, still shared by caches.
    assert response.status_code == (404 if url_name in {"api:api-root", "api:not_found"} else 200)
    keys = keys_of(response)
    assert response["Surrogate-Key"] == response["xkey"]
    assert {surrogates.SITE, *required} <= keys
    body = body_of(response)
    pages = {(p.issue.date.isoformat(), p.number): p.pk for p in Page.objects.select_related("issue")}
    for _date, _number, pk in ARTICLE_LINK.findall(body):
        assert covered(keys, "article", f"article:{pk}"), pk
    for date, number in PAGE_LINK.findall(body):
        assert covered(keys, "page", f"page:{pages[(date, int(number))]}"), (date, number)
    for date in ISSUE_LINK.findall(body):
        assert covered(keys, "issue", f"issue:{date}"), date


def test_the_probe_carries_no_keys(client, site):
    assert "xkey" not in client.get("/healthz")


def test_a_staff_preview_carries_no_keys(admin_client, site):
    edition, _older = site
    draft = make_article(page=edition.pages[1], headline="草稿", status=Article.Status.DRAFT)
    response = admin_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "xkey" not in response


def test_a_page_showing_too_many_articles_for_one_header_names_them_all_at_once(client, site, settings):
    settings.NEWSROOM_SURROGATE_KEYS_MAX_BYTES = 60
    response = client.get(reverse("articles:sitemap_section", kwargs={"section": "articles"}))
    keys = keys_of(response)
    assert "article:all" in keys
    assert not any(key.startswith("article:") and key != "article:all" for key in keys)
    assert len(response["xkey"]) <= 60


def test_keys_are_stored_with_a_cached_page_and_sent_with_every_hit(client, site, settings):
    from django.core.cache import cache

    settings.NEWSROOM_PAGE_CACHE_TIMEOUT = 300
    cache.clear()
    first = client.get("/")
    hit = client.get("/")
    assert hit["X-Cache"] == "HIT"
    assert hit["xkey"] == first["xkey"]
    cache.clear()


def test_cloudflare_cache_tags_are_comma_separated(client, site, settings):
    settings.NEWSROOM_SURROGATE_KEY_HEADERS = ("xkey", "Cache-Tag")
    response = client.get("/")
    assert response["Cache-Tag"].split(",") == response["xkey"].split(" ")
