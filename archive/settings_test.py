"""Settings for the test suite: the real settings with a throwaway key and fast hashing."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("STATIC_MANIFEST", "false")
# The suite makes hundreds of API requests from one address; tests of the limit lower it.
os.environ.setdefault("API_RATE_LIMIT", "100000/minute")
# Pages render on every request unless a test asks for the `page_cache` fixture: a test's
# writes are never committed, so the version bump that comes with a commit never happens.
os.environ.setdefault("PAGE_CACHE", "false")

from archive.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Tests serve static files through the finders; without collectstatic there is no
# STATIC_ROOT to read, and WhiteNoise would warn about it on every request.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

# Tasks run as they are enqueued; snapshots go to a directory of their own per run.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
_snapshots = tempfile.mkdtemp(prefix="archive-test-snapshots-")
atexit.register(shutil.rmtree, _snapshots, ignore_errors=True)
STORAGES = {
    **STORAGES,  # noqa: F405
    "snapshots": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": _snapshots},
    },
}
