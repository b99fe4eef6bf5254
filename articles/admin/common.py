"""What every archive admin shares: help texts for editors, normalised search."""

from django.db import models
from django.db.models import Q

from articles.text import normalize


class EditorHelpMixin:
    """Add help texts the models do not carry, so editors can work without training.

    Kept here rather than on the models because they speak about the admin's
    widgets ("type to search") and would be noise in the schema.
    """

    help_texts = {}
    # Editors paste addresses without a scheme; today's web is https (and Django 6 agrees).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_search_results(self, request, queryset, search_term):
        # PostgreSQL cannot hold a NUL in a string: a pasted one must not turn the
        # changelist or an autocomplete into a 500.
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and db_field.name in self.help_texts:
            formfield.help_text = self.help_texts[db_field.name]
        return formfield


def normalized_alias_match(queryset, term, actor_path="pk"):
    """`queryset` narrowed to rows whose actor has an alias whose folded form contains `term`'s.

    A subquery rather than a join, so it adds no duplicate rows: 'Kalinoŭski'
    becomes 'kalinouski' and meets an alias stored as 'Kalinouski'.
    """
    from articles.models import Alias

    key = normalize(term)
    if not key:
        return queryset.none()
    actor_ids = Alias.objects.filter(normalized__contains=key).values("actor_id")
    return queryset.filter(Q(**{f"{actor_path}__in": actor_ids}))
