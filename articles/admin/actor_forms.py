"""The actor form: a warning before a name another actor goes by is saved, and
spellings in other scripts suggested for the editor to accept or drop."""

from django import forms
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from articles.ambiguity import NameIndex
from articles.models import Actor, Alias
from articles.text import normalize
from articles.transliteration import suggest

from .common import ArchiveAdminForm, https_formfield

CONFIRM_FIELD = "save_with_shared_names"


def actor_links(actor_ids):
    actors = Actor.objects.filter(pk__in=actor_ids).order_by("name")
    return format_html_join(
        ", ",
        '<a href="{}">{}</a>',
        ((reverse("admin:articles_actor_change", args=[a.pk]), a.name) for a in actors),
    )


class SharedNameCheck:
    """What the actor form and its aliases share: whether the editor confirmed shared names."""

    def confirmed(self):
        return self.data.get(CONFIRM_FIELD) in ("on", "true", "1")

    def name_index(self):
        if not hasattr(self, "_name_index"):
            self._name_index = NameIndex.build()
        return self._name_index


def _warning(name, actor_ids):
    return format_html(
        _(
            "“{name}” is already a name of {actors}. If both really go by it, tick “{confirm}” "
            "and save again: it will then count only in articles that also name the actor "
            "another way."
        ),
        name=name,
        actors=actor_links(actor_ids),
        confirm=_("Save with the shared names"),
    )


class ActorAdminForm(SharedNameCheck, ArchiveAdminForm):
    save_with_shared_names = forms.BooleanField(
        label=_("Save with the shared names"),
        required=False,
        help_text=_("Another actor goes by a name given here; tick to save it all the same."),
    )
    suggested_aliases = forms.MultipleChoiceField(
        label=_("Suggested spellings"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "suggested-aliases"}),
        help_text=_(
            "Spellings of the name and the aliases in other scripts and romanisations. Tick "
            "the ones outlets use; each becomes an alias when you save. Nothing unticked is "
            "added."
        ),
    )

    class Meta:
        model = Actor
        fields = "__all__"
        formfield_callback = https_formfield
        widgets = {"name": forms.TextInput(attrs={"class": "vTextField headline"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestions = {s.value: s for s in suggest(*self._spellings())}
        self.fields["suggested_aliases"].choices = [
            (s.value, format_html("{} <span class='meta'>({})</span>", s.name, s.system))
            for s in self.suggestions.values()
        ]

    def _spellings(self):
        """(text, language) pairs the suggestions are made from, and the known names."""
        if self.is_bound:
            data, prefix = self.data, "aliases"
            name = data.get(self.add_prefix("name"), "")
            try:
                total = min(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), 1000)
            except ValueError:
                total = 0
            aliases = [
                (data.get(f"{prefix}-{i}-name", ""), data.get(f"{prefix}-{i}-language", ""))
                for i in range(total)
                if not data.get(f"{prefix}-{i}-DELETE")
            ]
        else:
            name = self.instance.name if self.instance.pk else ""
            aliases = (
                list(self.instance.aliases.values_list("name", "language"))
                if self.instance.pk
                else []
            )
        spellings = [(name, ""), *aliases]
        return spellings, [text for text, _lang in spellings]

    def clean_name(self):
        name = self.cleaned_data["name"]
        if "name" in self.changed_data and not self.confirmed():
            others = self.name_index().naming(normalize(name), self.instance.pk)
            if others:
                self.shared_names_warned = True
                raise forms.ValidationError(_warning(name, others), code="shared_name")
        return name

    def chosen_suggestions(self):
        return [self.suggestions[v] for v in self.cleaned_data.get("suggested_aliases", [])]


class AliasAdminForm(SharedNameCheck, ArchiveAdminForm):
    """One alias on its own page (to move it to another actor, or mark it): the same
    warning as in the actor's form when another actor goes by the name."""

    save_with_shared_names = ActorAdminForm.base_fields[CONFIRM_FIELD]

    class Meta:
        model = Alias
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        name, actor = cleaned.get("name"), cleaned.get("actor")
        if not name or actor is None or not {"name", "actor"} & set(self.changed_data):
            return cleaned
        others = self.name_index().naming(normalize(name), actor.pk)
        if others and self.confirmed():
            # In cleaned_data, not on the instance: the instance is built from it after clean().
            cleaned["context_only"] = True
        elif others:
            self.shared_names_warned = True
            self.add_error("name", forms.ValidationError(_warning(name, others), code="shared"))
        return cleaned


class AliasInlineFormSet(SharedNameCheck, BaseInlineFormSet):
    """Aliases: one another actor already goes by needs the editor's confirmation, and
    is then saved as "only with context" (it alone may mean the other actor)."""

    def clean(self):
        super().clean()
        warnings = []
        for form in self.forms:
            if not form.has_changed() or self._should_delete_form(form):
                continue
            name = form.cleaned_data.get("name")
            if not name:
                continue
            others = self.name_index().naming(normalize(name), self.instance.pk)
            if not others:
                continue
            if self.confirmed():
                form.instance.context_only = True
            else:
                warnings.append(_warning(name, others))
        if warnings:
            self.shared_names_warned = True
            raise forms.ValidationError(warnings, code="shared_name")


def add_suggested_aliases(actor, suggestions, reason=None):
    """Create the aliases the editor ticked (skipping any the actor has meanwhile)."""
    taken = set(actor.aliases.values_list("name", flat=True))
    for suggestion in suggestions:
        if suggestion.name in taken:
            continue
        alias = Alias(
            actor=actor,
            name=suggestion.name,
            language=suggestion.language,
            kind=Alias.Kind.TRANSLITERATION,
        )
        alias._change_reason = reason
        alias.save()
        taken.add(suggestion.name)
