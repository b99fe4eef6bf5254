import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
application = get_wsgi_application()

# The morphology dictionaries (pymorphy3, hunspell-be) are loaded now, in the master
# process when gunicorn preloads the app, rather than by each worker's first search.
from articles.morphology import preload  # noqa: E402

preload()


def _compile_before_fork():
    """The public pages' templates compiled, and the URL patterns and translation catalogs
    of every language loaded, in the master: a worker forked from it (at start, and each
    time gunicorn replaces one after GUNICORN_MAX_REQUESTS) serves its first requests as
    fast as its thousandth. Nothing here touches the database, whose connections must
    not cross the fork."""
    from django.conf import settings
    from django.template.loader import get_template
    from django.urls import reverse
    from django.utils import translation

    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            reverse("articles:home")
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(directory.rglob("*.html")):
            get_template(str(path.relative_to(directory)))


_compile_before_fork()

# What is loaded by now (Django, the app, its URLconf and templates' code) lives as long
# as the worker. Freezing it keeps it out of the collector's full passes, which otherwise
# walk every one of those objects: 50-65 ms pauses on list pages (docs/performance.md).
gc.freeze()
