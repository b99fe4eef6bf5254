"""Which addresses a capture may connect to.

Only the public internet, unless a setting (CAPTURE_ALLOWED_NETWORKS) opens a
range. The check is made on the addresses a name resolves to, and the fetch then
connects to the address that was checked (never resolving the name again), so a
name that resolves differently the second time cannot lead inside.
"""

import ipaddress
import socket

from django.conf import settings


class AddressRefused(Exception):
    """The host is, or resolves to, an address captures may not reach."""


def allowed_networks():
    return [ipaddress.ip_network(net, strict=False) for net in settings.CAPTURE_ALLOWED_NETWORKS]


def is_public(ip):
    """True for an address on the public internet: not private, loopback, link-local,
    multicast, reserved, unspecified or shared (carrier-grade NAT)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not (
        ip.is_multicast or ip.is_reserved or ip.is_link_local or ip.is_loopback
    )


def check_address(ip):
    """Raise AddressRefused unless a capture may connect to `ip` (text or ip_address)."""
    ip = ipaddress.ip_address(ip) if isinstance(ip, str) else ip
    if is_public(ip) or any(ip in network for network in allowed_networks()):
        return ip
    raise AddressRefused(f"{ip} is not a public address")


def resolve(host, port):
    """The one address to connect to for `host`: every address the name resolves to
    must be allowed (a name that also points inside is refused as a whole)."""
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as error:
            raise LookupError(f"{host} could not be resolved ({error})") from None
        # A scoped IPv6 address ("fe80::1%eth0") is link-local, refused like the rest.
        addresses = list(
            dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos)
        )
    else:
        addresses = [ip]
    for address in addresses:
        try:
            check_address(address)
        except AddressRefused:
            raise AddressRefused(
                f"{host} resolves to {address}, which is not a public address"
                if str(address) != host.strip("[]")
                else f"{host} is not a public address"
            ) from None
    return addresses[0]
