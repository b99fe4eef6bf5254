#!/usr/bin/env python3
"""The quick start: `python3 dev.py run` serves the archive, `python3 dev.py test` tests it.

Needs only Python 3.11+. It makes a virtual environment in .venv, installs the
project into it (again only when pyproject.toml changes), and then:

  run    migrate, load the seed archive into an empty database, serve on http://127.0.0.1:8000
  test   run the test suite (pytest); extra arguments go to pytest
  seed   load the seed archive (idempotent)
  install  only set up .venv and compile the translations (CI uses this)

DATABASE_URL picks the database (unset: the SQLite file archive.sqlite3 here), and
`run` says which one it uses; PORT picks the port (default 8000).
"""

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed-pyproject-sha256"


def sh(*args, env=None):
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.run([str(a) for a in args], cwd=ROOT, env=env).returncode


def ensure_installed():
    if sys.version_info < (3, 11):  # noqa: UP036 -- says so clearly when run by an older Python
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        print("Creating the virtual environment in .venv …", flush=True)
        venv.create(VENV, with_pip=True)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != wanted:
        if sh(PYTHON, "-m", "pip", "install", "-q", "--upgrade", "pip") != 0:
            sys.exit("Could not upgrade pip.")
        if sh(PYTHON, "-m", "pip", "install", "-q", "-e", ".[dev]") != 0:
            sys.exit("Installing the project failed; see the messages above.")
        STAMP.write_text(wanted)


def compile_translations():
    """locale/*/django.po -> .mo, which Django reads (only .po files are in the repository)."""
    if shutil.which("msgfmt") is None:
        sys.exit(
            "GNU gettext's msgfmt is needed to compile the translations: "
            "apt-get install gettext (Debian/Ubuntu), brew install gettext (macOS)."
        )
    code = sh(
        PYTHON, "manage.py", "compilemessages", "-v0",
        # It walks the whole tree; the packages in .venv bring their own compiled catalogues.
        "--ignore=.venv", "--ignore=node_modules", "--ignore=staticfiles", "--ignore=artifacts",
        env={**dev_env(), "DEBUG": "true"},
    )  # fmt: skip
    if code != 0:
        sys.exit("Compiling the translations failed; see the messages above.")


def database_description(env):
    """Which database a command will use, without its password: said before anything runs."""
    url = env.get("DATABASE_URL", "")
    if not url:
        return f"SQLite file {ROOT / 'archive.sqlite3'} (set DATABASE_URL for another database)"
    scheme, _, rest = url.partition("://")
    if "@" in rest:
        credentials, _, rest = rest.rpartition("@")
        rest = f"{credentials.split(':')[0]}@{rest}"
    return f"{scheme}://{rest} (from DATABASE_URL)"


def dev_env():
    env = dict(os.environ)
    # Local use only: DEBUG on gives a development key and local ALLOWED_HOSTS.
    env.setdefault("DEBUG", "true")
    return env


def seed_if_empty(env, python=PYTHON):
    """Load the seed archive into a database without articles, and never into a full one:
    loading it re-derives every article (minutes at 100,000) and starts every kept part of
    every page afresh."""
    code = (
        "import django; django.setup();"
        "from articles.models import Article;"
        "import sys; sys.exit(0 if Article.objects.exists() else 3)"
    )
    probe = subprocess.run(
        [str(python), "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "archive.settings"},
    )
    if probe.returncode == 3:
        return sh(python, "manage.py", "seed", env=env)
    if probe.returncode != 0:
        return probe.returncode  # the database could not be asked; its error is above
    print("The database already holds articles; not loading the seed again.")
    return 0


def main(argv):
    command = argv[0] if argv else "run"
    if command not in ("run", "test", "seed", "install"):
        sys.exit(__doc__)
    ensure_installed()
    compile_translations()
    if command == "install":
        return 0
    env = dev_env()
    if command == "test":
        return sh(PYTHON, "-m", "pytest", *argv[1:])
    print(f"Database: {database_description(env)}", flush=True)
    if sh(PYTHON, "manage.py", "migrate", "--no-input", env=env) != 0:
        return 1
    if command == "seed":
        return sh(PYTHON, "manage.py", "seed", env=env)
    if seed_if_empty(env) != 0:
        return 1
    port = os.environ.get("PORT", "8000")
    print(
        f"\nThe archive is at http://127.0.0.1:{port}/  (editors: http://127.0.0.1:{port}/admin/)\n"
    )
    return sh(PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
