"""Where a collector may connect, and for how long.

Public addresses only, unless `fetch.allowed_hosts` names the host or the address. A source URL (or a
redirect) that leads to loopback, link-local (cloud metadata at 169.254.169.254), private, multicast or
reserved addresses would let whoever controls a feed's answer reach the services beside tracker.

The check is made on the addresses the name resolves to, right where the connection is opened, and the
socket is connected to an address that passed: a name that resolves to a public address when checked and
to a private one when connected (DNS rebinding) cannot slip through, and no packet goes to a refused one.

Every connection also joins the Exchange of the request it serves, which can cut it off at once (its
socket shut down, whatever the server is doing): when the whole exchange's deadline passes, headers
trickling in included, or when the collector is asked to stop.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from dataclasses import dataclass, field

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(Exception):
    """The host resolves to an address the policy refuses; the message says which and how to allow it."""


@dataclass(frozen=True)
class AddressPolicy:
    """Public addresses, and the names, addresses or networks listed in `fetch.allowed_hosts`."""

    names: frozenset[str] = frozenset()
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    @classmethod
    def allowing(cls, entries: list[str] | tuple[str, ...]) -> AddressPolicy:
        names, networks = set(), []
        for entry in entries:
            try:
                networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                names.add(entry.lower().rstrip("."))
        return cls(frozenset(names), tuple(networks))

    def refusal(self, host: str, address: str) -> str | None:
        """Why `host` may not be reached at `address`, or None when it may."""
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        ip = getattr(ip, "ipv4_mapped", None) or ip
        kind = _kind(ip)
        if kind is None or host.lower().rstrip(".") in self.names or any(ip in n for n in self.networks):
            return None
        return f"{host} resolves to {ip}, a {kind} address: refused (fetch.allowed_hosts can allow it)"


def _kind(ip: Address) -> str | None:
    """The kind of a non-public address, None for a public one."""
    for kind in ("loopback", "link_local", "multicast", "private", "reserved", "unspecified"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if ip.is_global else "non-public"


@dataclass
class Exchange:
    """One request's connections (redirects included), cut off together."""

    connections: list = field(default_factory=list)
    cut: str | None = None  # why: "deadline" or "stop"
    lock: threading.Lock = field(default_factory=threading.Lock)

    def attach(self, connection) -> None:
        with self.lock:
            self.connections.append(connection)
            if self.cut:
                _shut(connection)

    def cut_off(self, why: str) -> None:
        with self.lock:
            if self.cut is None:
                self.cut = why
                for connection in self.connections:
                    _shut(connection)


def _shut(connection) -> None:
    """Wake whatever waits on the socket: a read returns at once, the exchange fails."""
    try:
        if connection.sock is not None:
            connection.sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


_current = threading.local()  # the Exchange this thread's request belongs to


def serving(exchange: Exchange | None) -> None:
    """Connections this thread uses from now on join `exchange` (None: none)."""
    _current.exchange = exchange


class _Guarded:
    """Resolves the host itself, refuses if any address is refused, then connects to the checked ones; joins
    the thread's Exchange on every request, a reused connection too."""

    policy: AddressPolicy
    host: str
    port: int
    sock: socket.socket | None

    def request(self, *args, **kwargs) -> None:
        exchange = getattr(_current, "exchange", None)
        if exchange is not None:
            exchange.attach(self)
        super().request(*args, **kwargs)

    def _new_conn(self) -> socket.socket:
        sock = self._connect()
        exchange = getattr(_current, "exchange", None)
        if exchange is not None and exchange.cut:  # cut off while connecting
            sock.close()
            raise NewConnectionError(self, f"cut off ({exchange.cut})")
        return sock

    def _connect(self) -> socket.socket:
        name = self._dns_host
        try:
            found = socket.getaddrinfo(name, self.port, type=socket.SOCK_STREAM)
        except socket.gaierror:
            return super()._new_conn()  # urllib3 reports the failed lookup its own way
        addresses = list(dict.fromkeys(info[4][0] for info in found))
        for address in addresses:
            if why := self.policy.refusal(self.host, address):
                raise AddressRefused(why)
        error: Exception | None = None
        for address in addresses:
            self._dns_host = address
            try:
                return super()._new_conn()
            except (NewConnectionError, ConnectTimeoutError) as e:  # the next address, as urllib3 would
                error = e
            finally:
                self._dns_host = name
        raise error


class GuardedAdapter(HTTPAdapter):
    """requests' adapter whose connections go only where `policy` allows."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy
        super().__init__()

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        policy = {"policy": self.policy}
        http = type("GuardedHTTPConnection", (_Guarded, HTTPConnection), policy)
        https = type("GuardedHTTPSConnection", (_Guarded, HTTPSConnection), policy)
        self.poolmanager.pool_classes_by_scheme = {
            "http": type("GuardedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http}),
            "https": type("GuardedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https}),
        }
