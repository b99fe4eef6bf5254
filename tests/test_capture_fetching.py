"""Fetching pages to capture: which addresses it may reach, and its limits.

Nothing here sends traffic off this machine: addresses are checked as literals,
names are resolved by a stand-in for the resolver, and every page comes from the
loopback news site (tests/capture_site.py).
"""

import ipaddress
import socket

import pytest

from capture.addresses import AddressRefused, check_address, resolve
from capture.errors import CaptureFailed, Failure
from capture.fetching import fetch

REFUSED = [
    "127.0.0.1",  # loopback
    "127.8.9.10",
    "10.0.0.1",  # private
    "172.16.5.4",
    "192.168.1.1",
    "100.64.0.1",  # shared (carrier-grade NAT)
    "169.254.169.254",  # link-local: the cloud metadata service
    "0.0.0.0",  # unspecified
    "224.0.0.251",  # multicast
    "240.0.0.1",  # reserved
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",
    "fc00::1",  # unique local
    "ff02::1",  # multicast
    "::ffff:127.0.0.1",  # loopback written as IPv6
    "::ffff:10.0.0.1",
]
PUBLIC = ["93.184.215.14", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"]


@pytest.mark.parametrize("address", REFUSED)
def test_private_and_special_addresses_are_refused(address):
    with pytest.raises(AddressRefused):
        check_address(address)


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_allowed(address):
    assert check_address(address) == ipaddress.ip_address(address)


def test_a_setting_opens_one_range_and_no_other(settings):
    settings.CAPTURE_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    assert str(check_address("127.0.0.1")) == "127.0.0.1"
    with pytest.raises(AddressRefused):
        check_address("10.0.0.1")
    with pytest.raises(AddressRefused):
        check_address("::1")


def _resolver(table, calls):
    def getaddrinfo(host, port, *args, **kwargs):
        try:
            ipaddress.ip_address(host)
        except ValueError:
            calls.append(host)
            addresses = table[host]
        else:
            addresses = [host]  # the connection to an address already checked
        return [
            (
                socket.AF_INET6 if ":" in ip else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (ip, port),
            )
            for ip in addresses
        ]

    return getaddrinfo


def test_a_name_that_resolves_inside_is_refused(monkeypatch):
    calls = []
    monkeypatch.setattr(socket, "getaddrinfo", _resolver({"intranet.example": ["10.1.2.3"]}, calls))
    with pytest.raises(AddressRefused, match="10.1.2.3"):
        resolve("intranet.example", 80)


def test_a_name_with_one_public_and_one_private_address_is_refused(monkeypatch):
    calls = []
    table = {"mixed.example": ["93.184.215.14", "127.0.0.1"]}
    monkeypatch.setattr(socket, "getaddrinfo", _resolver(table, calls))
    with pytest.raises(AddressRefused):
        resolve("mixed.example", 443)


def test_the_fetch_connects_to_the_address_it_checked(capturing, monkeypatch):
    """A name is resolved once per hop; the connection goes to that address, with the
    name in the Host header: a resolver that answers differently later is never asked."""
    calls = []
    table = {"news.example": ["127.0.0.1"]}
    monkeypatch.setattr(socket, "getaddrinfo", _resolver(table, calls))
    port = capturing.httpd.server_port
    exchanges = fetch(f"http://news.example:{port}/opinion/belarus-is-complicit")
    assert calls == ["news.example"]
    assert exchanges[-1].address == "127.0.0.1"
    assert ("Host", f"news.example:{port}") in exchanges[-1].request_headers
    assert capturing.requests == [
        ("/opinion/belarus-is-complicit", exchanges[0].request_headers[1][1])
    ]


def test_loopback_is_refused_unless_allowed_and_the_server_sees_nothing(news_site, settings):
    news_site.requests.clear()
    settings.CAPTURE_ALLOWED_NETWORKS = []
    with pytest.raises(CaptureFailed) as refused:
        fetch(news_site.url("/opinion/belarus-is-complicit"))
    assert refused.value.failure == Failure.REFUSED
    assert news_site.requests == []


def test_a_redirect_inside_is_refused_before_it_is_followed(capturing):
    with pytest.raises(CaptureFailed) as refused:
        fetch(capturing.url("/to-private"))
    assert refused.value.failure == Failure.REFUSED
    assert "10.20.30.40" in refused.value.message
    assert [path for path, _ in capturing.requests] == ["/to-private"]


def test_every_hop_of_a_redirect_chain_is_kept(capturing):
    exchanges = fetch(capturing.url("/moved/3"))
    assert [e.status for e in exchanges] == [302, 302, 302, 200]
    assert exchanges[-1].url == capturing.url("/opinion/belarus-is-complicit")


@pytest.mark.parametrize(
    "path, failure",
    [
        ("/missing", Failure.HTTP_ERROR),
        ("/report.pdf", Failure.NOT_HTML),
        ("/huge", Failure.TOO_LARGE),
        ("/huge-undeclared", Failure.TOO_LARGE),
        ("/slow", Failure.TIMEOUT),
        ("/moved/9", Failure.TOO_MANY_REDIRECTS),
    ],
)
def test_what_cannot_be_captured_says_why(capturing, path, failure):
    with pytest.raises(CaptureFailed) as failed:
        fetch(capturing.url(path))
    assert failed.value.failure == failure


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/file", "file:///etc/passwd", "http:///nohost"])
def test_only_http_and_https_are_fetched(capturing, url):
    with pytest.raises(CaptureFailed) as failed:
        fetch(url)
    assert failed.value.failure == Failure.BAD_URL
    assert capturing.requests == []


def test_the_user_agent_names_the_archive(capturing, settings):
    fetch(capturing.url("/opinion/belarus-is-complicit"))
    assert capturing.requests[0][1] == settings.CAPTURE_USER_AGENT
    assert "BelarusWarArchive" in settings.CAPTURE_USER_AGENT
