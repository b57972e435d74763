"""Polite, bounded HTTP: what a collector may ask of someone else's server, and what it accepts back.

Collectors run unattended for months against servers we do not control, so every request is bounded: a
connect and a read timeout plus a deadline for the whole body (a server dripping one byte a second), a cap
on the bytes on the wire and another on the bytes after gzip/deflate (a small bomb), at most five
redirects, http and https only, public addresses only unless the config allows one (sources/guard.py). It
is also polite: an honest User-Agent with a contact, conditional GET, at most one request at a time per
host with a minimum gap, and the server's Retry-After respected.
"""

from __future__ import annotations

import email.utils
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urljoin, urlsplit

import requests

from sources.guard import AddressPolicy, AddressRefused, Exchange, GuardedAdapter, serving

REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Limits:
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    deadline: float = 60.0  # seconds for the whole exchange: connection, redirects, headers and body
    max_bytes: int = 10 * 1024 * 1024  # on the wire
    max_decompressed: int = 50 * 1024 * 1024
    max_redirects: int = 5
    host_gap: float = 1.0  # seconds between two requests to one host
    allowed_hosts: tuple[str, ...] = ()  # non-public names, addresses or networks that may be reached


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    body: bytes  # decompressed; empty when not modified
    content_type: str | None
    etag: str | None
    last_modified: str | None
    location: str | None = None  # where a redirect points

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchError(Exception):
    """A request that gave nothing usable; `kind` says which bound or failure, the message what to do.

    Kinds: unreachable (no connection: DNS, refused, connect timeout), forbidden (a non-public address
    not in `fetch.allowed_hosts`), timeout (a read, or the deadline for the whole exchange), stopped (the
    fetcher stops), connection (broke off), too_large, redirects, scheme, http (a 4xx/5xx status),
    bad_content."""

    def __init__(self, kind: str, message: str, *, status: int | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.retry_after = retry_after  # seconds the server asked us to wait


def user_agent(name: str, email: str) -> str:
    """Who asks, and how to reach them: feed operators block anonymous robots, and rightly."""
    try:
        release = version("tracker")
    except PackageNotFoundError:
        release = "dev"
    return f"tracker/{release} ({name}; mailto:{email})"


@dataclass
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    last: float = 0.0


class Fetcher:
    """One per process: it holds the connection pool and the per-host queue every collector shares."""

    def __init__(self, agent: str, limits: Limits = Limits()) -> None:
        self.limits = limits
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": agent, "Accept-Encoding": "gzip, deflate", "Accept": "*/*;q=0.5"})
        guarded = GuardedAdapter(AddressPolicy.allowing(limits.allowed_hosts))  # redirects are requests too
        self.session.mount("http://", guarded)
        self.session.mount("https://", guarded)
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        self._exchanges: dict[int, Exchange] = {}  # under way, to cut off on stop
        self._lock = threading.Lock()
        self._stopped = False

    def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None, accept: str | None = None
    ) -> Response:
        """GET `url`, following redirects; raises FetchError for anything but 2xx and 304."""
        began = time.monotonic()
        seen = {url}
        headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        if accept:
            headers["Accept"] = accept
        for _ in range(self.limits.max_redirects + 1):
            _check_scheme(url)
            response = self._one(url, headers, began)
            if response.status not in REDIRECTS:
                return response
            target = urljoin(url, response.location or "")
            if target in seen:
                raise FetchError("redirects", f"redirect loop: {url} sends back to {target}", status=response.status)
            seen.add(target)
            url = target
        raise FetchError("redirects", f"more than {self.limits.max_redirects} redirects, last to {url}")

    def _one(self, url: str, headers: dict[str, str], began: float) -> Response:
        host = self._host(url)
        with host.lock:
            wait = host.last + self.limits.host_gap - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            reached = True
            try:
                with self._watched(url, began):
                    return self._exchange(url, headers)
            except FetchError as e:
                reached = e.kind not in ("unreachable", "forbidden")  # no connection: no pause owed either way
                raise
            finally:
                if reached:
                    host.last = time.monotonic()

    @contextmanager
    def _watched(self, url: str, began: float) -> Iterator[None]:
        """The exchange is cut off when the deadline for the whole of it passes (however the server drips its
        headers or body) or when the fetcher stops; either way it fails at once with a FetchError."""
        exchange = Exchange()
        with self._lock:
            if self._stopped:
                raise FetchError("stopped", f"{url}: not fetched, tracker is stopping")
            self._exchanges[id(exchange)] = exchange
        timer = threading.Timer(
            max(0.0, began + self.limits.deadline - time.monotonic()), exchange.cut_off, ["deadline"]
        )
        timer.daemon = True
        timer.start()
        serving(exchange)
        try:
            yield
            if exchange.cut:  # a cut can also look like a complete answer (headers ended by the shutdown)
                raise self._cut_off(url, exchange)
        except Exception as e:  # the broken connection's error says less than why it broke
            if exchange.cut and not (isinstance(e, FetchError) and e.kind in ("timeout", "stopped")):
                raise self._cut_off(url, exchange) from e
            raise
        finally:
            serving(None)
            timer.cancel()
            with self._lock:
                self._exchanges.pop(id(exchange), None)

    def _cut_off(self, url: str, exchange: Exchange) -> FetchError:
        if exchange.cut == "stop":
            return FetchError("stopped", f"{url}: cut off, tracker is stopping")
        return FetchError("timeout", f"{url} took longer than {self.limits.deadline:g} s to answer (headers and body)")

    def _exchange(self, url: str, headers: dict[str, str]) -> Response:
        limits = self.limits
        try:
            r = self.session.get(
                url,
                headers=headers,
                timeout=(limits.connect_timeout, limits.read_timeout),
                allow_redirects=False,
                stream=True,
            )
        except AddressRefused as e:
            raise FetchError("forbidden", f"{url}: {e}") from None
        except requests.exceptions.ConnectTimeout as e:
            raise FetchError(
                "unreachable", f"no connection to {_host_of(url)} within {limits.connect_timeout:g} s"
            ) from e
        except requests.exceptions.ReadTimeout as e:
            raise FetchError("timeout", f"{_host_of(url)} sent no answer within {limits.read_timeout:g} s") from e
        except requests.exceptions.ConnectionError as e:
            raise FetchError("unreachable", f"cannot reach {_host_of(url)}: {_reason(e)}") from e
        except requests.exceptions.RequestException as e:
            raise FetchError("connection", f"{url}: {_reason(e)}") from e
        with r:
            if r.status_code in REDIRECTS:
                location = r.headers.get("Location")
                if not location:
                    raise FetchError("http", f"HTTP {r.status_code} without a Location header", status=r.status_code)
                return Response(url, r.status_code, b"", None, None, None, location)
            if r.status_code == 304:
                return Response(url, 304, b"", None, r.headers.get("ETag") or headers.get("If-None-Match"), None)
            if r.status_code >= 400 or r.status_code < 200:
                raise FetchError(
                    "http",
                    f"HTTP {r.status_code} {r.reason or ''} from {url}".replace("  ", " "),
                    status=r.status_code,
                    retry_after=retry_after(r.headers.get("Retry-After")),
                )
            body = self._body(r, url)
            return Response(
                url,
                r.status_code,
                body,
                r.headers.get("Content-Type"),
                r.headers.get("ETag"),
                r.headers.get("Last-Modified"),
            )

    def _body(self, r: requests.Response, url: str) -> bytes:
        limits = self.limits
        declared = r.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limits.max_bytes:
            raise FetchError("too_large", f"{url} announces {int(declared):,} bytes; the limit is {limits.max_bytes:,}")
        decoder = _Decoder(r.headers.get("Content-Encoding", ""), limits.max_decompressed, url)
        received = 0
        try:
            while chunk := r.raw.read1(CHUNK, decode_content=False):  # what has arrived, not CHUNK
                received += len(chunk)
                if received > limits.max_bytes:
                    raise FetchError("too_large", f"{url} sent more than {limits.max_bytes:,} bytes; stopped reading")
                decoder.feed(chunk)
        except (requests.exceptions.RequestException, OSError) as e:
            kind = "timeout" if "timed out" in str(e).lower() else "connection"
            raise FetchError(kind, f"{url}: the body broke off: {_reason(e)}") from e
        except Exception as e:  # urllib3's ReadTimeoutError and ProtocolError are no RequestException here
            if e.__class__.__module__.startswith("urllib3"):
                kind = "timeout" if "timed out" in str(e).lower() else "connection"
                raise FetchError(kind, f"{url}: the body broke off: {_reason(e)}") from e
            raise
        return decoder.finish()

    def _host(self, url: str) -> _Host:
        key = _host_of(url)
        with self._hosts_lock:
            return self._hosts.setdefault(key, _Host())

    def stop(self) -> None:
        """Cut off every exchange under way and refuse new ones: a stop never waits on a server."""
        with self._lock:
            self._stopped = True
            exchanges = list(self._exchanges.values())
        for exchange in exchanges:
            exchange.cut_off("stop")

    def close(self) -> None:
        self.stop()
        self.session.close()


class _Decoder:
    """gzip or deflate, stopped as soon as the output passes the cap: a bomb never fills memory.

    Servers get Content-Encoding wrong: raw deflate without the zlib header, or a plain body labelled
    compressed. Until the first byte comes out, a failure falls back to the next reading."""

    def __init__(self, encoding: str, cap: int, url: str) -> None:
        self.encoding = encoding.strip().lower()
        self.cap, self.url = cap, url
        self.parts: list[bytes] = []
        self.size = 0
        self.received: list[bytes] = []  # the raw bytes, while nothing has come out yet
        if self.encoding in ("gzip", "x-gzip"):
            self.fallbacks = [zlib.MAX_WBITS | 16, None]
        elif self.encoding == "deflate":
            self.fallbacks = [zlib.MAX_WBITS, -zlib.MAX_WBITS, None]
        elif self.encoding in ("", "identity"):
            self.fallbacks = [None]
        else:
            raise FetchError("bad_content", f"{url}: unsupported Content-Encoding {encoding!r}")
        self.z = self._next()

    def _next(self):
        wbits = self.fallbacks.pop(0)
        return None if wbits is None else zlib.decompressobj(wbits)

    def feed(self, chunk: bytes) -> None:
        if self.z is None:
            self._keep(chunk)
            return
        if self.size == 0:
            self.received.append(chunk)
        try:
            data = self.z.decompress(chunk, self.cap - self.size + 1)
            self._keep(data)
            while self.z.unconsumed_tail:  # output was cut at the cap: draining it is what a bomb hopes for
                self._keep(self.z.decompress(self.z.unconsumed_tail, self.cap - self.size + 1))
        except zlib.error as e:
            plain_next = self.fallbacks[:1] == [None]
            if self.size or not self.fallbacks or (plain_next and self.received[0].startswith(GZIP_MAGIC)):
                raise FetchError("bad_content", f"{self.url}: the {self.encoding} body is corrupt: {e}") from e
            self.z = self._next()
            received, self.received = self.received, []
            for part in received:
                self.feed(part)
        if self.size:
            self.received = []

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.cap:
            raise FetchError(
                "too_large", f"{self.url}: the body inflates past {self.cap:,} bytes (a compression bomb?); refused"
            )
        self.parts.append(data)

    def finish(self) -> bytes:
        if self.z is not None:
            try:
                self._keep(self.z.flush())
            except zlib.error as e:
                raise FetchError("bad_content", f"{self.url}: the {self.encoding} body is corrupt: {e}") from e
        return b"".join(self.parts)


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _check_scheme(url: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError("scheme", f"{url}: only http and https are fetched (got {scheme or 'no scheme'!r})")


def _host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port}" if parts.port else parts.hostname or url


def _reason(e: BaseException) -> str:
    """The innermost cause, which says what happened ("Connection refused"), not the wrapper's repr."""
    while e.__cause__ is not None or e.__context__ is not None:
        e = e.__cause__ or e.__context__
    text = str(e)
    return text.split("] ", 1)[-1] if text.startswith("[Errno") else text
