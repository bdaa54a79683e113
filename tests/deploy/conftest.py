"""A varnishd of the test's own with deploy/varnish's VCL, in front of a
scripted backend (tests of the VCL itself) or of Django's live server."""

from __future__ import annotations

import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.support.varnish import Varnish, varnishd


def require_varnishd() -> None:
    if varnishd() is None:
        pytest.skip("needs varnishd with varnish-modules (apt-get install varnish varnish-modules)")


@dataclass
class Backend:
    """An origin that answers every GET with a numbered body and the headers
    a test sets per path, optionally after a delay, and records what it got."""

    requests: list[dict] = field(default_factory=list)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    delay: float = 0.0
    served: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def respond(self, handler: BaseHTTPRequestHandler) -> None:
        with self.lock:
            self.served += 1
            number = self.served
            self.requests.append({"path": handler.path, "headers": dict(handler.headers)})
        time.sleep(self.delay)
        path = urllib.parse.urlsplit(handler.path).path
        headers = self.headers.get(path, {"Cache-Control": "public, max-age=60, s-maxage=300", "xkey": "site"})
        body = f"response {number} for {handler.path}\n".encode()
        handler.send_response(200)
        for name, value in {**headers, "Content-Type": "text/plain", "Content-Length": str(len(body))}.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)


@pytest.fixture
def backend():
    state = Backend()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            state.respond(self)

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.port = server.server_address[1]
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def varnish(backend):
    require_varnishd()
    with Varnish([("127.0.0.1", backend.port)]) as cache:
        yield cache
