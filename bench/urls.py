"""The archive's URLs plus /bench-floor/: a view that does no work, the framework's floor.

Its latency is what every request pays for Django itself (URL resolving, the full
middleware stack, a response): the benchmark states each page as a multiple of it.
"""

from django.http import HttpResponse
from django.urls import include, path


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench-floor/", floor),
    path("", include("archive.urls")),
]
