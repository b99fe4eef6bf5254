"""Fetching a page safely: http(s) only, public addresses only, bounded in time and size.

Each hop of a redirect chain is resolved and checked (capture.addresses), and the
connection goes to the checked address itself: urllib3 is given the IP, with the
name kept for the Host header, TLS's server name and certificate check. Redirects
are followed here, not by the library, so that every hop is checked and recorded.
"""

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from urllib3.exceptions import HTTPError, TimeoutError
from urllib3.util import Timeout

from .addresses import AddressRefused, resolve
from .errors import CaptureFailed, Failure

ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/*;q=0.8"
# Asking for the body as it is stored avoids decoding it to extract text; a server that
# compresses anyway is archived as it answered (capture.extraction decodes gzip and deflate).
ACCEPT_ENCODING = "identity"
TEXT_TYPES = ("text/", "application/xhtml+xml")
REDIRECTS = {301, 302, 303, 307, 308}
CHUNK = 64 * 1024


@dataclass
class Exchange:
    """One request and its response, as sent and as received."""

    url: str
    method: str
    request_headers: list
    status: int
    reason: str
    http_version: str
    response_headers: list
    payload: bytes = b""
    address: str = ""
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def header(self, name):
        name = name.lower()
        return next((value for key, value in self.response_headers if key.lower() == name), "")

    @property
    def content_type(self):
        return self.header("Content-Type").split(";")[0].strip().lower()


def fetch(url):
    """The exchanges that lead from `url` to a page: redirects first, the page last.

    Raises CaptureFailed (with the Failure kind an editor sees) on anything else.
    """
    deadline = time.monotonic() + settings.CAPTURE_TIMEOUT
    exchanges = []
    while True:
        exchange = _fetch_one(url, deadline)
        exchanges.append(exchange)
        location = exchange.header("Location")
        if exchange.status not in REDIRECTS or not location:
            break
        if len(exchanges) > settings.CAPTURE_MAX_REDIRECTS:
            raise CaptureFailed(
                Failure.TOO_MANY_REDIRECTS,
                f"More than {settings.CAPTURE_MAX_REDIRECTS} redirects (the last to {location}).",
            )
        url = urljoin(url, location)
    page = exchanges[-1]
    if not 200 <= page.status < 300:
        raise CaptureFailed(
            Failure.HTTP_ERROR, f"The server answered HTTP {page.status} {page.reason}."
        )
    return exchanges


def _split(url):
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise CaptureFailed(Failure.BAD_URL, f"{url} is not a valid address ({error}).") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CaptureFailed(Failure.BAD_URL, f"Only http and https addresses are captured: {url}")
    default = 443 if parts.scheme == "https" else 80
    return parts, parts.hostname, port or default


def _fetch_one(url, deadline):
    parts, host, port = _split(url)
    try:
        ip = resolve(host, port)
    except AddressRefused as error:
        raise CaptureFailed(Failure.REFUSED, f"Refused: {error}.") from None
    except LookupError as error:
        raise CaptureFailed(Failure.NETWORK, str(error)) from None

    remaining = max(deadline - time.monotonic(), 0.001)
    timeout = Timeout(connect=remaining, read=remaining)
    if parts.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            str(ip),
            port,
            timeout=timeout,
            retries=False,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
        )
    else:
        pool = urllib3.HTTPConnectionPool(str(ip), port, timeout=timeout, retries=False)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    headers = [
        ("Host", netloc),
        ("User-Agent", settings.CAPTURE_USER_AGENT),
        ("Accept", ACCEPT),
        ("Accept-Encoding", ACCEPT_ENCODING),
    ]
    try:
        response = pool.urlopen(
            "GET",
            target,
            headers=dict(headers),
            redirect=False,
            preload_content=False,
            decode_content=False,
            assert_same_host=False,
        )
        try:
            exchange = Exchange(
                url=url,
                method="GET",
                request_headers=headers,
                status=response.status,
                reason=response.reason or "",
                http_version="HTTP/1.0" if response.version == 10 else "HTTP/1.1",
                response_headers=list(response.headers.items()),
                address=str(ip),
            )
            if not 200 <= exchange.status < 300:
                return exchange
            _check_type(exchange)
            exchange.payload = _read(response, exchange, deadline)
            return exchange
        finally:
            response.release_conn()
            pool.close()
    except TimeoutError:
        raise CaptureFailed(
            Failure.TIMEOUT, f"No complete answer within {settings.CAPTURE_TIMEOUT} s."
        ) from None
    except HTTPError as error:
        raise CaptureFailed(Failure.NETWORK, f"The connection failed: {error}") from None


def _check_type(exchange):
    content_type = exchange.content_type
    if not content_type.startswith(TEXT_TYPES):
        raise CaptureFailed(
            Failure.NOT_HTML,
            f"The page is {content_type or 'of no stated type'}, not HTML or text.",
        )


def _read(response, exchange, deadline):
    limit = settings.CAPTURE_MAX_BYTES
    too_large = CaptureFailed(Failure.TOO_LARGE, f"The page is larger than {limit:,} bytes.")
    declared = exchange.header("Content-Length")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    body = bytearray()
    for chunk in response.stream(CHUNK, decode_content=False):
        body += chunk
        if len(body) > limit:
            raise too_large
        # The read timeout bounds each read; this bounds them all, so a server that
        # trickles a byte at a time cannot hold a worker.
        if time.monotonic() > deadline:
            raise CaptureFailed(
                Failure.TIMEOUT, f"No complete answer within {settings.CAPTURE_TIMEOUT} s."
            )
    return bytes(body)
