"""Request logging and the shared public-page cache."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import re
import time
import uuid
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, QueryDict
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, ResolverMatch, URLResolver, get_resolver, get_urlconf
from django.utils import timezone
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.encoding import escape_uri_path
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _

from . import pagecache

request_logger = logging.getLogger("newsroom.requests")

# Query parameters whose values never reach a log line.
_SECRET_PARAM = re.compile(r"pass|pwd|secret|token|key|auth|session|csrf|signature|code", re.IGNORECASE)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def redacted_query(query_string: str) -> str:
    pairs = parse_qsl(query_string, keep_blank_values=True)
    return urlencode([(k, "[redacted]" if _SECRET_PARAM.search(k) else v) for k, v in pairs])


class RequestLogMiddleware:
    """One JSON line per request on the `newsroom.requests` logger.

    Logs what an operator needs to follow a request and nothing a log reader
    could use to impersonate anyone: no cookies, no Authorization header, no
    request body, and query parameters that look secret are redacted. The
    request id comes from the load balancer's X-Request-ID when it sends a
    sane one, and goes back in the response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        fields = {
            "request_id": request_id,
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - start) * 1000, 2),
            "bytes": None if response.streaming else len(response.content),
            "remote_addr": request.META.get("REMOTE_ADDR", ""),
            "user_agent": request.headers.get("User-Agent", "")[:200],
        }
        if request.META.get("QUERY_STRING"):
            fields["query"] = redacted_query(request.META["QUERY_STRING"])
        if response.has_header("X-Cache"):
            fields["cache"] = response["X-Cache"]
        # Only when a view already loaded the user: logging must not cost a query.
        user = getattr(request, "_cached_user", None)
        if user is not None and user.is_authenticated:
            fields["user_id"] = user.pk
        request_logger.info("%s %s %s", request.method, request.path, response.status_code, extra={"http": fields})
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request body over NEWSROOM_MAX_REQUEST_BYTES with 413, before
    anything reads it: Django caps form fields but not uploaded files, and an
    importer or upload view would otherwise receive a file of any size."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.NEWSROOM_MAX_REQUEST_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponseBadRequest("Content-Length is not a number.", content_type="text/plain; charset=utf-8")
        if length > limit:
            message = _("请求内容 {size} 超过上限 {limit}，已拒绝。").format(
                size=filesizeformat(length), limit=filesizeformat(limit)
            )
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def keep_declared_parameters(request, match: ResolverMatch) -> None:
    """Narrow `request.GET` to the query parameters the view declares it
    reads (NEWSROOM_PAGE_CACHE_QUERY_PARAMETERS, by URL name).

    Any other parameter (`?x=1`, a tracker's `utm_source`, WeChat's
    `from=timeline`) is dropped rather than redirected away: the reader gets
    the page at once, and it is the same cache entry as the page without it.
    """
    declared = settings.NEWSROOM_PAGE_CACHE_QUERY_PARAMETERS.get(match.view_name, ())
    if not set(request.GET) - set(declared):
        return
    kept = QueryDict(mutable=True)
    for name in declared:
        if name in request.GET:
            kept.setlist(name, request.GET.getlist(name))
    kept._mutable = False
    request.GET = kept


def declared_full_path(request) -> str:
    """The path and the declared parameters in a fixed order: the page's identity."""
    query = urlencode(sorted((name, value) for name, values in request.GET.lists() for value in values))
    return escape_uri_path(request.path) + (f"?{query}" if query else "")


@functools.lru_cache(maxsize=4096)
def _resolve_remembered(resolver: URLResolver, path: str) -> ResolverMatch | None:
    """`path` resolved, remembered: a hit should not walk the URL patterns
    again (a tenth of its time). Keyed by the resolver too, which
    `clear_url_caches()` replaces."""
    try:
        return resolver.resolve(path)
    except Resolver404:
        return None


class PublicPageCacheMiddleware:
    """Serve anonymous readers' public pages from the shared cache.

    Active when NEWSROOM_PAGE_CACHE_TIMEOUT > 0. A page is cached when the
    request is a GET without a session cookie of a URL in
    NEWSROOM_PAGE_CACHE_NAMESPACES and the response is a plain 200 that sets
    no cookie and did not opt out of caching (staff previews do). Requests
    with a session (every logged-in user) are never served from nor stored
    into the cache. Deciding on the cookie lets this run before the session,
    locale, CSRF and authentication middleware, which a hit then skips. An entry lives at most until the next scheduled
    article goes public, since that happens by time passing, not by a save.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = settings.NEWSROOM_PAGE_CACHE_TIMEOUT
        match = self._public_match(request) if request.method in ("GET", "HEAD") else None
        if match is not None:
            # Always, cache on or off, logged in or not: so a page never
            # depends on what its cache key leaves out, and tests see it.
            keep_declared_parameters(request, match)
        scopes = self._scopes(match) if timeout and match is not None else None
        if scopes is None:
            return self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            # Perhaps logged in, which only the session further in can tell:
            # never served from the cache, nor stored into it.
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                add_never_cache_headers(response)
                patch_cache_control(response, private=True)
                patch_vary_headers(response, ("Cookie",))
            return response

        key, generations, entry = pagecache.lookup(
            scheme=request.scheme, host=request.get_host(), full_path=declared_full_path(request), scopes=scopes
        )
        now = time.time()
        if entry is not None and entry.expires_at > now:
            response = entry.response()
            self._set_freshness(response, entry.expires_at - now)
            response["X-Cache"] = "HIT"
            return self._conditional(request, response, entry)

        response = self.get_response(request)
        if request.method != "GET" or not pagecache.storable(generations) or not self._storable(request, response):
            return response
        lifetime = self._lifetime(timeout, now)
        if lifetime < 1:
            return response
        response["ETag"] = quote_etag(hashlib.md5(response.content, usedforsecurity=False).hexdigest())
        response["Last-Modified"] = http_date(now)
        patch_vary_headers(response, ("Cookie",))
        self._set_freshness(response, lifetime)
        entry = pagecache.Entry.of(
            response, generations=generations, expires_at=now + lifetime, last_modified=int(now)
        )
        pagecache.store(key, entry, lifetime)
        response["X-Cache"] = "MISS"
        return self._conditional(request, response, entry)

    @staticmethod
    def _public_match(request) -> ResolverMatch | None:
        """The URL's match when it is one of the cached namespaces' pages."""
        match = _resolve_remembered(get_resolver(get_urlconf()), request.path_info)
        if match is None or not set(match.namespaces) & set(settings.NEWSROOM_PAGE_CACHE_NAMESPACES):
            return None
        return match

    @staticmethod
    def _scopes(match: ResolverMatch) -> list[str]:
        date = match.kwargs.get("date")
        if isinstance(date, dt.date):
            return [pagecache.SITE, pagecache.issue_scope(date)]
        return [pagecache.SITE, pagecache.LISTINGS]

    @staticmethod
    def _storable(request, response) -> bool:
        cache_control = response.get("Cache-Control", "").lower()
        return (
            response.status_code == 200
            and not response.streaming
            # A file the web server sends (articles.files): its body is not here to keep.
            and not response.has_header("X-Accel-Redirect")
            and not response.has_header("X-Sendfile")
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not getattr(getattr(request, "session", None), "modified", False)
            and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
        )

    @staticmethod
    def _lifetime(timeout: int, now: float) -> int:
        """Seconds the page may be kept: never past the next scheduled publication
        or release of an edition (articles.policy)."""
        from articles import policy

        upcoming = policy.next_public_change(at=timezone.now())
        if upcoming is None:
            return timeout
        return min(timeout, int(upcoming.timestamp() - now))

    @staticmethod
    def _set_freshness(response, seconds: float) -> None:
        freshness = {"public": True, "max_age": max(0, min(settings.NEWSROOM_PAGE_BROWSER_MAX_AGE, int(seconds)))}
        if settings.NEWSROOM_SHARED_MAX_AGE:
            # A purged shared cache (newsroom.ops.purge) may keep it longer, never past its expiry.
            freshness["s_maxage"] = max(0, min(settings.NEWSROOM_SHARED_MAX_AGE, int(seconds)))
        # One pass over the header: this runs on every hit.
        patch_cache_control(response, **freshness)

    @staticmethod
    def _conditional(request, response, entry):
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=entry.last_modified, response=response
        )
