"""Generate N import records (JSONL) that look like the archive's: partial dates, shared
sources and topics, bodies that name actors by their various spellings.

    python bench/generate_records.py 10000 > records.jsonl
"""

import json
import random
import sys

SOURCES = [
    "Newsweek",
    "Foreign Policy",
    "Byline Times",
    "Ukrainska Pravda",
    "Radio Free Europe",
    "Meduza",
    "Nasha Niva",
    "Zerkalo",
    "The Guardian",
    "Reuters",
    "Belsat",
    "Kyiv Independent",
]
TOPICS = [
    "Belarusian volunteers",
    "Border incidents",
    "Sanctions",
    "Deportation of children",
    "Wagner Group in Belarus",
    "Repression",
    "Rail sabotage",
    "Military cooperation",
]
# (actor name, kind, spellings an outlet might use); the benchmark creates them first.
ACTORS = [
    (
        "Alexander Lukashenko",
        "person",
        ["Lukashenko", "Lukashenka", "Aliaksandr Lukashenka", "Лукашэнка"],
    ),
    ("Kastus Kalinouski Regiment", "armed_unit", ["Kalinouski regiment", "Kalinoŭski regiment"]),
    ("Wagner Group", "organization", ["Wagner", "PMC Wagner"]),
    ("State Border Service of Ukraine", "state_body", ["State Border Service of Ukraine"]),
    ("Vladimir Putin", "person", ["Putin", "Vladimir Putin"]),
]
WORDS = (
    "border guard regiment volunteers sanctions railway Minsk Kyiv Brest report officials "
    "claimed denied according statement training forces crossing court detained"
).split()


def sentence(rng):
    words = rng.choices(WORDS, k=rng.randint(8, 18))
    if rng.random() < 0.5:
        _, _, spellings = rng.choice(ACTORS)
        words.insert(rng.randrange(len(words)), rng.choice(spellings))
    return " ".join(words).capitalize() + "."


def published(rng):
    year = rng.randint(2020, 2025)
    form = rng.random()
    if form < 0.7:
        return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if form < 0.9:
        return f"{year}-{rng.randint(1, 12):02d}"
    return str(year) if form < 0.97 else None


def records(n, seed=1):
    rng = random.Random(seed)
    for i in range(n):
        record = {
            "title": f"{sentence(rng)[:-1][:200]} ({i})",
            "body": "\n\n".join(
                " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
                for _ in range(rng.randint(3, 8))
            ),
            "source": rng.choice(SOURCES),
            "url": f"https://example.org/bench/{seed}/{i}",
            "byline": rng.choice(["", "Sam Skove", "Staff reporter", "Anna Kovalenko"]),
            "language": "en",
            "topics": rng.sample(TOPICS, k=rng.randint(0, 3)),
            "actors": [name for name, _, _ in rng.sample(ACTORS, k=rng.randint(0, 2))],
        }
        date = published(rng)
        if date:
            record["published"] = date
        yield record


def write(path_or_file, n, seed=1):
    own = isinstance(path_or_file, str)
    handle = open(path_or_file, "w", encoding="utf-8") if own else path_or_file
    try:
        for record in records(n, seed):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if own:
            handle.close()


if __name__ == "__main__":
    write(sys.stdout, int(sys.argv[1]) if len(sys.argv) > 1 else 10000)
