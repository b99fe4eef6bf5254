"""The snapshot as a WARC file: every exchange of the capture, as sent and received.

warcio writes it (request and response records, gzip per record, as web archives
keep them) and reads it back for the sandboxed view of the page.
"""

import io

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# Transfer framing is undone by the HTTP client and is not part of the content; a
# stored "chunked" header would make WARC readers try to de-chunk a plain payload.
_FRAMING_HEADERS = {"transfer-encoding"}


def write_warc(exchanges):
    """The WARC file (bytes) for `exchanges` (capture.fetching.Exchange)."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for exchange in exchanges:
        parts = exchange.url.split("/", 3)
        target = "/" + (parts[3] if len(parts) > 3 else "")
        date = exchange.started_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        request = writer.create_warc_record(
            exchange.url,
            "request",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=StatusAndHeaders(
                f"{exchange.method} {target} {exchange.http_version}",
                exchange.request_headers,
                is_http_request=True,
            ),
            warc_headers_dict={"WARC-Date": date, "WARC-IP-Address": exchange.address},
        )
        response = writer.create_warc_record(
            exchange.url,
            "response",
            payload=io.BytesIO(exchange.payload),
            length=len(exchange.payload),
            http_headers=StatusAndHeaders(
                f"{exchange.status} {exchange.reason}".strip(),
                [(k, v) for k, v in exchange.response_headers if k.lower() not in _FRAMING_HEADERS],
                protocol=exchange.http_version,
            ),
            warc_headers_dict={"WARC-Date": date, "WARC-IP-Address": exchange.address},
        )
        response.rec_headers.add_header(
            "WARC-Concurrent-To", request.rec_headers.get_header("WARC-Record-ID")
        )
        writer.write_record(request)
        writer.write_record(response)
    return buffer.getvalue()


def read_page(fileobj):
    """(content type, payload as received, content encoding) of the last response in a
    WARC file."""
    found = None
    for record in ArchiveIterator(fileobj):
        if record.rec_type == "response":
            found = (
                record.http_headers.get_header("Content-Type") or "",
                record.raw_stream.read(),
                record.http_headers.get_header("Content-Encoding") or "",
            )
    return found
