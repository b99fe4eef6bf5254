"""The shape of the seed's names (fixtures/seed.json): every actor in be/ru/uk, a regiment
that only goes by names of the regiment, and names shared with a namesake kept to context.

Then the multilingual test corpus (fixtures/multilingual.jsonl) and its queries
(fixtures/multilingual_queries.json). A corpus article's gold `actors` are the seed actors it
names by one of their names, in any grammatical form; a name read inside a longer one is not
counted on its own ("Державної прикордонної служби України" names the border service, not
Ukraine), as detection reads the longest name.
"""

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from articles.models import Actor, Alias
from articles.text import normalize

SEED = Path(settings.BASE_DIR) / "fixtures" / "seed.json"

# Where an actor has no alias tagged with a language, the name that language spells the same.
SAME_SPELLING = {
    ("denis-prokhorov", "uk"): "Денис Прохоров",
    ("maksym-butkevych", "ru"): "Максим Буткевич",
    ("zianon-pazniak", "uk"): "Зенон Позняк",
    ("roman-protasevich", "uk"): "Роман Протасевич",
    ("uefa", "be"): "УЕФА",
}

# A bare name that alone may mean someone or something else: the revolutionary's surname
# (the regiment's namesake), the composer Wagner, common surnames, Lew Sapieha, Belarus's
# own special forces, Lithuania's border guard, the Civil Procedure Code, a school subject.
CONTEXT_ONLY = [
    "Kalinouski",
    "Kalinoŭski",
    "Kalinowski",
    "Kalinovsky",
    "Каліноўскі",
    "Калиновский",
    "Калиновський",
    "Wagner",
    "Вагнер",
    "Prokhorov",
    "Прохоров",
    "Прохараў",
    "Demchenko",
    "Демченко",
    "Дэмчанка",
    "Шевцов",
    "Шаўцоў",
    "Sapega",
    "Сапега",
    "SSO",
    "ССО",
    "SBGS",
    "ГПК",
    "БЖД",
]

# Every name of the regiment says it is a unit: the regiment itself, or its fighters.
UNIT_WORDS = {
    normalize(w) for w in ("regiment", "battalion", "полк", "каліноўцы", "калиновцы", "калиновці")
}


@pytest.fixture
def seeded(seed_for_module, db):
    """conftest's `seeded`, loaded once: each test runs in a savepoint over the module's seed."""


def test_the_fixture_leaves_derived_alias_keys_to_the_model():
    records = json.loads(SEED.read_text(encoding="utf-8"))
    aliases = [r["fields"] for r in records if r["model"] == "articles.alias"]
    assert aliases
    assert not [a["name"] for a in aliases if "normalized" in a]


def test_every_actor_has_a_belarusian_russian_and_ukrainian_name(seeded):
    missing = []
    for actor in Actor.objects.prefetch_related("aliases"):
        names = {alias.name for alias in actor.aliases.all()}
        languages = {alias.language for alias in actor.aliases.all()}
        for language in ("be", "ru", "uk"):
            if language not in languages and SAME_SPELLING.get((actor.slug, language)) not in names:
                missing.append((actor.slug, language))
    assert missing == []


def test_the_new_actors_go_by_their_names_in_every_language(seeded):
    spellings = {
        "kastus-kalinouski": ["Kastus Kalinouski", "Кастусь Каліноўскі", "Кастусь Калиновский",
                              "Кастусь Калиновський"],
        "sviatlana-tsikhanouskaya": ["Tsikhanouskaya", "Tikhanovskaya", "Tsikhanovskaya",
                                     "Ціханоўская", "Тихановская", "Тихановська"],
        "volodymyr-zelensky": ["Zelensky", "Zelenskyy", "Zelenskiy", "Зеленський", "Зеленский",
                               "Зяленскі"],
    }  # fmt: skip
    found = {
        slug: {name: list(Actor.objects.matching(name).values_list("slug", flat=True))
               for name in names}
        for slug, names in spellings.items()
    }  # fmt: skip
    assert found == {slug: {name: [slug] for name in names} for slug, names in spellings.items()}


def test_the_regiment_goes_only_by_names_of_the_regiment(seeded):
    names = Alias.objects.filter(actor__slug="kastus-kalinouski-regiment")
    assert names.count() >= 20
    assert [a.name for a in names if not UNIT_WORDS & set(a.normalized.split())] == []


def test_the_border_agencies_go_by_their_short_and_official_forms(seeded):
    forms = {
        "state-border-committee-of-belarus": ["погранкомитет", "Госпогранкомитет",
                                              "Государственный пограничный комитет",
                                              "Дзяржаўны пагранічны камітэт"],
        "state-border-service-of-ukraine": ["Госпогранслужба", "Держприкордонслужба", "ДПСУ",
                                            "Державна прикордонна служба України",
                                            "Border Guard Service of Ukraine"],
    }  # fmt: skip
    found = {
        slug: {name: list(Actor.objects.matching(name).values_list("slug", flat=True))
               for name in names}
        for slug, names in forms.items()
    }  # fmt: skip
    assert found == {slug: {name: [slug] for name in names} for slug, names in forms.items()}


def test_names_a_namesake_shares_count_only_with_context(seeded):
    aliases = {a.name: a.context_only for a in Alias.objects.filter(name__in=CONTEXT_ONLY)}
    assert aliases == dict.fromkeys(CONTEXT_ONLY, True)


def test_every_name_that_counts_alone_names_one_actor(seeded):
    owners = {}
    for key, actor_id in Alias.objects.filter(context_only=False).values_list(
        "normalized", "actor_id"
    ):
        owners.setdefault(key, set()).add(actor_id)
    assert normalize("Лукашэнка") in owners
    assert {key for key, actors in owners.items() if len(actors) > 1} == set()


# The multilingual test corpus (fixtures/multilingual.jsonl) and its queries -----------------

CORPUS = Path(settings.BASE_DIR) / "fixtures" / "multilingual.jsonl"
QUERIES = Path(settings.BASE_DIR) / "fixtures" / "multilingual_queries.json"
URL = re.compile(r"^https://corpus\.example/(be|ru|uk|en)/[1-9][0-9]*$")

# Sentences the archive must read right, word for word as reported.
EXAMPLES = [
    "В лагере под Осиповичами",
    "у депортації дітей",
    "нарушил границу Беларуси",
    "Державної прикордонної служби України",
    "LUKASHENKO'S decree",
    "Kastus Kalinouski’s remains",
]


def corpus():
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def seed_slugs():
    records = json.loads(SEED.read_text(encoding="utf-8"))
    return {r["fields"]["slug"] for r in records if r["model"] == "articles.actor"}


def test_the_corpus_is_one_valid_record_per_line_in_four_languages():
    records = corpus()
    urls = [r["url"] for r in records]
    assert len(set(urls)) == len(urls)
    assert [u for u in urls if not URL.match(u)] == []
    assert all(r["url"].split("/")[3] == r["language"] for r in records)
    assert all(r["title"] and r["body"] and r["source"] for r in records)
    languages = Counter(r["language"] for r in records)
    assert languages["be"] >= 20 and languages["ru"] >= 20 and languages["uk"] >= 15
    assert languages["en"] >= 8


def test_the_gold_actors_are_seed_actors():
    slugs = seed_slugs()
    assert [(r["url"], a) for r in corpus() for a in r["actors"] if a not in slugs] == []


def test_every_seed_actor_is_named_in_belarusian_russian_and_ukrainian_articles():
    named = {(a, r["language"]) for r in corpus() for a in r["actors"]}
    missing = [(s, lang) for s in sorted(seed_slugs()) for lang in ("be", "ru", "uk")]
    assert [pair for pair in missing if pair not in named] == []


def test_the_corpus_holds_the_examples_and_the_traps():
    records = corpus()
    text = "\n".join(r["title"] + "\n" + r["body"] for r in records)
    assert [example for example in EXAMPLES if example not in text] == []
    # Articles that name an actor's namesake (a composer, a chancellor, a street) name no actor.
    assert sum(1 for r in records if not r["actors"]) >= 5


def test_every_query_expects_corpus_articles_and_excludes_others():
    urls = {r["url"] for r in corpus()}
    queries = json.loads(QUERIES.read_text(encoding="utf-8"))
    assert len(queries) >= 40
    for query in queries:
        assert query["q"] and query["why"] and query["expect"], query
        exclude = query.get("exclude", [])
        assert set(query["expect"]) | set(exclude) <= urls, query["q"]
        assert not set(query["expect"]) & set(exclude), query["q"]


def test_an_actor_query_expects_every_article_naming_the_actor():
    by_actor = {}
    for record in corpus():
        for slug in record["actors"]:
            by_actor.setdefault(slug, set()).add(record["url"])
    queries = {q["q"]: set(q["expect"]) for q in json.loads(QUERIES.read_text(encoding="utf-8"))}
    for q, slug in [
        ("Лукашэнкі", "alexander-lukashenko"),
        ("Путін", "vladimir-putin"),
        ("Тихановской", "sviatlana-tsikhanouskaya"),
        ("Пригожина", "yevgeny-prigozhin"),
        ("полка Калиновского", "kastus-kalinouski-regiment"),
        ("погранкомитет", "state-border-committee-of-belarus"),
        ("ДПСУ", "state-border-service-of-ukraine"),
    ]:
        assert queries[q] == by_actor[slug], q
