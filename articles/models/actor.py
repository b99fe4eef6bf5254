from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from articles.links import detail_url
from articles.text import normalize

from .common import ChoiceLabels, Country, SluggedModel, SlugManagerMixin


class ActorQuerySet(models.QuerySet):
    def matching(self, text):
        """Actors with a name or alias equal to `text` once case, accents and quotes are folded."""
        key = normalize(text)
        if not key:
            return self.none()
        return self.filter(aliases__normalized=key).distinct()


class ActorManager(SlugManagerMixin, models.Manager.from_queryset(ActorQuerySet)):
    pass


class AliasQuerySet(models.QuerySet):
    def ambiguous(self, index=None):
        """Aliases whose folded form another actor also goes by: as one of its names, or as
        a whole-word part of one ("Kalinouski" inside "Kalinouski Regiment").

        Detection and the admin share this rule. The names are compared in Python (see
        articles.ambiguity), so this reads every name once and filters by id.
        """
        from articles.ambiguity import NameIndex

        index = index or NameIndex.build()
        ids = [
            pk
            for pk, actor_id, key in self.values_list("pk", "actor_id", "normalized")
            if index.sharing(key, actor_id)
        ]
        return self.filter(pk__in=ids)

    def shared_with(self, index=None):
        """{alias id: [the other actors that go by it]} for these aliases, in two queries."""
        from articles.ambiguity import NameIndex

        index = index or NameIndex.build()
        others = {
            pk: index.sharing(key, actor_id)
            for pk, actor_id, key in self.values_list("pk", "actor_id", "normalized")
        }
        actors = Actor.objects.in_bulk(set().union(*others.values()))
        return {
            pk: sorted((actors[i] for i in ids if i in actors), key=lambda a: a.name)
            for pk, ids in others.items()
            if ids
        }


class Actor(SluggedModel):
    """A person, organisation, armed unit, state body, state or international body."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANIZATION = "organization", _("Organisation")
        ARMED_UNIT = "armed_unit", _("Armed unit")
        STATE_BODY = "state_body", _("State body")
        STATE = "state", _("State")
        INTERNATIONAL_BODY = "international_body", _("International body")

    name = models.CharField(
        _("name"), max_length=200, help_text=_("The name the archive uses for this actor.")
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name=_("part of"),
        help_text=_("The body this actor belongs to, e.g. a regiment's command."),
    )
    wikidata_id = models.CharField(
        _("Wikidata ID"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9]\d*$", _("A Wikidata ID looks like Q12345."))],
    )

    history = HistoricalRecords()
    objects = ActorManager()

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(wikidata_id="") | models.Q(wikidata_id__regex=r"^Q[1-9][0-9]*$"),
                name="actor_wikidata_id_format",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return detail_url("articles:actor_detail", self.slug)


class Alias(ChoiceLabels):
    """One name of an actor, in one spelling, language or script."""

    class Kind(models.TextChoices):
        OFFICIAL = "official", _("Official name")
        TRANSLITERATION = "transliteration", _("Transliteration")
        NATIVE_SCRIPT = "native", _("Native script")
        NICKNAME = "nickname", _("Nickname or short form")
        FORMER_NAME = "former", _("Former name")

    class Script(models.TextChoices):
        ENGLISH = "en", _("English")
        BELARUSIAN = "be", _("Belarusian (Cyrillic)")
        BELARUSIAN_LATIN = "be-Latn", _("Belarusian (Łacinka)")
        RUSSIAN = "ru", _("Russian")
        UKRAINIAN = "uk", _("Ukrainian")
        POLISH = "pl", _("Polish")
        GERMAN = "de", _("German")
        FRENCH = "fr", _("French")

    actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("actor")
    )
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("language or script"), max_length=10, choices=Script.choices, default=Script.ENGLISH
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.TRANSLITERATION
    )
    context_only = models.BooleanField(
        _("only with context"),
        default=False,
        help_text=_(
            "This name alone may mean someone else: a unit named after a person, a common "
            "surname. It then counts only in an article that also names this actor by another "
            "of its names."
        ),
    )
    # The folded comparison key (see articles.text.normalize); kept in the row so
    # lookups by any spelling are one indexed equality.
    normalized = models.CharField(_("search key"), max_length=200, db_index=True, editable=False)

    history = HistoricalRecords()
    objects = AliasQuerySet.as_manager()

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        ordering = ["actor", "language", "name"]
        constraints = [
            models.UniqueConstraint(fields=["actor", "name"], name="alias_unique_per_actor"),
            models.CheckConstraint(condition=~models.Q(name=""), name="alias_name_not_empty"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized = normalize(self.name)
        super().save(*args, **kwargs)
