"""The filters of the URL contract (docs/urls.md), shared by the pages, the feed and the exports.

    ArticleFilter(request.GET, queryset=Article.objects.published(), request=request)

Bad values are form errors (shown next to their field, answered with 400),
never exceptions: every value is checked for shape before it reaches the database.
"""

import copy
import datetime
import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, OuterRef
from django.forms.renderers import Jinja2
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles.models import Actor, Article, Event, EventActor, Language, Mention, Source, Topic
from articles.search import search_actors, search_articles, search_events

ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# The characters a generated slug can hold (Cyrillic-only names get Unicode slugs).
SLUG = re.compile(r"^[-\w]+$")
MAX_SLUG = 200
MAX_QUERY = 1000
# Values one repeatable filter takes. More than anyone picks by hand, and few enough that
# the query stays the size of a normal page's (each value is one more item in an IN list).
MAX_VALUES = 20
# A slug that names no row, by model: each language words the noun its own way.
UNKNOWN_SLUG = {
    "source": _("There is no source “%(value)s” in the archive."),
    "topic": _("There is no topic “%(value)s” in the archive."),
    "actor": _("There is no actor “%(value)s” in the archive."),
}


def _shown(value, limit=60):
    """A user-supplied value short enough to quote back in an error message."""
    value = str(value).replace("\x00", "")
    return value if len(value) <= limit else value[:limit] + "…"


class IsoDateField(forms.DateField):
    """A date written YYYY-MM-DD and nothing else; '2023-02-30' is an error that says why."""

    widget = forms.DateInput(attrs={"type": "date"})

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        if not ISO_DATE.match(value):
            raise ValidationError(
                _("“%(value)s” is not a date: write it as YYYY-MM-DD, e.g. 2023-01-31."),
                code="invalid",
                params={"value": _shown(value)},
            )
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is not a real date (check the month and day)."),
                code="invalid",
                params={"value": value},
            ) from None


class IsoDateFilter(django_filters.DateFilter):
    field_class = IsoDateField


class SlugsField(django_filters.fields.ModelMultipleChoiceField):
    """Repeatable slugs of existing rows, checked in one query; an unknown slug is named."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)
        self.error_messages["invalid_choice"] = UNKNOWN_SLUG[self.queryset.model._meta.model_name]

    def clean(self, value):
        # No value means no filter: an empty list, not Django's `queryset.none()`.
        if not value and not self.required:
            return []
        return super().clean(value)

    def _check_values(self, value):
        value = list(dict.fromkeys(value))
        if len(value) > MAX_VALUES:
            raise ValidationError(
                _(
                    "At most %(limit)d %(things)s at a time: %(count)d were given. "
                    "Remove some and try again."
                ),
                code="too_many",
                params={
                    "limit": MAX_VALUES,
                    "things": self.queryset.model._meta.verbose_name_plural,
                    "count": len(value),
                },
            )
        # Check the shape first: NUL bytes or 100 kB strings must not reach the database.
        for slug in value:
            if not isinstance(slug, str) or len(slug) > MAX_SLUG or not SLUG.match(slug):
                raise ValidationError(
                    _("“%(value)s” is not a valid identifier (letters, digits and hyphens)."),
                    code="invalid_choice",
                    params={"value": _shown(slug)},
                )
        return super()._check_values(value)


class SlugsFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = SlugsField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")  # said here too, for the API's schema
        super().__init__(*args, **kwargs)


class FilterForm(forms.Form):
    """Checks that need two fields: a date range must not end before it starts.

    Drawn whole by Django's Jinja2 form renderer, its widgets from the templates Django
    ships for it: a list page draws its filter form on every request, and the Django
    template engine took a tenth of the page's time for four inputs and a select."""

    default_renderer = Jinja2()  # one for all forms: it compiles each template once
    # The form as a list page's sidebar shows it, drawn by the same renderer.
    list_template_name = "articles/filter_form.html"
    heading = pgettext_lazy("heading of the filter form", "Filter")
    apply_label = _("Apply")
    reset_label = _("Reset")

    def as_list_filters(self, action, errors=None):
        """The whole form, its fields' errors beside them, for the list page at `action`
        (`errors`: the page's summary of them, which the form points to)."""
        data = getattr(self, "cleaned_data", {})
        context = {"form": self, "data": data, "action": action, "errors": errors}
        return self.render(self.list_template_name, context)

    def clean(self):
        data = super().clean()
        after, before = data.get("date_after"), data.get("date_before")
        if after and before and after > before:
            self.add_error(
                "date_before",
                _(
                    "The range ends (%(before)s) before it starts (%(after)s): "
                    "swap the dates or widen the range."
                )
                % {"before": before.isoformat(), "after": after.isoformat()},
            )
        return data


class InlineSelect(forms.Select):
    """A select whose options are drawn in its own template, as Django's templates draw
    them: Django's draws each option through two more, and the eight-language select
    cost more than the rest of the filter form."""

    template_name = "articles/widgets/select.html"


def _query_field():
    return django_filters.CharFilter(
        label=_("Words"), method="filter_nothing", max_length=MAX_QUERY, strip=True
    )


def naming_all(rows, item, actors):
    """An Exists that holds when the `rows` (mentions or roles) of the outer item, whose
    key is the column `item`, name every one of `actors`.

    One subquery however many actors, counting the distinct ones it finds, rather than one
    Exists per actor: PostgreSQL's planning time grows steeply with each join it must
    order, so 36 Exists took 0.4 s to plan and 199 took 25 s, on three articles.
    """
    found = (
        rows.filter(**{item: OuterRef("pk")}, actor__in=actors)
        .order_by()
        .values(item)
        .annotate(found=Count("actor", distinct=True))
        .filter(found=len(actors))
    )
    return Exists(found)


class FiltersOfAClass(dict):
    """A FilterSet class's filters. django-filter deep-copies them for every FilterSet it
    makes, so that each copy can point at its own FilterSet (`parent`, `model`); that deep
    copy, three querysets' queries and every label included, cost as much as validating
    the form. Nothing else of a filter changes per request: each is copied, not what it
    holds."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, filter_ in self.items():
            copies[name] = clone = copy.copy(filter_)
            if filter_.method is not None:
                clone.method = filter_.method  # a FilterMethod that asks the copy's parent
        return copies


class FieldsOfAClass(dict):
    """A cached form class's fields. Django deep-copies a form's fields for every form it
    makes, so that one form may change its own (widgets, choices, querysets); no filter
    form changes a field after it is made, and the deep copy cost as much as validating
    the form. Each field is copied, not what it holds."""

    def __deepcopy__(self, memo):
        return {name: copy.copy(field) for name, field in self.items()}


class ArchiveFilterSet(django_filters.FilterSet):
    """A FilterSet whose form class is made once, and whose filters and form fields are
    copied for each request without what they hold (FiltersOfAClass, FieldsOfAClass).

    django-filter makes a new form class, and a new field for every filter, for each
    FilterSet it is given; a list page's filters cost more than its query. These
    filters are the same for every request (none is added, dropped or changed per
    instance), so each FilterSet class keeps the form class it made first.
    """

    @classmethod
    def get_filters(cls):
        return FiltersOfAClass(super().get_filters())

    def get_form_class(self):
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            form_class.base_fields = FieldsOfAClass(form_class.base_fields)
            type(self)._form_class = form_class  # two threads may both make one: either serves
        return form_class


class DatedWithinFilterSet(ArchiveFilterSet):
    """`date_after` and `date_before`, inclusive, on any model whose QuerySet has
    `dated_within()`: an item dated to a month or a year is in the range when its
    period overlaps it (the rule lives on the QuerySets)."""

    date_after = IsoDateFilter(label=_("From"), method="filter_dated_within")
    date_before = IsoDateFilter(label=_("To"), method="filter_dated_within")

    def filter_dated_within(self, queryset, name, value):
        if value is None:
            return queryset
        bound = "after" if name == "date_after" else "before"
        return queryset.dated_within(**{bound: value})


class ArticleDateFilter(DatedWithinFilterSet):
    """Publication dates; month- and year-precise dates match by their whole period."""

    class Meta:
        model = Article
        fields = []
        form = FilterForm


class ArticleFilter(ArticleDateFilter):
    """The article list's filters, also used by the feed and the exports."""

    SORTS = [
        ("newest", _("Newest first")),
        ("oldest", _("Oldest first")),
        ("relevance", _("Relevance")),
    ]

    q = _query_field()
    source = SlugsFilter(queryset=Source.objects.all(), label=_("Source"), method="filter_source")
    # field_name: the relation each method filters through, which the API's schema reads.
    topic = SlugsFilter(
        queryset=Topic.objects.all(), label=_("Topic"), method="filter_topic", field_name="topics"
    )
    actor = SlugsFilter(
        queryset=Actor.objects.all(), label=_("Actor"), method="filter_actor", field_name="actors"
    )
    language = django_filters.ChoiceFilter(
        choices=Language.choices,
        label=_("Language"),
        empty_label=pgettext_lazy("language", "Any"),
        widget=InlineSelect,
    )
    sort = django_filters.ChoiceFilter(
        choices=SORTS, label=_("Sort"), method="filter_nothing", empty_label=None, null_label=None
    )

    class Meta(ArticleDateFilter.Meta):
        pass

    search = None  # the ArticleSearch when `q` was given: the actors it was read as, ranking

    def filter_nothing(self, queryset, name, value):
        # Applied in filter_queryset: search and ordering come after every other filter.
        return queryset

    def filter_source(self, queryset, name, sources):
        return queryset.filter(source__in=sources)

    def filter_topic(self, queryset, name, topics):
        # Any of the topics. Exists, not a join: a join would repeat articles with two topics.
        through = Article.topics.through.objects.filter(article_id=OuterRef("pk"), topic__in=topics)
        return queryset.filter(Exists(through))

    def filter_actor(self, queryset, name, actors):
        # All of the actors: one shown mention of each.
        return queryset.filter(naming_all(Mention.objects.shown(), "article_id", actors))

    @property
    def sort_order(self):
        data = getattr(self.form, "cleaned_data", {})
        sort = data.get("sort") or ("relevance" if data.get("q") else "newest")
        return "newest" if sort == "relevance" and not data.get("q") else sort

    def filter_queryset(self, queryset):
        queryset = self._filtered(queryset)
        sort = self.sort_order
        if sort == "oldest":
            return queryset.oldest_first()
        if sort == "relevance" and self.search and self.search.ranked:
            return queryset.order_by(F("rank").desc(nulls_last=True), "-id")
        return queryset.newest_first()

    def _filtered(self, queryset, skip=None):
        for name, value in self.form.cleaned_data.items():
            if name != skip:
                queryset = self.filters[name].filter(queryset, value)
        q = self.form.cleaned_data.get("q")
        if q and skip != "q":
            search = search_articles(queryset, q)
            if skip is None:
                self.search = search
            queryset = search.queryset
        return queryset

    def queryset_without(self, name):
        """The articles every filter but `name` selects (unordered): the base of the
        facet for `name` when it is an any-of filter, so its other values stay reachable."""
        return self._filtered(self.queryset.all(), skip=name)


class WholeNumberFilter(django_filters.NumberFilter):
    """A whole number within bounds: '2.5', '-1' or '10000' is an error that says so."""

    field_class = forms.IntegerField


# More independent outlets than any event is reported by: beyond it the filter means nothing.
MAX_OUTLETS = 100


class EventFilter(DatedWithinFilterSet):
    """The timeline's filters: the article filters that apply to events, plus status and kind."""

    q = _query_field()
    # field_name: the relation each method filters through, which the API's schema reads.
    source = SlugsFilter(
        queryset=Source.objects.all(),
        label=_("Reported by"),
        method="filter_source",
        field_name="articles__source",
    )
    topic = SlugsFilter(
        queryset=Topic.objects.all(), label=_("Topic"), method="filter_topic", field_name="topics"
    )
    actor = SlugsFilter(
        queryset=Actor.objects.all(), label=_("Actor"), method="filter_actor", field_name="actors"
    )
    # Not distinct (django-filter's default for a multiple choice): a status is a column of
    # the event, so no row repeats, and SELECT DISTINCT made PostgreSQL count the outlets
    # of every event with the status before it could take a page of them.
    status = django_filters.MultipleChoiceFilter(
        choices=Event.Status.choices,
        label=_("Verification"),
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    kind = django_filters.ChoiceFilter(
        choices=Event.Kind.choices,
        label=_("Kind"),
        empty_label=pgettext_lazy("kind", "Any"),
        widget=InlineSelect,
    )
    outlets = WholeNumberFilter(
        label=_("Independent outlets, at least"),
        method="filter_outlets",
        min_value=1,
        max_value=MAX_OUTLETS,
    )

    class Meta:
        model = Event
        fields = []
        form = FilterForm

    def filter_source(self, queryset, name, sources):
        reported = Event.articles.through.objects.filter(
            event_id=OuterRef("pk"),
            article__source__in=sources,
            article__status=Article.Status.PUBLISHED,
        )
        return queryset.filter(Exists(reported))

    def filter_topic(self, queryset, name, topics):
        through = Event.topics.through.objects.filter(event_id=OuterRef("pk"), topic__in=topics)
        return queryset.filter(Exists(through))

    def filter_actor(self, queryset, name, actors):
        return queryset.filter(naming_all(EventActor.objects.all(), "event_id", actors))

    def filter_outlets(self, queryset, name, value):
        return queryset.reported_by_at_least(value) if value else queryset

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        q = self.form.cleaned_data.get("q")
        return search_events(queryset, q) if q else queryset


class ActorFilter(ArchiveFilterSet):
    """Actors by kind, and by any of their names on `q` (best match first)."""

    q = _query_field()
    kind = django_filters.ChoiceFilter(
        choices=Actor.Kind.choices,
        label=_("Kind"),
        empty_label=pgettext_lazy("kind", "Any"),
        widget=InlineSelect,
    )

    class Meta:
        model = Actor
        fields = []
        form = FilterForm

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        q = self.form.cleaned_data.get("q")
        return search_actors(queryset, q) if q else queryset.order_by("name")


def filter_or_errors(filterset):
    """`(queryset, None)` when every parameter is valid, else `(None, errors)`.

    `errors` maps each bad parameter to its messages ({"date_after": ["…"]}),
    for a 400 that shows them next to their fields (HTML) or lists them (data).
    """
    if filterset.is_valid():
        return filterset.qs, None
    return None, {name: [str(m) for m in messages] for name, messages in filterset.errors.items()}
