"""Merging duplicate actors, sources and topics in the admin, and deleting unused ones."""

from django.contrib.admin import helpers
from django.urls import reverse

from articles.models import (
    Actor,
    Alias,
    Article,
    Event,
    EventActor,
    Mention,
    SlugRedirect,
    Source,
    Topic,
)


def lukashenko():
    return Actor.objects.get(slug="alexander-lukashenko")


def make_duplicate():
    """The duplicate an editor made before the guard existed: "A. Lukashenka", with
    a mention of its own, an editor's decision on an article Lukashenko is in, and a role."""
    duplicate = Actor.objects.create(name="A. Lukashenka", kind="person", country="BY")
    Alias.objects.create(actor=duplicate, name="А. Лукашэнка", language="be")
    Alias.objects.create(actor=duplicate, name="Lukashenka", language="en")  # Lukashenko has it
    articles = list(Article.objects.order_by("pk"))
    both = next(a for a in articles if a.mentions.filter(actor=lukashenko()).exists())
    Mention.objects.filter(article=both, actor=lukashenko()).update(origin="detected", count=2)
    Mention.objects.create(article=both, actor=duplicate, origin="editor", count=5)
    only = Article.objects.create(
        title="Лукашэнка прыняў дэлегацыю", body="А. Лукашэнка сустрэўся з дэлегацыяй.",
        source=Source.objects.get(slug="newsweek"), published_on="2024-02-01",
        status="published",
    )  # fmt: skip
    Mention.objects.filter(article=only).delete()
    Mention.objects.create(article=only, actor=duplicate, origin="detected", count=1)
    event = Event.objects.get(slug="wagner-group-mutiny-and-exile-to-belarus")
    EventActor.objects.create(event=event, actor=duplicate, role="participant", note="host")
    member = Actor.objects.create(name="Press office of A. Lukashenka", kind="state_body")
    member.parent = duplicate
    member.save()
    return duplicate, both, only, event, member


def post_merge(editor, model, objects, **data):
    return editor.post(
        reverse(f"admin:articles_{model}_changelist"),
        {
            "action": "merge_selected",
            helpers.ACTION_CHECKBOX_NAME: [str(o.pk) for o in objects],
            **data,
        },
    )


def test_the_confirmation_page_shows_what_moves_and_changes_nothing(editor, seeded):
    duplicate, *_ = make_duplicate()
    response = post_merge(editor, "actor", [lukashenko(), duplicate])
    assert response.status_code == 200
    content = response.content.decode()
    assert "A. Lukashenka" in content and "Alexander Lukashenko" in content
    assert "2 articles naming it" in content
    assert "1 roles in events" in content
    assert "1 actors that belong to it" in content
    assert "А. Лукашэнка" in content
    assert Actor.objects.filter(pk=duplicate.pk).exists()


def test_merging_actors_moves_everything_and_keeps_mention_origins(editor, editor_user, seeded):
    duplicate, both, only, event, member = make_duplicate()
    keep = lukashenko()
    old_url = duplicate.get_absolute_url()
    response = post_merge(
        editor, "actor", [keep, duplicate], merge="yes", keep=str(keep.pk),
        change_reason="the same man",
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_actor_change", args=[keep.pk])
    assert not Actor.objects.filter(pk=duplicate.pk).exists()

    names = set(keep.aliases.values_list("name", flat=True))
    assert {"А. Лукашэнка", "A. Lukashenka", "Lukashenka"} <= names
    assert keep.aliases.filter(name="Lukashenka").count() == 1
    # The editor's decision on the shared article wins over the detection; the other moved as is.
    shared = Mention.objects.get(article=both, actor=keep)
    assert (shared.origin, shared.count) == ("editor", 5)
    assert Mention.objects.get(article=only, actor=keep).origin == "detected"
    assert EventActor.objects.get(event=event, actor=keep, role="participant").note == "host"
    member.refresh_from_db()
    assert member.parent == keep

    latest = keep.history.latest()
    assert latest.history_user == editor_user
    assert "A. Lukashenka" in latest.history_change_reason
    assert "the same man" in latest.history_change_reason

    moved = editor.get(old_url, {"page": "1"})
    assert moved.status_code == 301
    assert moved["Location"] == keep.get_absolute_url() + "?page=1"


def test_a_merge_without_choosing_one_to_keep_asks_again(editor, seeded):
    duplicate, *_ = make_duplicate()
    response = post_merge(editor, "actor", [lukashenko(), duplicate], merge="yes")
    assert response.status_code == 200
    assert "Choose the one to keep." in response.content.decode()
    assert Actor.objects.filter(pk=duplicate.pk).exists()


def test_merging_one_actor_is_refused_with_a_message(editor, seeded):
    response = editor.post(
        reverse("admin:articles_actor_changelist"),
        {"action": "merge_selected", helpers.ACTION_CHECKBOX_NAME: [str(lukashenko().pk)]},
        follow=True,
    )
    assert "Select from 2 to 10 actors to merge." in response.content.decode()


def test_an_address_merged_twice_leads_to_the_last_one(reader, seeded):
    from articles.merging import merge

    first = Topic.objects.create(name="Border incidnts")
    second = Topic.objects.create(name="Border incident")
    keep = Topic.objects.get(slug="border-incidents")
    merge(second, [first])
    merge(keep, [second])
    for slug in ["border-incidnts", "border-incident"]:
        response = reader.get(reverse("articles:topic_detail", args=[slug]))
        assert response.status_code == 301
        assert response["Location"] == keep.get_absolute_url()
    assert SlugRedirect.objects.count() == 2
    assert reader.get(reverse("articles:topic_detail", args=["no-such-topic"])).status_code == 404


def test_merging_sources_moves_articles_copies_and_citations(editor, seeded):
    typo = Source.objects.create(name="Newsweak")
    keep = Source.objects.get(slug="newsweek")
    article = Article.objects.filter(source=keep).first()
    other = Article.objects.exclude(pk=article.pk).first()
    Article.objects.filter(pk=article.pk).update(source=typo, retrieved_from=typo)
    other.cited_sources.add(typo, keep)
    response = post_merge(editor, "source", [keep, typo], merge="yes", keep=str(keep.pk))
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.source, article.retrieved_from) == (keep, keep)
    assert list(other.cited_sources.filter(pk=keep.pk)) == [keep]
    assert not Source.objects.filter(pk=typo.pk).exists()
    assert editor.get(reverse("articles:source_detail", args=["newsweak"])).status_code == 301


def test_merging_topics_moves_articles_events_and_subtopics(editor, seeded):
    typo = Topic.objects.create(name="Border incidnts")
    keep = Topic.objects.get(slug="border-incidents")
    article, event = Article.objects.first(), Event.objects.first()
    article.topics.add(typo)
    event.topics.add(typo)
    child = Topic.objects.create(name="Airspace violations", parent=typo)
    response = post_merge(editor, "topic", [typo, keep], merge="yes", keep=str(keep.pk))
    assert response.status_code == 302
    assert keep in article.topics.all() and keep in event.topics.all()
    child.refresh_from_db()
    assert child.parent == keep


# Deleting what nothing uses ------------------------------------------------------------


def test_an_editor_deletes_an_unused_topic(editor, seeded):
    typo = Topic.objects.create(name="Border incidnts")
    url = reverse("admin:articles_topic_delete", args=[typo.pk])
    page = editor.get(url)
    assert page.status_code == 200
    assert editor.post(url, {"post": "yes"}).status_code == 302
    assert not Topic.objects.filter(pk=typo.pk).exists()


def test_a_topic_in_use_cannot_be_deleted_and_the_page_says_by_what(editor, seeded):
    topic = Topic.objects.get(slug="border-incidents")
    article = topic.articles.first()
    url = reverse("admin:articles_topic_delete", args=[topic.pk])
    page = editor.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert "protected" in content
    assert f"Article: {article.title}" in content
    editor.post(url, {"post": "yes"})
    assert Topic.objects.filter(pk=topic.pk).exists()


def test_a_source_only_cited_cannot_be_deleted_either(editor, seeded):
    cited = Source.objects.create(name="Nasha Niva")
    Article.objects.first().cited_sources.add(cited)
    editor.post(reverse("admin:articles_source_delete", args=[cited.pk]), {"post": "yes"})
    assert Source.objects.filter(pk=cited.pk).exists()
    unused = Source.objects.create(name="Zerkalo")
    editor.post(reverse("admin:articles_source_delete", args=[unused.pk]), {"post": "yes"})
    assert not Source.objects.filter(pk=unused.pk).exists()


def test_a_source_named_like_another_but_for_case_and_accents_is_refused_with_a_link(
    editor, seeded
):
    newsweek = Source.objects.get(slug="newsweek")
    response = editor.post(
        reverse("admin:articles_source_add"),
        {"name": "NEWSWEEK", "slug": "", "kind": "news", "country": "", "homepage": ""},
    )
    assert response.status_code == 200
    error = str(response.context["adminform"].form.errors["name"][0])
    assert reverse("admin:articles_source_change", args=[newsweek.pk]) in error
    assert Source.objects.filter(name__iexact="newsweek").count() == 1
    response = editor.post(
        reverse("admin:articles_topic_add"), {"name": "Sanctións", "slug": "", "description": ""}
    )
    assert "already has this one as" in str(response.context["adminform"].form.errors["name"][0])
