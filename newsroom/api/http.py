"""What every public machine-readable response shares: CORS for GET,
conditional GET (ETag, Last-Modified, 304) and a short public cache life."""

from __future__ import annotations

import functools

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.http import conditional_page

from articles import surrogates

# Proxies and apps may reuse an answer this long before asking again (with If-None-Match).
MAX_AGE = 60
PREFLIGHT_MAX_AGE = 24 * 3600
SAFE_METHODS = ("GET", "HEAD")
NOT_FOUND = "未找到：不存在或尚未发布"


def allowed_origin(origin: str | None) -> str | None:
    """The Access-Control-Allow-Origin value for `origin`, or None."""
    origins = settings.NEWSROOM_API_CORS_ORIGINS
    if "*" in origins:
        return "*"
    return origin if origin and origin in origins else None


def add_cors_headers(request, response: HttpResponse) -> HttpResponse:
    allow = allowed_origin(request.headers.get("Origin"))
    if allow != "*":
        # The answer differs by origin: caches must keep one per origin.
        patch_vary_headers(response, ["Origin"])
    if allow:
        response["Access-Control-Allow-Origin"] = allow
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Link"
    return response


def preflight(request) -> HttpResponse:
    """The answer to a browser's OPTIONS before a GET with If-None-Match."""
    response = HttpResponse(status=204)
    response["Allow"] = "GET, HEAD, OPTIONS"
    if allowed_origin(request.headers.get("Origin")):
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
        response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return add_cors_headers(request, response)


def public_read(view):
    """Wrap a read-only view: OPTIONS preflight, CORS, ETag/Last-Modified and 304."""
    conditional = conditional_page(view)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return preflight(request)
        surrogates.add(surrogates.API)
        response = conditional(request, *args, **kwargs)
        if request.method in SAFE_METHODS and response.status_code in (200, 304):
            patch_cache_control(response, public=True, max_age=MAX_AGE)
        return add_cors_headers(request, response)

    return wrapper


def set_last_modified(response: HttpResponse, when) -> None:
    """Last-Modified from a datetime (None leaves the header out)."""
    if when is not None:
        response["Last-Modified"] = http_date(when.timestamp())


def not_found(request, *args, **kwargs) -> HttpResponse:
    """JSON 404 for any address under the API that names no operation."""
    return JsonResponse({"detail": NOT_FOUND}, status=404, json_dumps_params={"ensure_ascii": False})
