"""A real HTTP server on loopback for the collector tests: each path answers with a scripted behaviour.

Behaviours are plain functions of the request handler, so a test states what the server does ("serve
this feed with this ETag", "stall", "send 50 MB", "redirect forever") and the collector meets it over a
real socket. The server can be stopped and started again on the same port (a server going down).
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Behaviour = Callable[[BaseHTTPRequestHandler], None]
LOOPBACK = ("127.0.0.1",)  # fetch.allowed_hosts for these servers: no other non-public address is reached


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()  # headers and body go out in separate writes: without this, delayed ACKs cost 40 ms
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        owner = self.server.owner
        path = self.path.split("?", 1)[0]
        owner.record(self)
        behaviour = owner.routes.get(path) or owner.routes.get(self.path)
        try:
            if behaviour is None:
                self.send_error(404)
            else:
                behaviour(self)
        finally:
            owner.release()

    def log_message(self, *args) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: FeedServer

    def handle_error(self, request, client_address) -> None:
        pass  # a client hanging up on a bomb or an endless body is what the tests want


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Behaviour] = {}
        self.hits: Counter[str] = Counter()
        self.headers: list[dict[str, str]] = []
        self.active = 0
        self.most_active = 0
        self._lock = threading.Lock()
        self.port = 0
        self._server: _Server | None = None

    def start(self) -> FeedServer:
        self._server = _Server(("127.0.0.1", self.port), _Handler)
        self._server.owner = self
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def route(self, path: str, behaviour: Behaviour) -> str:
        self.routes[path] = behaviour
        return self.url(path)

    def record(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.hits[handler.path.split("?", 1)[0]] += 1
            self.headers.append(dict(handler.headers.items()))
            self.active += 1
            self.most_active = max(self.most_active, self.active)

    def release(self) -> None:
        with self._lock:
            self.active -= 1


# --- behaviours ------------------------------------------------------------------------------------------


def send(
    body: bytes,
    content_type: str = "application/rss+xml",
    status: int = 200,
    headers: dict[str, str] | None = None,
    delay: float = 0.0,
) -> Behaviour:
    def behaviour(h: BaseHTTPRequestHandler) -> None:
        if delay:
            time.sleep(delay)
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)

    return behaviour


def conditional(body: bytes, etag: str, content_type: str = "application/rss+xml") -> Behaviour:
    """200 with the ETag, or 304 when the client sends it back."""

    def behaviour(h: BaseHTTPRequestHandler) -> None:
        if h.headers.get("If-None-Match") == etag:
            h.send_response(304)
            h.send_header("ETag", etag)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        send(body, content_type, headers={"ETag": etag})(h)

    return behaviour


def status(code: int, headers: dict[str, str] | None = None) -> Behaviour:
    return send(f"status {code}".encode(), "text/plain", status=code, headers=headers)


def stall(seconds: float) -> Behaviour:
    """Accept the request, then say nothing."""

    def behaviour(h: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        h.close_connection = True

    return behaviour


def drip(chunks: int, every: float) -> Behaviour:
    """Headers at once, then one byte at a time: each read is quick, the whole is endless."""

    def behaviour(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Content-Length", str(chunks))
        h.end_headers()
        try:
            for _ in range(chunks):
                h.wfile.write(b" ")
                h.wfile.flush()
                time.sleep(every)
        except OSError:
            pass
        h.close_connection = True

    return behaviour


def trickle_headers(every: float) -> Behaviour:
    """A status line, then one header byte every `every` seconds, for as long as the client listens: each
    read gets something, so only a deadline for the whole exchange ends it."""

    def behaviour(h: BaseHTTPRequestHandler) -> None:
        h.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        try:
            while True:
                h.wfile.write(b"a")
                h.wfile.flush()
                time.sleep(every)
        except OSError:
            pass

    return behaviour


def endless(total: int, declare: bool) -> Behaviour:
    """`total` bytes of a feed-looking body, streamed; with or without an honest Content-Length."""

    def behaviour(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        if declare:
            h.send_header("Content-Length", str(total))
        h.end_headers()
        block = b"<!-- padding -->" * 4096
        sent = 0
        try:
            while sent < total:
                h.wfile.write(block)
                sent += len(block)
        except OSError:
            pass
        h.close_connection = True

    return behaviour


def gzip_bomb(inflated: int) -> Behaviour:
    """A small gzip body that inflates to `inflated` bytes of spaces."""
    body = gzip.compress(b" " * inflated, compresslevel=9)
    return send(body, headers={"Content-Encoding": "gzip"})


def redirect(to: str, code: int = 302) -> Behaviour:
    return send(b"", "text/plain", status=code, headers={"Location": to})
