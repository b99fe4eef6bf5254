"""Instructions per request, counted by callgrind: a figure that does not move with the
machine's load, for telling whether a change made a page cheaper.

    .venv/bin/python bench/instructions.py [--requests 10] [--page-cache] URL...
    .venv/bin/python bench/instructions.py "/articles/?q=samovar" /healthz

Runs itself under valgrind's callgrind with counting off, serves each URL a few times
in-process (Django's test client, production settings, DEBUG off, the page cache off
unless --page-cache) so that its kept parts are there, then counts the instructions of
the Python process alone over --requests requests. PostgreSQL's and Redis's own work is
not counted, nor time spent waiting for them: wall time is the load test's business
(bench/loadtest.py, bench/datasette_compare.py). About a minute per URL.

DATABASE_URL picks the database (default: the 100,000-article benchmark database) and
REDIS_URL the cache (default: this process's memory). Needs valgrind (Debian: apt-get
install valgrind).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loadtest import DEFAULT_URL, server_env  # noqa: E402

CHILD = "ARCHIVE_INSTRUCTIONS_DIR"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="+", metavar="URL")
    parser.add_argument("--requests", type=int, default=10, help="requests counted per URL")
    parser.add_argument("--page-cache", action="store_true", help="serve from the page cache")
    args = parser.parse_args(argv)
    if os.environ.get(CHILD):
        return count(args)
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory(prefix="archive-callgrind-") as out:
        env = server_env(
            os.environ.get("DATABASE_URL", DEFAULT_URL),
            ALLOWED_HOSTS="testserver",
            PAGE_CACHE="true" if args.page_cache else "false",
            **{CHILD: out},
        )
        command = [
            "valgrind", "--tool=callgrind", "--instr-atstart=no",
            f"--callgrind-out-file={out}/callgrind.%p",
            sys.executable, __file__, *(argv if argv is not None else sys.argv[1:]),
        ]  # fmt: skip
        return subprocess.run(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL).returncode


def count(args):
    """Under callgrind: warm each URL up, then count its requests with counting on."""
    import django

    django.setup()
    from django.test import Client

    client = Client()
    pid = str(os.getpid())
    out = Path(os.environ[CHILD])
    print(f"{'URL':<50} instructions per request (Python process)")
    for url in args.urls:
        for _ in range(5):
            status = client.get(url).status_code
        if status != 200:
            raise SystemExit(f"{url} answered {status}")
        control = lambda *flags: subprocess.run(  # noqa: E731
            ["callgrind_control", *flags, pid], check=True, capture_output=True
        )
        before = set(out.iterdir())
        control("--zero")
        control("--instr=on")
        for _ in range(args.requests):
            client.get(url)
        control("--instr=off")
        control("--dump")
        (dump,) = set(out.iterdir()) - before
        totals = next(line for line in dump.open() if line.startswith("totals:"))
        per_request = int(totals.split()[1]) / args.requests
        print(f"{url:<50} {per_request / 1e6:8.1f} M", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
