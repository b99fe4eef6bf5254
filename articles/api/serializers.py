"""What the API says about each record: stable ids and slugs, dates with their precision,
verification, provenance. Drafts never reach a serializer (the views read published rows)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import Actor, Alias, Article, Event, EventActor, EventReport, Source, Topic
from articles.models.dates import Precision


class PageLinkField(serializers.Field):
    """The record's page on the archive (absolute URL)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")
        kwargs.setdefault("help_text", "The record's page in the archive.")
        super().__init__(**kwargs)

    def to_representation(self, instance):
        return self.context["request"].build_absolute_uri(instance.get_absolute_url())


extend_schema_field({"type": "string", "format": "uri"})(PageLinkField)


class SourceRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "slug", "name"]


class TopicRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["id", "slug", "name"]


class ActorRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Actor
        fields = ["id", "slug", "name", "kind"]


class EventRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = ["id", "slug", "title"]


class ArticleRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["id", "slug", "title"]


class PublishedDateSerializer(serializers.Serializer):
    date = serializers.DateField(
        source="published_on",
        allow_null=True,
        help_text="The first day of the period the date names (null when unknown).",
    )
    precision = serializers.ChoiceField(source="published_precision", choices=Precision.choices)
    text = serializers.CharField(
        source="date_iso", help_text="The date only as far as it is known: 2022-07, 2023, or ''."
    )
    note = serializers.CharField(source="date_note", help_text="How the date was established.")


class SourceSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail", lookup_field="slug")
    html_url = PageLinkField()

    class Meta:
        model = Source
        fields = [
            "id",
            "slug",
            "url",
            "html_url",
            "name",
            "homepage",
            "country",
            "kind",
            "description",
        ]


class TopicSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:topic-detail", lookup_field="slug")
    html_url = PageLinkField()
    parent = TopicRefSerializer(allow_null=True)

    class Meta:
        model = Topic
        fields = ["id", "slug", "url", "html_url", "name", "description", "parent"]


class MentionSerializer(serializers.Serializer):
    actor = ActorRefSerializer()
    origin = serializers.CharField(help_text="detected (from the actor's aliases) or editor")
    count = serializers.IntegerField(help_text="How often the article names the actor.")


class SnapshotSerializer(serializers.Serializer):
    url = serializers.URLField(source="final_url", help_text="The page the snapshot was taken of.")
    captured_at = serializers.DateTimeField()
    sha256 = serializers.CharField(help_text="SHA-256 of the page as received.")
    warc = serializers.SerializerMethodField(help_text="The snapshot as a WARC file.")

    def get_warc(self, snapshot) -> str:
        return self.context["request"].build_absolute_uri(snapshot.get_warc_url())


class ArticleListSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:article-detail", lookup_field="slug")
    html_url = PageLinkField()
    published = PublishedDateSerializer(source="*")
    source = SourceRefSerializer(help_text="The publisher of the original article.")
    retrieved_from = SourceRefSerializer(
        allow_null=True, help_text="Where the archived copy came from, when not the publisher."
    )
    topics = TopicRefSerializer(many=True)
    cited_sources = SourceRefSerializer(many=True, help_text="Outlets the article cites.")
    mentions = MentionSerializer(
        many=True, source="shown_mentions", help_text="The actors the article names."
    )
    events = EventRefSerializer(many=True, help_text="The events the article reports.")

    class Meta:
        model = Article
        fields = [
            "id", "slug", "url", "html_url", "title", "standfirst", "byline", "language",
            "published", "source", "retrieved_from", "original_url", "archived_at", "body_sha256",
            "topics", "cited_sources", "mentions", "events",
        ]  # fmt: skip


class ArticleSerializer(ArticleListSerializer):
    snapshots = SnapshotSerializer(
        many=True, help_text="Where and when the archive captured the page, newest first."
    )

    class Meta(ArticleListSerializer.Meta):
        fields = [*ArticleListSerializer.Meta.fields, "body", "snapshots"]


class AliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = Alias
        fields = ["name", "language", "kind", "context_only"]


class ActorSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:actor-detail", lookup_field="slug")
    html_url = PageLinkField()
    parent = ActorRefSerializer(allow_null=True, help_text="The body this actor belongs to.")
    aliases = AliasSerializer(many=True, help_text="Every name of the actor.")
    article_count = serializers.IntegerField(help_text="Published articles that name the actor.")

    class Meta:
        model = Actor
        fields = [
            "id", "slug", "url", "html_url", "name", "kind", "country", "summary", "parent",
            "wikidata_id", "aliases", "article_count",
        ]  # fmt: skip


class EventDatesSerializer(serializers.Serializer):
    start = serializers.DateField(source="start_date", allow_null=True)
    end = serializers.DateField(source="end_date", allow_null=True)
    precision = serializers.ChoiceField(source="date_precision", choices=Precision.choices)
    text = serializers.CharField(
        source="date_iso", help_text="The start only as far as it is known: 2022-03, 2023, or ''."
    )


class PlaceSerializer(serializers.Serializer):
    name = serializers.CharField(source="place")
    precision = serializers.ChoiceField(
        source="place_precision",
        choices=[("", "not located"), *Event.PlacePrecision.choices],
        help_text="site or locality: a point; region: an area around the point; "
        "country: the whole country (no coordinates).",
    )
    country = serializers.CharField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)


class ParticipantSerializer(serializers.ModelSerializer):
    actor = ActorRefSerializer()

    class Meta:
        model = EventActor
        fields = ["actor", "role", "note"]


class ReportSerializer(serializers.ModelSerializer):
    article = ArticleRefSerializer()
    publisher = SourceRefSerializer(source="article.source")
    retrieved_from = SourceRefSerializer(source="article.retrieved_from", allow_null=True)
    original_outlet = SourceRefSerializer(
        allow_null=True,
        help_text="Set when the article only relays (republishes or cites) another outlet.",
    )
    counts_as = SourceRefSerializer(
        source="counted_outlet", help_text="The independent outlet this report counts as."
    )

    class Meta:
        model = EventReport
        fields = ["article", "publisher", "retrieved_from", "original_outlet", "counts_as"]


class EventSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:event-detail", lookup_field="slug")
    html_url = PageLinkField()
    dates = EventDatesSerializer(source="*")
    place = PlaceSerializer(source="*")
    independent_outlets = serializers.IntegerField(
        source="outlet_count",
        help_text="How many independent outlets report the event: republications, copies "
        "and reports that only cite another outlet count once, as the original outlet.",
    )
    reports = ReportSerializer(many=True, source="published_reports")
    actors = ParticipantSerializer(many=True, source="participants")
    topics = TopicRefSerializer(many=True)

    class Meta:
        model = Event
        fields = [
            "id", "slug", "url", "html_url", "title", "summary", "kind", "dates", "place",
            "status", "status_note", "independent_outlets", "reports", "actors", "topics",
        ]  # fmt: skip
