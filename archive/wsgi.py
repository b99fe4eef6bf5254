import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
application = get_wsgi_application()

# The morphology dictionaries (pymorphy3, hunspell-be) are loaded now, in the master
# process when gunicorn preloads the app, rather than by each worker's first search.
from articles.morphology import preload  # noqa: E402

preload()

# What is loaded by now (Django, the app, its URLconf and templates' code) lives as long
# as the worker. Freezing it keeps it out of the collector's full passes, which otherwise
# walk every one of those objects: 50-65 ms pauses on list pages (docs/performance.md).
gc.freeze()
