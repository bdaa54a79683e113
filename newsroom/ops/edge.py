"""The HTTP cache tier in front (Varnish, a CDN): surrogate-key headers.

`SurrogateKeyMiddleware` opens the core's key collector
(`articles.surrogates`) around the view and writes what it gathered into
every header named in NEWSROOM_SURROGATE_KEY_HEADERS (`xkey` for Varnish's
xkey vmod, `Surrogate-Key` for Fastly-style CDNs, `Cache-Tag` for Cloudflare). It sits below the shared
page cache, so the keys are stored with a cached page and sent again with
every hit. `newsroom.ops.purge` purges the same keys when content changes.
"""

from __future__ import annotations

from django.conf import settings

from articles import surrogates

# A response a shared cache must not keep never needs keys.
_PRIVATE = ("private", "no-store")
# Cloudflare's Cache-Tag separates keys by commas; xkey and Surrogate-Key by spaces.
_COMMA_SEPARATED = {"cache-tag"}


class SurrogateKeyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with surrogates.collecting() as keys:
            response = self.get_response(request)
        cache_control = response.get("Cache-Control", "").lower()
        if not any(word in cache_control for word in _PRIVATE):
            value = surrogates.header_value(keys, max_bytes=settings.NEWSROOM_SURROGATE_KEYS_MAX_BYTES)
            for header in settings.NEWSROOM_SURROGATE_KEY_HEADERS:
                response[header] = value.replace(" ", ",") if header.lower() in _COMMA_SEPARATED else value
        return response
