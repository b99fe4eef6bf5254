"""Vocabulary shared by the archive's models: slugs, countries, languages, choice labels."""

from functools import cache

from django.db import models
from django.utils.encoding import force_str
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from articles.text import normalize


class Country(models.TextChoices):
    BELARUS = "BY", _("Belarus")
    UKRAINE = "UA", _("Ukraine")
    RUSSIA = "RU", _("Russia")
    POLAND = "PL", _("Poland")
    LITHUANIA = "LT", _("Lithuania")
    LATVIA = "LV", _("Latvia")
    GERMANY = "DE", _("Germany")
    FRANCE = "FR", _("France")
    NETHERLANDS = "NL", _("Netherlands")
    CZECHIA = "CZ", _("Czechia")
    UNITED_KINGDOM = "GB", _("United Kingdom")
    UNITED_STATES = "US", _("United States")
    INTERNATIONAL = "XI", _("International")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    BELARUSIAN = "be", _("Belarusian")
    RUSSIAN = "ru", _("Russian")
    UKRAINIAN = "uk", _("Ukrainian")
    POLISH = "pl", _("Polish")
    GERMAN = "de", _("German")
    FRENCH = "fr", _("French")


# Belarusian, Russian and Ukrainian letters in a plain Latin spelling. Slugs must be
# ASCII: the URLs use <slug:...>, which does not match Cyrillic, so a Cyrillic slug
# would make reverse() fail on every page that links to the row.
# fmt: off
_CYRILLIC_TO_LATIN = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "ie",
        "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m",
        "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "u", "ф": "f",
        "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
        "э": "e", "ю": "iu", "я": "ia",
    }
)
# fmt: on


def slug_base(text, max_length=200, fallback="item"):
    """An ASCII slug for `text`, Cyrillic transliterated: 'Лукашэнка' -> 'lukashenka'."""
    base = slugify(normalize(text).translate(_CYRILLIC_TO_LATIN))[:max_length].strip("-")
    return base or fallback


def unique_slug(instance, text, max_length=200):
    """A slug from `text` that no other row of the model uses: 'wagner-group', 'wagner-group-2'."""
    base = slug_base(text, max_length, fallback=instance._meta.model_name)
    model = type(instance)
    taken = model._default_manager.exclude(pk=instance.pk)
    slug, n = base, 2
    while taken.filter(slug=slug).exists():
        suffix = f"-{n}"
        slug = f"{base[: max_length - len(suffix)]}{suffix}"
        n += 1
    return slug


class ChoiceLabels(models.Model):
    """get_FOO_display() that looks its label up in a table made once per field.

    Django's builds a dict of the field's choices on every call, hashing each label: each
    label is a lazy translation, so every call translated every choice (70-120 µs). The
    actor list drew 40 of them for its kind and country, the source list 80. The label is
    still translated when it is shown, in the language of that request.
    """

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return force_str(_labels(field).get(value, value), strings_only=True)


@cache
def _labels(field):
    return dict(field.flatchoices)


class SluggedModel(ChoiceLabels):
    """A model whose slug is made from its name or title when an editor leaves it empty."""

    slug_source_field = "name"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                self, getattr(self, self.slug_source_field), self._meta.get_field("slug").max_length
            )
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.slug,)


class SlugManagerMixin:
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)
