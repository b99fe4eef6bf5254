"""What every archive admin shares: help texts for editors, normalised search,
a reason for each change, and admin pages kept out of the index."""

from django import forms
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.templatetags.static import static
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from articles.models.common import unique_slug
from articles.text import normalize
from articles.text_form import normalize_line

CHANGE_REASON_MAX = 100  # simple-history's history_change_reason column


def https_formfield(db_field, **kwargs):
    """Model form fields as the admin makes them: a pasted address without a scheme is https."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class ArchiveAdminForm(forms.ModelForm):
    """Every change form's base: an optional reason kept in the history, and slugs
    that never collide (an editor who did not type the slug must not be told it is taken)."""

    change_reason = forms.CharField(
        label=_("Reason for this change"),
        required=False,
        max_length=CHANGE_REASON_MAX,
        help_text=_(
            "Optional. Shown in the history beside your change, e.g. “corrected the date "
            "after the outlet's correction”."
        ),
    )

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if not slug:
            return slug
        model = self._meta.model
        taken = model._default_manager.filter(slug=slug).exclude(pk=self.instance.pk)
        if taken.exists():
            # The same headline twice is normal (two outlets, one wire story): add a number.
            slug = unique_slug(self.instance, slug, model._meta.get_field("slug").max_length)
        return slug


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
        if isinstance(db_field, models.CharField) and isinstance(formfield, forms.CharField):
            formfield.to_python = _on_one_line(formfield)
        if formfield is not None:
            if db_field.name in self.help_texts:
                formfield.help_text = self.help_texts[db_field.name]
            # The admin renders help text as HTML; ours is plain text ("/actors/<slug>/").
            formfield.help_text = conditional_escape(formfield.help_text)
        return formfield


def _on_one_line(formfield):
    """A one-line field's value as the importer stores names: without the control
    characters and bidirectional overrides (U+202E…) that would otherwise reach the
    public pages, the feed and the CSV, and could display a name in another order."""
    to_python = formfield.to_python

    def one_line(value):
        typed = to_python(value)
        text = normalize_line(typed)
        if typed and not text:
            raise ValidationError(
                _("The %(field)s has no visible characters."),
                code="invisible",
                params={"field": str(formfield.label).lower()},
            )
        return text

    return one_line


class ChangeReasonMixin:
    """An optional "reason for this change" on the change form, stored as
    simple-history's change reason on the object and on every inline row saved with it."""

    form = ArchiveAdminForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        named = {f for _name, opts in fieldsets for f in _flatten(opts["fields"])}
        if "change_reason" not in named and self.has_change_permission(request, obj):
            fieldsets.append((_("History"), {"fields": ["change_reason"]}))
        return fieldsets

    def get_fields(self, request, obj=None):
        # `fields` = None: ModelAdmin would list the form's declared fields, this one too.
        return [f for f in super().get_fields(request, obj) if f != "change_reason"]

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_reason") or None
        super().save_model(request, obj, form, change)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history looks both up as integers: '/history/abc/' would be a 500.
        if not (str(object_id).isdigit() and str(version_id).isdigit()):
            raise Http404(_("There is no such version in the history."))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_formset(self, request, form, formset, change):
        reason = form.cleaned_data.get("change_reason") or None
        for inline_form in formset.forms:
            inline_form.instance._change_reason = reason
        super().save_formset(request, form, formset, change)


def _flatten(fields):
    for field in fields:
        if isinstance(field, (list, tuple)):
            yield from field
        else:
            yield field


class AccusativeTitlesMixin:
    """The list's and the forms' titles, and the list's add button, with the model's name in
    the accusative (`accusative_name`): Django puts the name in as it is ("Add %s"), which in
    Belarusian, Ukrainian and Russian is the wrong case for most names ("Дадаць тэма")."""

    accusative_name = None  # e.g. pgettext_lazy("accusative", "topic"), as in "add a topic"

    def changelist_view(self, request, extra_context=None):
        if IS_POPUP_VAR not in request.GET:
            if self.has_change_permission(request):
                title = pgettext("a name in the accusative", "Select %s to change")
            else:
                title = pgettext("a name in the accusative", "Select %s to view")
            add = pgettext("a name in the accusative", "Add %s")
            extra_context = {
                "title": title % self.accusative_name,
                "add_label": add % self.accusative_name,
                **(extra_context or {}),
            }
        return super().changelist_view(request, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is None:
            title = pgettext("a name in the accusative", "Add %s")
        elif self.has_change_permission(request):
            title = pgettext("a name in the accusative", "Change %s")
        else:
            title = pgettext("a name in the accusative", "View %s")
        extra_context = {"title": title % self.accusative_name, **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, extra_context)


class NotInIndexMixin:
    """A table that belongs inside its parent's form (aliases in the actor, mentions in
    the article): reachable by its links, but not listed as an entry of its own."""

    def get_model_perms(self, request):
        return {}


def yes_no_icon(value):
    """Django's yes/no icon for a list column, named in the interface language: the icon
    Django draws for a boolean field is named "True" or "False" in every language."""
    return format_html(
        '<img src="{}" alt="{}">',
        static(f"admin/img/icon-{'yes' if value else 'no'}.svg"),
        _("Yes") if value else _("No"),
    )


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
