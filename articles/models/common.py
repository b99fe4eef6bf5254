"""Vocabulary shared by the archive's models: slugs, countries, languages."""

from django.db import models
from django.utils.text import slugify

from articles.text import normalize


class Country(models.TextChoices):
    BELARUS = "BY", "Belarus"
    UKRAINE = "UA", "Ukraine"
    RUSSIA = "RU", "Russia"
    POLAND = "PL", "Poland"
    LITHUANIA = "LT", "Lithuania"
    LATVIA = "LV", "Latvia"
    GERMANY = "DE", "Germany"
    FRANCE = "FR", "France"
    NETHERLANDS = "NL", "Netherlands"
    CZECHIA = "CZ", "Czechia"
    UNITED_KINGDOM = "GB", "United Kingdom"
    UNITED_STATES = "US", "United States"
    INTERNATIONAL = "XI", "International"


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    BELARUSIAN = "be", "Belarusian"
    RUSSIAN = "ru", "Russian"
    UKRAINIAN = "uk", "Ukrainian"
    POLISH = "pl", "Polish"
    GERMAN = "de", "German"
    FRENCH = "fr", "French"


def unique_slug(instance, text, max_length=200):
    """A slug from `text` that no other row of the model uses: 'wagner-group', 'wagner-group-2'.

    Cyrillic-only names have no ASCII slug, so the folded form is tried before a fallback.
    """
    base = slugify(text)[:max_length].strip("-") or slugify(normalize(text), allow_unicode=True)
    base = base[:max_length].strip("-") or instance._meta.model_name
    model = type(instance)
    taken = model._default_manager.exclude(pk=instance.pk)
    slug, n = base, 2
    while taken.filter(slug=slug).exists():
        suffix = f"-{n}"
        slug = f"{base[: max_length - len(suffix)]}{suffix}"
        n += 1
    return slug


class SluggedModel(models.Model):
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
