"""Bad input: a 400 that names the problem next to its field, a 404 past the end, never a 5xx."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("seeded")

ARTICLES = "articles:article_list"


def get(client, name, params, *args):
    return client.get(reverse(f"articles:{name}", args=args), params)


@pytest.mark.parametrize(
    "params, field, message",
    [
        ({"date_after": "2023-02-30"}, "date_after", "is not a real date"),
        ({"date_before": "yesterday"}, "date_before", "write it as YYYY-MM-DD"),
        ({"date_after": "2023-1-5"}, "date_after", "write it as YYYY-MM-DD"),
        ({"date_after": "0000-01-01"}, "date_after", "is not a real date"),
        (
            {"date_after": "2023-05-01", "date_before": "2023-01-01"},
            "date_before",
            "before it starts",
        ),
        ({"source": "no-such-outlet"}, "source", "There is no source “no-such-outlet”"),
        ({"topic": "no-such-topic"}, "topic", "There is no topic"),
        ({"actor": ["alexander-lukashenko", "nobody"]}, "actor", "There is no actor “nobody”"),
        ({"actor": "not a slug!"}, "actor", "is not a valid identifier"),
        ({"language": "xx"}, "language", "Select a valid choice"),
        ({"sort": "sideways"}, "sort", "Select a valid choice"),
    ],
)
def test_invalid_filters_answer_400_with_the_error_beside_the_field(reader, params, field, message):
    response = get(reader, "article_list", params)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert field in response.context["errors"]
    if field in ("date_after", "date_before"):
        # The message sits in the field's own block, before its input.
        block = body.split(f'for="id_{field}"')[1].split(f'name="{field}"')[0]
        assert "errorlist" in block


def test_a_page_that_is_not_a_positive_integer_is_400(reader):
    for page in ["0", "-1", "abc", "1.5", " 2", "", "1e3", "２"]:
        response = get(reader, "article_list", {"page": page})
        assert response.status_code == 400, page
        assert "page number" in response.content.decode()


def test_a_page_past_the_end_is_404(reader):
    for page in ["2", "99999", "9" * 40, "9" * 5000]:
        assert get(reader, "article_list", {"page": page}).status_code == 404, page[:10]


MALFORMED = [
    {"q": "a\x00b"},
    {"source": "news\x00week"},
    {"actor": "x" * 100_000},
    {"q": "Lukashenko " * 10_000},
    {"date_after": "2023\x00-01-01"},
    {"date_after": "9" * 100_000},
    {"status": "\x00"},
    {"kind": "x" * 100_000},
    {"page": "\x00"},
    {"unknown": "ignored", "source": ["newsweek", "newsweek"]},
    {"date_after": ["2023-01-01", "garbage"]},
    {"actor": ["alexander-lukashenko"] * 50},
]


@pytest.mark.parametrize(
    "name, args",
    [
        ("article_list", ()),
        ("actor_list", ()),
        ("event_list", ()),
        ("actor_detail", ("alexander-lukashenko",)),
        ("source_detail", ("newsweek",)),
        ("topic_detail", ("sanctions",)),
    ],
)
def test_malformed_input_never_gets_a_5xx(reader, name, args):
    for params in MALFORMED:
        response = get(reader, name, params, *args)
        assert response.status_code in (200, 400, 404), (name, str(params)[:80])


def test_unknown_parameters_are_ignored(reader):
    response = get(reader, "article_list", {"colour": "red", "utm_source": "x"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 3


def test_repeated_slug_is_harmless(reader):
    response = get(reader, "article_list", {"source": ["newsweek", "newsweek"]})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1


def test_unknown_slugs_in_paths_are_404(reader):
    for name in ("article_detail", "actor_detail", "event_detail", "source_detail", "topic_detail"):
        assert get(reader, name, {}, "no-such-thing").status_code == 404


def test_bad_dates_on_an_actor_page_are_400(reader):
    response = get(reader, "actor_detail", {"date_before": "2023-13-01"}, "alexander-lukashenko")
    assert response.status_code == 400
    assert "is not a real date" in response.content.decode()


def test_event_filters_reject_unknown_values(reader):
    assert get(reader, "event_list", {"status": "rumoured"}).status_code == 400
    assert get(reader, "event_list", {"kind": "party"}).status_code == 400
    assert get(reader, "event_list", {"actor": "nobody"}).status_code == 400
    assert get(reader, "actor_list", {"kind": "alien"}).status_code == 400


def test_editor_supplied_text_is_escaped(reader):
    from articles.models import Article

    article = Article.objects.published().first()
    article.title = "<script>alert(1)</script>"
    article.save()
    body = get(reader, "article_list", {}).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body
