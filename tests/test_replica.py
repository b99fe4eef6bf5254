"""A real streaming replica: public pages read from it, an editor reads their own write at
once, and pages are still served when the replica lags or is stopped.

The test makes its own pair of PostgreSQL clusters in a temporary directory (initdb, then
pg_basebackup for the replica, on free ports), so it needs the PostgreSQL server binaries
but touches no other database. The archive runs against the pair in a subprocess
(tests/replica_journey.py), whose settings name both; it reports what it saw as JSON.
"""

import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL-only behaviour"),
]


def _bindir():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster of the test's own, run as the postgres user when we are root."""

    def __init__(self, bindir, directory, port):
        self.bindir, self.directory, self.port = bindir, directory, port
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def run(self, tool, *args):
        command = [*self.as_owner, str(self.bindir / tool), *args]
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)

    def start(self):
        log = self.directory.parent / f"{self.directory.name}.log"
        options = f"-p {self.port} -k {self.directory.parent} -c listen_addresses=127.0.0.1"
        self.run("pg_ctl", "start", "-w", "-D", str(self.directory), "-l", str(log), "-o", options)

    def stop(self):
        self.run("pg_ctl", "stop", "-m", "fast", "-D", str(self.directory))

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/archive"


@pytest.fixture(scope="module")
def streaming_pair():
    """A primary and a streaming replica made from it with pg_basebackup."""
    bindir = _bindir()
    if bindir is None:
        pytest.skip("the PostgreSQL server binaries (initdb, pg_basebackup) are not installed")
    base = Path(tempfile.mkdtemp(prefix="archive-replica-"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    primary = Cluster(bindir, base / "primary", _free_port())
    replica = Cluster(bindir, base / "replica", _free_port())
    started = []
    try:
        # fsync off: a throwaway cluster; the replica's own settings come with the backup.
        primary.run("initdb", "-D", str(primary.directory), "-U", "postgres", "--auth=trust")
        with open(primary.directory / "postgresql.conf", "a") as conf:
            conf.write("fsync = off\nwal_level = replica\nmax_wal_senders = 4\n")
        primary.start()
        started.append(primary)
        primary.run(
            "pg_basebackup",
            *("-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres"),
            *("-D", str(replica.directory), "-R", "-X", "stream", "--checkpoint=fast"),
        )
        replica.start()
        started.append(replica)
        address = ("-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres")
        primary.run("createdb", *address, "archive")
        yield primary, replica
    finally:
        for cluster in reversed(started):
            try:
                cluster.stop()
            except subprocess.CalledProcessError:
                pass  # the journey stopped it already
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def journey(streaming_pair):
    """What the archive did against the pair, step by step."""
    primary, replica = streaming_pair
    env = {
        **os.environ,
        "DATABASE_URL": primary.url,
        "DATABASE_REPLICA_URL": replica.url,
        "DEBUG": "true",
        "ALLOWED_HOSTS": "testserver",
        "REDIS_URL": "",
        "PAGE_CACHE": "true",
        "REPLICA_STOP_COMMAND": json.dumps(
            [
                *replica.as_owner,
                str(replica.bindir / "pg_ctl"),
                "stop",
                "-m",
                "fast",
                "-D",
                str(replica.directory),
            ]
        ),  # fmt: skip
    }
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "replica_journey.py")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-6000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    report["seconds"] = time.monotonic() - started
    return report


def test_public_pages_are_read_from_the_replica(journey):
    step = journey["reader_list"]
    assert step["status"] == 200
    assert step["replica"] > 0
    assert step["primary"] == 0
    assert journey["replica_in_recovery"] is True


def test_an_editor_reads_their_own_write_at_once_from_the_primary(journey):
    step = journey["editor_after_save"]
    assert step["status"] == 200
    assert step["shows_change"]
    assert step["replica"] == 0


def test_a_reader_sees_the_change_though_the_replica_has_not_replayed_it(journey):
    step = journey["reader_while_replica_paused"]
    assert step["shows_change"]
    assert step["primary"] > 0


def test_the_replica_serves_again_once_it_has_caught_up(journey):
    step = journey["reader_after_catching_up"]
    assert step["status"] == 200
    assert step["shows_change"]
    assert step["replica"] > 0
    assert step["primary"] == 0


def test_pages_are_still_served_when_the_replica_is_stopped(journey):
    for step in journey["reader_with_replica_stopped"]:
        assert step["status"] == 200, step
        assert step["primary"] > 0, step
