"""Running one capture: fetch, keep the snapshot, extract, and make or extend the draft.

Everything that can fail without writing (the fetch, the extraction) runs first.
Then the WARC file is stored and the rows are written in one transaction; if that
transaction fails, the file is deleted again, so a failed capture leaves nothing
half-written: only the Capture row, saying why.
"""

import hashlib
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from articles import versions
from articles.models import Article

from .errors import CaptureFailed, Failure
from .extraction import decode, extract
from .fetching import fetch
from .models import Capture, Snapshot, snapshot_storage
from .sources import matching_source, proposed_source
from .warc import write_warc

logger = logging.getLogger(__name__)


def request_captures(urls, user=None):
    """Queue one capture per URL (the worker runs them); returns the Capture rows."""
    from .tasks import capture_page

    with transaction.atomic():
        captures = [Capture.objects.create(url=url, requested_by=user) for url in urls]
        for capture in captures:
            # After commit: the worker (or, in tests, the immediate backend) must find the row.
            transaction.on_commit(lambda pk=capture.pk: _enqueue(capture_page, pk))
    return captures


def _enqueue(task, pk):
    result = task.enqueue(pk)
    Capture.objects.filter(pk=pk, task_id="").update(task_id=str(result.id))


def run_capture(capture_id):
    """Carry out the capture `capture_id`; the Capture row says how it went."""
    capture = Capture.objects.select_related("requested_by").get(pk=capture_id)
    if capture.status in (Capture.Status.DONE, Capture.Status.FAILED):
        return capture
    Capture.objects.filter(pk=capture.pk).update(status=Capture.Status.RUNNING)
    try:
        exchanges = fetch(capture.url)
        page = exchanges[-1]
        html = decode(page.payload, page.header("Content-Type"), page.header("Content-Encoding"))
        extracted = extract(html, page.url)
        _check_fits(extracted)
        _store(capture, exchanges, extracted)
    except CaptureFailed as failure:
        return _fail(capture, failure.failure, failure.message)
    except Exception as error:
        # The capture's row is what the editor reads: it must not stay "running".
        logger.exception("capture %s of %s failed", capture.pk, capture.url)
        return _fail(capture, Failure.ERROR, f"{type(error).__name__}: {error}")
    return capture


def _check_fits(extracted):
    """The article's own limits on its text (the admin and the importer apply the same)."""
    for name in ("standfirst", "body"):
        try:
            for validator in Article._meta.get_field(name).validators:
                validator(getattr(extracted, name))
        except ValidationError as error:
            raise CaptureFailed(
                Failure.TEXT_TOO_LARGE, f"The article's {name} {' '.join(error.messages)}."
            ) from None


def _fail(capture, failure, message):
    capture.status = Capture.Status.FAILED
    capture.failure = failure
    capture.message = message
    capture.finished_at = timezone.now()
    capture.save(update_fields=["status", "failure", "message", "finished_at"])
    logger.info("capture %s of %s failed: %s", capture.pk, capture.url, message)
    return capture


def _store(capture, exchanges, extracted):
    page = exchanges[-1]
    captured_at = page.started_at
    storage = snapshot_storage()
    name = storage.save(
        f"{captured_at:%Y/%m/%d}/capture-{capture.pk}-{captured_at:%H%M%S}.warc.gz",
        ContentFile(write_warc(exchanges)),
    )
    try:
        with transaction.atomic():
            article, new_source = _article(capture, extracted, captured_at)
            snapshot = Snapshot.objects.create(
                article=article,
                url=capture.url,
                final_url=page.url,
                captured_at=captured_at,
                status_code=page.status,
                content_type=page.header("Content-Type")[:200],
                sha256=hashlib.sha256(page.payload).hexdigest(),
                size=len(page.payload),
                warc=name,
            )
            capture.status = Capture.Status.DONE
            capture.failure = ""
            capture.message = ""
            capture.article = article
            capture.snapshot = snapshot
            capture.new_source = new_source
            capture.finished_at = timezone.now()
            capture.save()
            # A new snapshot changes what the article's page, exports and API show; the
            # archive's cache only follows its own app's saves by itself.
            versions.bump()
    except Exception:
        storage.delete(name)
        raise


def _article(capture, extracted, captured_at):
    """The article this capture belongs to: the one already at this URL (however it is
    spelt), which keeps its fields as the editor left them; else a new draft."""
    url = capture.url
    existing = Article.objects.with_url(url).first()
    if existing is not None:
        return existing, None
    source = matching_source(url)
    new_source = None
    if source is None:
        source = new_source = proposed_source(url, extracted.site_name)
    article = Article(
        title=extracted.title[:300] or url[:300],
        byline=extracted.byline[:300],
        standfirst=extracted.standfirst,
        body=extracted.body,
        source=source,
        original_url=url,
        published_on=extracted.published_on,
        published_precision=extracted.precision,
        language=extracted.language or Article._meta.get_field("language").default,
        archived_at=captured_at,
        status=Article.Status.DRAFT,
    )
    # The history names the editor who asked for the capture.
    article._history_user = capture.requested_by
    article._change_reason = f"Captured from {url}"
    article.save()
    return article, new_source
