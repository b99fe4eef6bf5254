"""The shape of the seed's names (fixtures/seed.json): every actor in be/ru/uk, a regiment
that only goes by names of the regiment, and names shared with a namesake kept to context."""

import json
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
