"""Outgoing HTTP to addresses a company gives us (webhook endpoints).

A company admin chooses the URL, so it must never reach this server's own network:
loopback, private, link-local (the cloud metadata service at 169.254.169.254),
shared, multicast and reserved addresses are refused unless they fall in
WEBHOOK_ALLOWED_NETWORKS (an administrator's explicit list, for receivers inside a
self-hosted network). The address is checked when the endpoint is saved and again
at every delivery, on the address actually connected to (a name that later resolves
elsewhere gains nothing), and redirects are never followed.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeTarget(OSError):
    """The URL points where Shortlist does not send requests; the message says why."""


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(network, strict=False) for network in settings.WEBHOOK_ALLOWED_NETWORKS]


def address_allowed(address: IPAddress) -> bool:
    """A public address, or one inside WEBHOOK_ALLOWED_NETWORKS."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if any(address in network for network in _allowed_networks()):
        return True
    return address.is_global and not address.is_multicast


def resolve(host: str, port: int) -> list[tuple[Any, ...]]:
    """getaddrinfo for a TCP connection, refusing the whole host if any address is not allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise UnsafeTarget(f"The host {host} could not be resolved ({error.strerror}).") from error
    for *_, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if not address_allowed(address):
            raise UnsafeTarget(
                f"{host} resolves to {address}, a loopback, private or reserved address; "
                "webhooks go only to public addresses (or networks listed in WEBHOOK_ALLOWED_NETWORKS)."
            )
    return infos


def check_url(url: str) -> None:
    """Raise UnsafeTarget unless `url` is http(s) to a host whose every address is allowed."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UnsafeTarget("Only http:// and https:// URLs can receive webhooks.")
    if not parts.hostname:
        raise UnsafeTarget("The URL has no host.")
    if parts.username or parts.password:
        raise UnsafeTarget("Put no user name or password in the URL; deliveries are signed instead.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise UnsafeTarget("The URL's port is not a number between 0 and 65535.") from error
    resolve(parts.hostname, port)


def validate_public_url(url: str) -> None:
    """The model and form validator: check_url as a ValidationError."""
    try:
        check_url(url)
    except UnsafeTarget as error:
        raise ValidationError(str(error), code="unsafe_target") from error


def _connect(host: str, port: int, timeout: Any) -> socket.socket:
    """Connect to the first reachable checked address of `host` (never re-resolving it)."""
    last: OSError | None = None
    for family, kind, proto, _, sockaddr in resolve(host, port):
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not None and timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:  # type: ignore[attr-defined]
                sock.settimeout(timeout)
            sock.connect(sockaddr)
            return sock
        except OSError as error:
            sock.close()
            last = error
    raise last or OSError(f"could not connect to {host}")


class _CheckedHTTPConnection(http.client.HTTPConnection):
    def connect(self) -> None:
        self.sock = _connect(self.host, self.port, self.timeout)


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    def connect(self) -> None:
        sock = _connect(self.host, self.port, self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


class _CheckedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_CheckedHTTPConnection, req)


class _CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_CheckedHTTPSConnection, req, context=self._context)  # type: ignore[attr-defined]


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the 3xx reaches the caller as an HTTPError: a failed delivery


def open_url(request: urllib.request.Request, *, timeout: float) -> Any:
    """urlopen through the checks above: no proxies from the environment, no redirects."""
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}), _CheckedHTTPHandler(), _CheckedHTTPSHandler(), _NoRedirects()
    )
    return opener.open(request, timeout=timeout)
