"""Small things readers notice: the favicon, the "+N more" link, the record on phones,
what an article page lists beside its text, and an event's verification history."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Actor, Article, Event, Mention


def test_favicon_ico_leads_to_the_icon_instead_of_a_404(reader, db):
    response = reader.get("/favicon.ico")
    assert response.status_code == 302
    icon = reader.get(response["Location"])
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content)


def test_every_page_links_its_icon(reader, seeded):
    content = reader.get(reverse("articles:home")).content.decode()
    assert 'rel="icon"' in content and "favicon.svg" in content


def test_more_actors_chip_is_a_link_to_the_articles_full_list(reader, seeded):
    article = Article.objects.published().first()
    extra = [Actor.objects.create(name=f"Батальён {n}", kind="armed_unit") for n in range(7)]
    for actor in extra:
        Mention.objects.get_or_create(article=article, actor=actor, defaults={"count": 1})
    shown = article.mentions.filter(rejected=False).count()
    content = reader.get(reverse("articles:article_list")).content.decode()
    more = f'href="{article.get_absolute_url()}#actors-named">+{shown - 5} more actors</a>'
    assert more in content
    detail = reader.get(article.get_absolute_url()).content.decode()
    assert 'id="actors-named"' in detail


def test_the_articles_key_facts_come_before_its_body(reader, seeded):
    article = Article.objects.published().filter(mentions__isnull=False).distinct().first()
    content = reader.get(article.get_absolute_url()).content.decode()
    brief = content.index('class="key-record"')
    body = content.index('class="article-body"')
    assert brief < body
    summary = content[brief:body]
    assert article.source.name in summary
    assert article.date_display in summary
    first_actor = article.mentions.filter(rejected=False).order_by("-count", "actor__name")[0]
    assert first_actor.actor.name in summary
    assert 'href="#record-title"' in summary


def test_an_article_page_lists_its_events_and_cited_outlets_and_asks_only_for_those_it_has(
    reader, seeded
):
    article = Article.objects.get(title="Meet the Belarusian Regiment Fighting for Ukraine")
    event = article.events.first()
    cited = article.cited_sources.get()

    def page():
        with CaptureQueriesContext(connection) as queries:
            content = reader.get(article.get_absolute_url()).content.decode()
        return content, len(queries.captured_queries)

    page()  # its related articles are kept from then on
    content, with_both = page()
    assert "Events reported" in content and event.title in content
    assert "Outlets cited" in content and f">{cited.name}</a>" in content

    Event.articles.through.objects.filter(article=article).delete()
    citations = Article.cited_sources.through.objects.filter(article=article)
    citations.delete()
    content, with_neither = page()
    assert "Events reported" not in content and "Outlets cited" not in content
    # Neither list costs a query when the article has nothing in it.
    assert with_neither == with_both - 2

    citations.create(article=article, source=cited)
    content, with_one = page()
    assert "Outlets cited" in content and f">{cited.name}</a>" in content
    assert with_one == with_neither + 1


def test_an_event_page_shows_its_verification_history_without_names(reader, editor_user, seeded):
    event = Event.objects.get(slug="belarus-lets-russian-forces-use-its-airspace")
    event._history_user = editor_user
    event.save()  # reported
    event.status = Event.Status.CORROBORATED
    event._history_user = editor_user
    event.save()
    first, second = event.history.order_by("history_date")[:2]
    event.history.filter(pk=first.pk).update(history_date="2024-03-01T10:00:00Z")
    event.history.filter(pk=second.pk).update(history_date="2024-03-03T09:00:00Z")
    response = reader.get(event.get_absolute_url())
    content = response.content.decode()
    assert "Reported on 1 March 2024" in content
    assert "corroborated on 3 March 2024" in content
    assert editor_user.username not in content


def test_an_event_that_never_changed_status_shows_no_history_line(reader, seeded):
    event = Event.objects.get(slug="belarus-lets-russian-forces-use-its-airspace")
    event.save()
    content = reader.get(event.get_absolute_url()).content.decode()
    assert "verification-history" not in content
