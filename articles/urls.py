from django.urls import path

from .views import actors, articles, catalog, data, events, health, search

app_name = "articles"

urlpatterns = [
    path("", catalog.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("articles/", articles.article_list, name="article_list"),
    path("articles/feed/", data.article_feed, name="article_feed"),
    path("articles/export.csv", data.export_csv, name="export_csv"),
    path("articles/export.json", data.export_json, name="export_json"),
    path("articles/export.jsonl", data.export_jsonl, name="export_jsonl"),
    path("articles/attention.csv", data.attention_csv, name="attention_csv"),
    path("articles/<slug:slug>/", articles.article_detail, name="article_detail"),
    path("articles/<slug:slug>/cite.bib", data.article_bibtex, name="article_bibtex"),
    path("actors/", actors.actor_list, name="actor_list"),
    path("actors/<slug:slug>/", actors.actor_detail, name="actor_detail"),
    path("events/", events.event_list, name="event_list"),
    path("events/<slug:slug>/", events.event_detail, name="event_detail"),
    path("sources/", catalog.source_list, name="source_list"),
    path("sources/<slug:slug>/", catalog.source_detail, name="source_detail"),
    path("topics/", catalog.topic_list, name="topic_list"),
    path("topics/<slug:slug>/", catalog.topic_detail, name="topic_detail"),
    path("search/", search.search, name="search"),
]
