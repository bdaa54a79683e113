"""Precise purges: a processed change drops, at every configured edge, the
cached responses whose surrogate keys it touches.

`keys_for` maps a change's `Affected` to keys (pure); `purge` sends keys to
every purger in NEWSROOM_EDGE_PURGERS; `consume_changes` is the change
consumer (registered in OpsConfig.ready) that does both for a batch. It
runs after the editor's transaction committed; a purge that fails raises,
so the change stays pending for this consumer and is tried again.

A purger is any class with `purge(keys: set[str]) -> None` raising
PurgeError, built from settings as `{"BACKEND": dotted path, "OPTIONS":
{…}}`: Varnish (xkey over HTTP, several servers), Fastly and Cloudflare
(by key through their APIs) and CloudFront (by path: `paths_for`) are here;
another CDN is one more class.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, unquote
from typing import Protocol

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string

from articles import surrogates
from articles.changes import Affected

logger = logging.getLogger(__name__)


class PurgeError(Exception):
    """A purge that did not reach an edge; the message names the edge and why."""


class Purger(Protocol):
    def purge(self, keys: set[str]) -> None: ...


def keys_for(affected: Affected) -> set[str]:
    """The surrogate keys of every response that `affected` may have changed."""
    if affected.site:
        return {surrogates.SITE}
    keys: set[str] = set()
    kinds = (
        ("article", surrogates.article_key, affected.articles | affected.deleted_articles),
        ("page", surrogates.page_key, affected.pages),
        ("issue", surrogates.issue_key, affected.issues),
        ("section", surrogates.section_key, affected.sections),
        ("person", surrogates.person_key, affected.people),
        ("tag", surrogates.tag_key, affected.tags),
    )
    for kind, key, values in kinds:
        if values:
            keys.update(map(key, values))
            # Responses that showed too many keys of this kind carry this one instead.
            keys.add(surrogates.all_key(kind))
    if affected.listings:
        keys |= surrogates.LISTINGS
    return keys


def batches(keys: Iterable[str], *, max_bytes: int) -> Iterator[list[str]]:
    """`keys` sorted, in runs whose space-joined length stays within `max_bytes`."""
    run: list[str] = []
    size = 0
    for key in sorted(keys):
        if run and size + 1 + len(key) > max_bytes:
            yield run
            run, size = [], 0
        size += len(key) + (1 if run else 0)
        run.append(key)
    if run:
        yield run


def _send(request: urllib.request.Request, *, timeout: float, attempts: int, edge: str) -> None:
    """Send `request`, trying again after a short pause; PurgeError when no try got a 2xx."""
    error = ""
    for attempt in range(attempts):
        if attempt:
            time.sleep(0.2 * attempt)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
                return
        except urllib.error.HTTPError as exc:
            error = f"HTTP {exc.code}"
        except (OSError, urllib.error.URLError) as exc:
            error = f"{type(exc).__name__}: {exc}"
    raise PurgeError(f"{edge}: {request.get_method()} {request.full_url} failed {attempts}× ({error})")


class VarnishPurger:
    """xkey purges over HTTP to every Varnish server in `urls`.

    deploy/varnish/default.vcl answers `PURGE` with an `xkey-softpurge`
    header (space-separated keys) from an allowed address: the objects
    expire at once but stay in grace, so the next reader gets the old page
    while one request fetches the new one. The servers are purged at the
    same time, each in a thread of its own, so one that is down or slow
    delays no other (and the whole purge takes one server's time, not the
    sum); a failure is raised once every server was tried.
    """

    def __init__(self, *, urls: Sequence[str], soft: bool = True, timeout: float = 2.0, attempts: int = 2,
                 max_bytes: int = 4000):  # fmt: skip
        if not urls:
            raise ValueError("VarnishPurger needs at least one Varnish URL (VARNISH_PURGE_URLS).")
        self.urls, self.timeout, self.attempts, self.max_bytes = list(urls), timeout, attempts, max_bytes
        self.header = "xkey-softpurge" if soft else "xkey-purge"

    def purge(self, keys: set[str]) -> None:
        runs = list(batches(keys, max_bytes=self.max_bytes))
        if len(self.urls) == 1:
            failures = [self._purge_server(self.urls[0], runs)]
        else:
            with ThreadPoolExecutor(max_workers=len(self.urls), thread_name_prefix="varnish-purge") as pool:
                failures = list(pool.map(lambda url: self._purge_server(url, runs), self.urls))
        if any(failures):
            raise PurgeError("; ".join(failure for failure in failures if failure))

    def _purge_server(self, url: str, runs: list[list[str]]) -> str:
        """Every run of keys at one server; what went wrong there, or ''."""
        for run in runs:
            request = urllib.request.Request(url, method="PURGE", headers={self.header: " ".join(run)})
            try:
                _send(request, timeout=self.timeout, attempts=self.attempts, edge="Varnish")
            except PurgeError as exc:
                return str(exc)
        return ""


class FastlyPurger:
    """Fastly: purge by surrogate key, up to 256 keys a request (their limit), soft by default."""

    def __init__(self, *, service_id: str, api_token: str, api_url: str = "https://api.fastly.com",
                 soft: bool = True, timeout: float = 5.0, attempts: int = 2):  # fmt: skip
        self.url = f"{api_url.rstrip('/')}/service/{service_id}/purge"
        self.headers = {"Fastly-Key": api_token, "Accept": "application/json"}
        if soft:
            self.headers["Fastly-Soft-Purge"] = "1"
        self.timeout, self.attempts = timeout, attempts

    def purge(self, keys: set[str]) -> None:
        ordered = sorted(keys)
        for start in range(0, len(ordered), 256):
            headers = {**self.headers, "Surrogate-Key": " ".join(ordered[start : start + 256])}
            request = urllib.request.Request(self.url, method="POST", headers=headers)
            _send(request, timeout=self.timeout, attempts=self.attempts, edge="Fastly")


class CloudflarePurger:
    """Cloudflare: purge by cache tag (send the keys as `Cache-Tag` too), 30 tags a request (their limit)."""

    def __init__(self, *, zone_id: str, api_token: str, api_url: str = "https://api.cloudflare.com/client/v4",
                 timeout: float = 5.0, attempts: int = 2):  # fmt: skip
        self.url = f"{api_url.rstrip('/')}/zones/{zone_id}/purge_cache"
        self.headers = {"Authorization": f"Bearer {api_token}", "Content-Type": "application/json"}
        self.timeout, self.attempts = timeout, attempts

    def purge(self, keys: set[str]) -> None:
        ordered = sorted(keys)
        for start in range(0, len(ordered), 30):
            body = json.dumps({"tags": ordered[start : start + 30]}).encode()
            request = urllib.request.Request(self.url, data=body, method="POST", headers=self.headers)
            _send(request, timeout=self.timeout, attempts=self.attempts, edge="Cloudflare")


def paths_for(keys: set[str]) -> list[str]:
    """The URL paths (CloudFront wildcards: a trailing `*`) of the responses
    that carry any of `keys`; wider than the keys, never narrower."""
    from articles.models import Issue, Page, Person, Photo, Section

    if surrogates.SITE in keys:
        return ["/*"]
    ids: dict[str, set[str]] = {}
    for key in keys:
        kind, _sep, value = key.partition(":")
        ids.setdefault(kind, set()).add(value)
    paths = set()
    if any(surrogates.ALL in ids.get(kind, ()) for kind in ("article", "page", "issue")):
        paths |= {"/issues/*", "/api/v1/*", unquote(reverse("articles:photo_file", kwargs={"name": "*"}))}
    articles = ids.get("article", set()) - {surrogates.ALL}
    paths |= {f"/api/v1/articles/{pk}" for pk in articles}
    # Photo files live at their stored names, not under the article's address.
    for photo in Photo.objects.filter(article__in=articles).exclude(image="").prefetch_related("renditions"):
        files = (photo.image, *(rendition.file for rendition in photo.renditions.all()))
        paths |= {unquote(stored.url) for stored in files}
    pages = Page.objects.filter(pk__in=ids.get("page", set()) - {surrogates.ALL}).select_related("issue")
    paths |= {f"{page.get_absolute_url()}*" for page in pages}
    for date in ids.get("issue", set()) - {surrogates.ALL}:
        paths |= {f"/issues/{date}/*", f"/api/v1/issues/{date}*"}
    owners = (("section", Section, "/sections/"), ("person", Person, "/people/"))
    for kind, model, prefix in owners:
        slugs = model.objects.filter(pk__in=ids.get(kind, set()) - {surrogates.ALL}).values_list("slug", flat=True)
        paths |= {f"{prefix}{slug}/*" for slug in slugs}
    paths |= {f"/tags/{unquote(slug)}/*" for slug in ids.get("tag", set()) - {surrogates.ALL}}
    listing_paths = {
        surrogates.HOME: ["/"],
        surrogates.ARCHIVE: ["/issues/", *(f"/issues/{d.year}/" for d in Issue.objects.dates("date", "year"))],
        surrogates.FEEDS: ["/feeds/*", "/sections/*"],
        surrogates.SITEMAP: ["/sitemap*"],
        surrogates.SEARCH: ["/search/*"],
        surrogates.API: ["/api/v1/*"],
    }
    for key, listed in listing_paths.items():
        if key in keys:
            paths.update(listed)
    return sorted(quote(path, safe="/*-_.~") for path in paths)


class CloudFrontPurger:
    """CloudFront: an invalidation of the paths of the keys (`paths_for`);
    credentials as boto3 finds them (AWS_ACCESS_KEY_ID, an instance role…)."""

    def __init__(self, *, distribution_id: str, endpoint_url: str | None = None, region_name: str = "us-east-1"):
        self.distribution_id, self.endpoint_url, self.region_name = distribution_id, endpoint_url, region_name

    def purge(self, keys: set[str]) -> None:
        import boto3
        from botocore.exceptions import BotoCoreError, ClientError

        paths = paths_for(keys)
        client = boto3.client("cloudfront", endpoint_url=self.endpoint_url, region_name=self.region_name)
        batch = {"Paths": {"Quantity": len(paths), "Items": paths}, "CallerReference": uuid.uuid4().hex}
        try:
            client.create_invalidation(DistributionId=self.distribution_id, InvalidationBatch=batch)
        except (BotoCoreError, ClientError) as exc:
            raise PurgeError(f"CloudFront: invalidation of {len(paths)} paths failed ({exc})") from exc


def purgers() -> list[Purger]:
    return [import_string(entry["BACKEND"])(**entry.get("OPTIONS", {})) for entry in settings.NEWSROOM_EDGE_PURGERS]


def purge(keys: set[str]) -> None:
    """Purge `keys` at every configured edge; PurgeError naming each edge that failed."""
    if not keys:
        return
    failures = []
    for purger in purgers():
        try:
            purger.purge(keys)
        except PurgeError as exc:
            failures.append(str(exc))
    if failures:
        raise PurgeError("; ".join(failures))


def consume_changes(changes: Sequence) -> None:
    """The change consumer: one purge per edge for the whole batch."""
    keys = set().union(*(keys_for(change.affected) for change in changes))
    purge(keys)
    logger.info("purged %d keys for changes %s", len(keys), [change.seq for change in changes])
