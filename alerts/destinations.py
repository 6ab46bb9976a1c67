"""Where a webhook may be sent: https to public addresses only, checked when subscribed and again
when sent, and the connection made to the very address that was checked.

Without this, a subscription to ``http://169.254.169.254/`` (cloud metadata), ``10.0.0.1``,
``127.0.0.1:6379`` (Redis) or ``[::1]`` made our worker post to the hospital's own network on an
API client's behalf (server-side request forgery). A name is resolved and every address it
resolves to must be public (``ipaddress``'s ``is_global``). At send time the name is resolved
again (its DNS may have changed since: DNS rebinding) and the request goes to the checked address,
with the name kept for the Host header and for TLS (SNI and certificate check); redirects are not
followed (``alerts.services.http_post``).

``WEBHOOK_ALLOW_LOOPBACK`` (off by default) also allows loopback addresses, over http or https,
for tests and local development.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]


class UnsafeDestination(ValueError):
    """The URL may not receive webhooks; the message says why."""


@dataclass(frozen=True, slots=True)
class Destination:
    scheme: str
    host: str  # the name as written (Host header, TLS server name)
    port: int
    address: IPAddress  # the checked address to connect to
    path: str  # path and query

    @property
    def pinned_url(self) -> str:
        """The URL with the checked address in place of the name."""
        address = f"[{self.address}]" if self.address.version == 6 else str(self.address)
        return f"{self.scheme}://{address}:{self.port}{self.path}"

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == default else f"{host}:{self.port}"


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (A and AAAA)."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        raise UnsafeDestination(f"the host {host!r} does not resolve ({exc.__class__.__name__})") from None
    return [str(info[4][0]) for info in infos]


def _allowed(address: IPAddress, allow_loopback: bool) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global or (allow_loopback and address.is_loopback)


def destination_check(url: str, *, resolver: Resolver | None = None) -> Destination:
    """The checked destination of ``url``, or ``UnsafeDestination`` saying why it may not be one."""
    allow_loopback: bool = settings.WEBHOOK_ALLOW_LOOPBACK
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UnsafeDestination("not a valid URL") from None
    schemes = ("https", "http") if allow_loopback else ("https",)
    if parts.scheme not in schemes:
        raise UnsafeDestination("webhook URLs must use https")
    if not parts.hostname:
        raise UnsafeDestination("the URL names no host")
    if parts.username is not None or parts.password is not None:
        raise UnsafeDestination("the URL may not carry credentials; sign with the subscription's secret")
    host = parts.hostname
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    found = (
        [literal]
        if literal is not None
        else [ipaddress.ip_address(a.split("%")[0]) for a in (resolver or resolve)(host, port)]
    )
    if not found:
        raise UnsafeDestination(f"the host {host!r} does not resolve")
    for address in found:
        if not _allowed(address, allow_loopback):
            raise UnsafeDestination(
                f"{host} resolves to {address}, a private, loopback, link-local or reserved address: "
                "webhooks go to public addresses only"
            )
    if parts.scheme == "http" and not all(address.is_loopback for address in found):
        raise UnsafeDestination("webhook URLs must use https")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Destination(scheme=parts.scheme, host=host, port=port, address=found[0], path=path)
