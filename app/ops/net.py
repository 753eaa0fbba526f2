"""Address lists from settings (IPs and CIDR networks) and the real client behind proxies."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from functools import lru_cache

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=32)
def parse_networks(items: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in items)


def parse_address(host: str | None) -> Address | None:
    if not host:
        return None
    try:
        address = ipaddress.ip_address(host.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def address_in(host: str | None, networks: Iterable[Network]) -> bool:
    address = parse_address(host)
    return address is not None and any(address in network for network in networks)


def real_client(peer: str | None, forwarded_for: Sequence[str], trusted: Sequence[str]) -> str:
    """The client address: the peer, unless the peer is a trusted proxy; then the right-most
    X-Forwarded-For hop that is not itself a trusted proxy (hops to its left were written by
    the client and may be forged). Unparseable hops stop the walk at the peer."""
    networks = parse_networks(tuple(trusted))
    if not peer:
        return "unknown"
    if not networks or not address_in(peer, networks):
        return peer
    hops = [hop.strip() for value in forwarded_for for hop in value.split(",") if hop.strip()]
    client = peer
    for hop in reversed(hops):
        address = parse_address(hop)
        if address is None:
            return client
        client = str(address)
        if not any(address in network for network in networks):
            return client
    return client
