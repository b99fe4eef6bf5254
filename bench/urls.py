"""The archive's URLs plus /bench-floor/: a view that does no work, the framework's floor.

Its latency is what every request pays for Django itself (URL resolving, the full
middleware stack, a response): the benchmark states each page as a multiple of it.
"""

from django.http import HttpResponse
from django.urls import path

from archive.urls import urlpatterns as archive_urlpatterns


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


# The archive's patterns themselves, not an include(): its languages' prefixes
# (i18n_patterns) may only sit in the root URLconf.
urlpatterns = [path("bench-floor/", floor), *archive_urlpatterns]
