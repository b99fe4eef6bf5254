"""The stored snapshot: the WARC file for anyone who may see the article, and the page
itself, for editors, rendered from the archive's copy in a sandbox."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_safe

from articles.models import Article

from .extraction import decode
from .models import Snapshot
from .warc import read_page

# The stored page runs nothing and loads nothing: no scripts, forms, plugins or
# navigation (sandbox), no requests to the live site or anywhere else (default-src
# 'none'); only its own inline styles and embedded images. Framed by the admin only.
SNAPSHOT_POLICY = (
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
)


def _snapshot_for(user, pk):
    articles = Article.objects.visible_to(user)
    return get_object_or_404(
        Snapshot.objects.select_related("article").filter(article__in=articles), pk=pk
    )


@require_safe
def snapshot_warc(request, pk):
    snapshot = _snapshot_for(request.user, pk)
    try:
        handle = snapshot.warc.open("rb")
    except FileNotFoundError:
        raise Http404("The snapshot's file is missing from storage.") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"snapshot-{snapshot.pk}.warc.gz",
        content_type="application/warc",
    )


@require_safe
@staff_member_required
@xframe_options_sameorigin
def snapshot_content(request, pk):
    snapshot = _snapshot_for(request.user, pk)
    try:
        with snapshot.warc.open("rb") as handle:
            content_type, payload, encoding = read_page(handle)
    except FileNotFoundError:
        raise Http404("The snapshot's file is missing from storage.") from None
    text = decode(payload, content_type, encoding)
    mime = content_type.split(";")[0].strip() or "text/html"
    if isinstance(text, bytes):  # no charset stated: the browser reads the page's own <meta>
        response = HttpResponse(text, content_type=mime)
    else:
        response = HttpResponse(text, content_type=f"{mime}; charset=utf-8")
    response["Content-Security-Policy"] = SNAPSHOT_POLICY
    response["Cache-Control"] = "private, no-store"
    return response
