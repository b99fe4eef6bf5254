"""Names more than one actor goes by: warned about when saved, listed for review, resolved."""

from django.contrib.admin import helpers
from django.urls import reverse

from articles.models import Actor, Alias
from tests.test_admin import form_data


def actor_add_data(name, aliases=(), **extra):
    data = {
        "name": name,
        "slug": "",
        "kind": "person",
        "country": "BY",
        "parent": "",
        "summary": "",
        "wikidata_id": "",
        "change_reason": "",
        "aliases-TOTAL_FORMS": str(len(aliases)),
        "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
    }
    for i, (alias, language) in enumerate(aliases):
        data.update(
            {
                f"aliases-{i}-name": alias,
                f"aliases-{i}-language": language,
                f"aliases-{i}-kind": "transliteration",
            }
        )
    data.update(extra)
    return data


def lukashenko():
    return Actor.objects.get(slug="alexander-lukashenko")


def regiment():
    return Actor.objects.get(slug="kastus-kalinouski-regiment")


# The guard ---------------------------------------------------------------------------


def test_an_alias_another_actor_has_is_not_saved_without_confirmation(editor, seeded):
    url = reverse("admin:articles_actor_add")
    response = editor.post(url, actor_add_data("A. Lukashenka", [("LUKASHENKA", "en")]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "“LUKASHENKA” is already a name of" in content
    assert f'href="{reverse("admin:articles_actor_change", args=[lukashenko().pk])}"' in content
    # The confirmation is offered only now that it is needed.
    assert 'name="save_with_shared_names"' in content
    assert not Actor.objects.filter(name="A. Lukashenka").exists()


def test_confirmed_the_shared_alias_is_saved_as_only_with_context(editor, seeded):
    url = reverse("admin:articles_actor_add")
    data = actor_add_data(
        "A. Lukashenka",
        [("LUKASHENKA", "en"), ("А. Лукашэнка", "be")],
        save_with_shared_names="on",
    )
    assert editor.post(url, data).status_code == 302
    actor = Actor.objects.get(name="A. Lukashenka")
    shared = actor.aliases.get(name="LUKASHENKA")
    assert shared.context_only
    assert not actor.aliases.get(name="А. Лукашэнка").context_only


def test_an_actors_name_another_actor_goes_by_is_warned_about_on_the_name(editor, seeded):
    response = editor.post(reverse("admin:articles_actor_add"), actor_add_data("Лукашенко"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["name"]
    assert "already a name of" in errors[0]
    assert "Alexander Lukashenko" in errors[0]


def test_a_new_name_of_nobody_else_saves_at_once(editor, seeded):
    response = editor.post(
        reverse("admin:articles_actor_add"),
        actor_add_data("Ales Navumchyk", [("Алесь Навумчык", "be"), ("Ales Naumchik", "en")]),
    )
    assert response.status_code == 302
    actor = Actor.objects.get(name="Ales Navumchyk")
    assert actor.aliases.count() == 2


def test_saving_an_actor_again_does_not_warn_about_names_it_already_had(editor, seeded):
    actor = regiment()
    # Kalinouski is shared with anyone named after him; the existing rows are not re-checked.
    Alias.objects.create(actor=Actor.objects.create(name="Kastus Kalinouski", kind="person"),
                         name="Kastus Kalinouski Regiment fan club")  # fmt: skip
    url = reverse("admin:articles_actor_change", args=[actor.pk])
    data = form_data(editor.get(url))
    data["summary"] = "Belarusian volunteers fighting for Ukraine since March 2022."
    assert editor.post(url, data).status_code == 302


# Which aliases are ambiguous ------------------------------------------------------------


def test_ambiguous_aliases_are_shared_whole_or_as_a_whole_word_part(seeded):
    person = Actor.objects.get(slug="kastus-kalinouski")  # the revolutionary
    surname = person.aliases.get(name="Kalinoŭski")
    full = person.aliases.get(name="Kastuś Kalinoŭski")
    ambiguous = set(Alias.objects.ambiguous())
    # "Kalinouski" is part of the regiment's names; "Kastus Kalinouski" of "Kastus Kalinouski
    # Regiment". Neither is part of a name by letters alone ("Kalinouskiya" is not).
    assert surname in ambiguous and full in ambiguous
    assert not ambiguous & set(lukashenko().aliases.all())
    shared = Alias.objects.filter(pk=surname.pk).shared_with()
    assert shared[surname.pk] == [regiment()]


def test_a_name_inside_a_longer_word_is_not_ambiguous(seeded):
    person = Actor.objects.create(name="Volat", kind="person")
    alias = Alias.objects.create(actor=person, name="Vola")
    assert alias not in set(Alias.objects.ambiguous())


def test_the_alias_list_filters_shared_names_and_links_the_other_actor(editor, seeded):
    person = Actor.objects.create(name="Kastus Kalinouski", kind="person")
    surname = Alias.objects.create(actor=person, name="Kalinouski")
    response = editor.get(reverse("admin:articles_alias_changelist"), {"shared": "yes"})
    assert response.status_code == 200
    listed = list(response.context["cl"].result_list)
    assert surname in listed
    assert all(alias.shared_actors for alias in listed)
    assert reverse("admin:articles_actor_change", args=[regiment().pk]) in response.content.decode()


def test_the_actor_list_shows_and_filters_actors_with_shared_names(editor, seeded):
    person = Actor.objects.create(name="Kastus Kalinouski", kind="person")
    Alias.objects.create(actor=person, name="Kalinouski")
    response = editor.get(reverse("admin:articles_actor_changelist"), {"shared": "yes"})
    listed = list(response.context["cl"].result_list)
    assert person in listed
    assert lukashenko() not in listed
    assert "?actor__id__exact=" in response.content.decode()


def test_an_editor_marks_shared_aliases_only_with_context(editor, editor_user, seeded):
    person = Actor.objects.create(name="Kastus Kalinouski", kind="person")
    surname = Alias.objects.create(actor=person, name="Kalinouski")
    response = editor.post(
        reverse("admin:articles_alias_changelist"),
        {"action": "mark_context_only", helpers.ACTION_CHECKBOX_NAME: [str(surname.pk)]},
        follow=True,
    )
    assert "1 alias now counts only with context." in response.content.decode()
    surname.refresh_from_db()
    assert surname.context_only
    assert surname.history.latest().history_user == editor_user


def test_an_editor_moves_an_alias_to_the_actor_it_names(editor, seeded):
    person = Actor.objects.create(name="Kastus Kalinouski", kind="person")
    alias = regiment().aliases.create(name="Kastuś Kalinoŭski")
    url = reverse("admin:articles_alias_change", args=[alias.pk])
    data = form_data(editor.get(url))
    data["actor"] = str(person.pk)
    # The regiment's own name holds his, so the page asks first.
    assert editor.post(url, data).status_code == 200
    data["save_with_shared_names"] = "on"
    assert editor.post(url, data).status_code == 302
    alias.refresh_from_db()
    assert alias.actor == person


# Suggested spellings ---------------------------------------------------------------------


def test_the_actor_form_suggests_spellings_and_adds_only_the_ticked_ones(editor, seeded):
    url = reverse("admin:articles_actor_add")
    data = actor_add_data("Вераніка Цапкала", [("Veronika Tsepkalo", "en")])
    response = editor.post(url, {**data, "country": "not a country"})  # shown, not saved
    content = response.content.decode()
    assert "Vieranika Capkala" in content
    assert 'value="be-Latn|Vieranika Capkala"' in content
    data["suggested_aliases"] = ["be-Latn|Vieranika Capkala"]
    assert editor.post(url, data).status_code == 302
    actor = Actor.objects.get(name="Вераніка Цапкала")
    assert sorted(actor.aliases.values_list("name", "language")) == [
        ("Veronika Tsepkalo", "en"),
        ("Vieranika Capkala", "be-Latn"),
    ]


def test_a_suggestion_not_offered_cannot_be_smuggled_in(editor, seeded):
    data = actor_add_data("Вераніка Цапкала")
    data["suggested_aliases"] = ["en|Lukashenko"]
    response = editor.post(reverse("admin:articles_actor_add"), data)
    assert response.status_code == 200
    assert "suggested_aliases" in response.context["adminform"].form.errors
    assert not Actor.objects.filter(name="Вераніка Цапкала").exists()


def test_the_suggestion_endpoint_answers_as_the_editor_types(editor, reader, seeded):
    url = reverse("admin:articles_actor_suggest_aliases")
    response = editor.get(url, {"name": ["Зеленський"], "language": ["uk"]})
    assert response.status_code == 200
    names = [s["name"] for s in response.json()["suggestions"]]
    assert "Zelenskyi" in names
    assert reader.get(url, {"name": ["Зеленський"]}).status_code == 302  # to the login
    assert editor.get(url).json() == {"suggestions": []}


def test_the_alias_page_warns_too_and_confirmed_marks_the_alias(editor, seeded):
    person = Actor.objects.create(name="Kastus Kalinouski", kind="person")
    alias = person.aliases.create(name="Kalinoŭski")
    url = reverse("admin:articles_alias_change", args=[alias.pk])
    data = form_data(editor.get(url))
    data["name"] = "Kastus Kalinouski Regiment"
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "already a name of" in str(response.context["adminform"].form.errors["name"][0])
    assert 'name="save_with_shared_names"' in response.content.decode()
    data["save_with_shared_names"] = "on"
    assert editor.post(url, data).status_code == 302
    alias.refresh_from_db()
    assert (alias.name, alias.context_only) == ("Kastus Kalinouski Regiment", True)
