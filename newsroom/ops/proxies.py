"""The client's address behind trusted reverse proxies.

Each proxy appends the address it received the request from to
X-Forwarded-For, so with N trusted proxies in front of the app server the
N-th entry from the right is the address the outermost one saw: the client.
Everything left of it was sent by the client and may be forged; it is never
read. With no trusted proxy (the default) X-Forwarded-For is ignored and
REMOTE_ADDR is the client.

Not django-ipware: its proxy count must match the header's length exactly,
and a client that sends an X-Forwarded-For of its own makes it fall back to
REMOTE_ADDR, the proxy, which every reader shares.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    remote_addr = request.META.get("REMOTE_ADDR")
    trusted = settings.NEWSROOM_TRUSTED_PROXY_COUNT
    if trusted < 1:
        return remote_addr
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < trusted:
        # Did not come through every proxy (a probe, or a request sent to the app server directly).
        return remote_addr
    try:
        return str(ipaddress.ip_address(hops[-trusted]))
    except ValueError:
        return remote_addr
