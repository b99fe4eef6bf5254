"""Import N generated records and print records per second.

    DATABASE_URL=postgres://… python bench/import_benchmark.py --records 10000

Runs in a throwaway database beside the DATABASE_URL one (test_<name>_bench,
created, migrated and dropped here), so the real archive is never touched.
"""

import argparse
import os
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings_test")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    import django
    from django.conf import settings

    django.setup()
    import generate_records
    from django.core.management import call_command
    from django.db import connection

    database = settings.DATABASES["default"]
    database.setdefault("TEST", {})["NAME"] = (
        None if connection.vendor == "sqlite" else f"test_{database['NAME']}_bench"
    )
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from articles.models import Actor, Alias

        for name, kind, spellings in generate_records.ACTORS:
            actor = Actor.objects.create(name=name, kind=kind)
            for spelling in dict.fromkeys([name, *spellings]):
                Alias.objects.create(actor=actor, name=spelling)

        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
            generate_records.write(f, args.records, args.seed)
        try:
            # The generated outlets and topics are new to the empty archive the first time.
            for label, options in (
                ("first import", ["--create-missing"]),
                ("re-import (unchanged)", []),
            ):
                out = StringIO()
                start = time.perf_counter()
                call_command("import_articles", f.name, *options, stdout=out)
                elapsed = time.perf_counter() - start
                print(
                    f"{connection.vendor}: {label}: {args.records} records in {elapsed:.1f} s = "
                    f"{args.records / elapsed:,.0f} records/s ({out.getvalue().splitlines()[-1]})"
                )
        finally:
            os.unlink(f.name)
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
