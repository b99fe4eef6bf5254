"""Phase 1a: each line of the file on its own, before anything is looked up.

A line is JSON; its object is checked by `RecordForm`, one form per record, whose
fields take their lengths and validators from the model fields they fill: the
import accepts what the admin accepts, and a limit added to a model field (the
body's size, say) applies here without a change.
"""

import datetime
import json
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from articles.models import Actor, Article, Language, Precision, Source, Topic
from articles.models.dates import parse_partial_date
from articles.text_form import has_lone_surrogate, normalize_body, normalize_line

# Fields of the JSON export (export.json) that the import format does not take. Its
# `actors` are every shown actor, detected or not: imported, they would all become
# editors' decisions. A file made from it is refused with a pointer to export.jsonl.
DATA_EXPORT_FIELDS = frozenset({"archive_url", "precision", "events", "sha256"})


@dataclass
class Problem:
    line: int
    field: str
    message: str

    def __str__(self):
        return f"line {self.line}: {self.field}: {self.message}"


@dataclass
class Record:
    """One valid line: `values` holds the fields the line gives, cleaned (an absent
    optional field stays absent, so an update leaves that part of the article alone)."""

    line: int
    values: dict
    # Filled by the phases that follow:
    source: object = None  # a Source, or a NewName to create
    retrieved_from: object = None
    topics: list = field(default_factory=list)
    cited_sources: list = field(default_factory=list)
    actor_ids: list = field(default_factory=list)
    rejected_actor_ids: list = field(default_factory=list)
    article: Article | None = None  # the existing article it matches
    changes: list = field(default_factory=list)  # the import fields that differ from it

    def has(self, name):
        return name in self.values

    def get(self, name, default=None):
        return self.values.get(name, default)


def json_type(value):
    return {
        dict: _("an object"),
        list: _("a list"),
        str: _("a string"),
        bool: _("true/false"),
        type(None): _("null"),
        int: _("a number"),
        float: _("a number"),
    }.get(type(value), type(value).__name__)


def _check_text(value):
    """What no field may hold, whatever it means: not a string, half a character, NUL."""
    if not isinstance(value, str):
        raise ValidationError(
            _("must be a string, not %(type)s"), code="type", params={"type": json_type(value)}
        )
    if has_lone_surrogate(value):
        raise ValidationError(
            _("contains a lone surrogate (a \\ud800-\\udfff escape that is half a character)"),
            code="surrogate",
        )
    if "\x00" in value:
        raise ValidationError(_("contains a NUL byte"), code="null_characters_not_allowed")
    return value


class JsonText(forms.CharField):
    """A JSON string (null reads as empty), put in the archive's one text form, then
    checked by `model_field`'s validators as they are when the record is checked (less
    those of the classes in `replace`)."""

    def __init__(self, *, clean_text=str.strip, model_field=None, replace=(), **kwargs):
        self.clean_text, self.model_field, self.replace = clean_text, model_field, tuple(replace)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value is None:
            return ""
        return self.clean_text(_check_text(value))

    def run_validators(self, value):
        super().run_validators(value)
        if self.model_field is None or value in self.empty_values:
            return
        errors = []
        for validator in self.model_field.validators:
            if isinstance(validator, self.replace):
                continue
            try:
                validator(value)
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)


def model_text(model, name, **kwargs):
    """A JsonText for a model field: required as the field is, with its validators."""
    model_field = model._meta.get_field(name)
    kwargs.setdefault("required", not model_field.blank)
    return JsonText(model_field=model_field, **kwargs)


class JsonChoice(JsonText):
    def __init__(self, *, choices, **kwargs):
        self.choices = dict(choices)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and value not in self.choices:
            raise ValidationError(
                _("%(value)r is not one of: %(choices)s"),
                code="invalid_choice",
                params={"value": value[:20], "choices": ", ".join(self.choices)},
            )


class PartialDate(JsonText):
    """'2022-07-13', '2022-07' or '2022' -> (date, precision); empty -> (None, unknown)."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None, Precision.UNKNOWN
        try:
            return parse_partial_date(text)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from None


class Timestamp(JsonText):
    """An ISO 8601 date and time with its offset: '2026-11-01T09:30:00+00:00'."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            moment = parse_datetime(text)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise ValidationError(
                _("%(value)r is not a date and time with a UTC offset, e.g. %(example)s"),
                code="invalid",
                params={"value": text[:40], "example": "2026-11-01T09:30:00+00:00"},
            )
        return moment.astimezone(datetime.UTC)


class NameList(forms.Field):
    """A JSON list of names, each on one line, no longer than `model.name` allows."""

    def __init__(self, model, **kwargs):
        self.name_field = model._meta.get_field("name")
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value is None:
            return []
        if not isinstance(value, list):
            raise ValidationError(_("must be a list of names"), code="type")
        names = []
        for item in value:
            name = normalize_line(_check_text(item))
            if not name:
                raise ValidationError(_("contains an empty name"), code="empty")
            self.name_field.run_validators(name)
            names.append(name)
        return list(dict.fromkeys(names))


class RecordForm(forms.Form):
    """One import record. Each field says what it fills; see docs/import-format.md."""

    title = model_text(Article, "title", clean_text=normalize_line)
    body = model_text(Article, "body", clean_text=normalize_body)
    source = model_text(Source, "name", clean_text=normalize_line, required=True)
    published = PartialDate()
    url = model_text(
        Article,
        "original_url",
        # The model's URLValidator also takes ftp; an article's address is a web page.
        replace=[URLValidator],
        validators=[
            URLValidator(schemes=["http", "https"], message=_("'%(value)s' is not an http(s) URL"))
        ],
    )
    byline = model_text(Article, "byline", clean_text=normalize_line)
    standfirst = model_text(Article, "standfirst", clean_text=normalize_body)
    date_note = model_text(Article, "date_note", clean_text=normalize_line)
    language = JsonChoice(choices=Language.choices)
    retrieved_from = model_text(Source, "name", clean_text=normalize_line, required=False)
    status = JsonChoice(choices=Article.Status.choices)
    archived_at = Timestamp()
    topics = NameList(Topic)
    cited_sources = NameList(Source)
    actors = NameList(Actor)
    rejected_actors = NameList(Actor)

    def clean(self):
        data = super().clean()
        both = set(data.get("actors") or ()) & set(data.get("rejected_actors") or ())
        if both:
            self.add_error(
                "rejected_actors",
                ValidationError(
                    _("%(names)s also in actors: an actor is either named or ruled out"),
                    code="contradiction",
                    params={"names": ", ".join(repr(name) for name in sorted(both))},
                ),
            )
        return data


# Fields a line may give that the form has no field for, and why not.
def _unknown_field(name):
    if name in DATA_EXPORT_FIELDS:
        return _(
            "is a field of export.json, which is for reading, not for importing: "
            "export the articles with export.jsonl to get a file that imports back"
        )
    return _("unknown field")


def _message(error, name, data):
    """One of the form's errors as the line's message: 'is required', not Django's
    'This field is required.', and 'must not be empty' when the field was given."""
    if error.code == "required":
        return _("must not be empty") if data.get(name) is not None else _("is required")
    return " ".join(error.messages)


def clean_record(line, data):
    """(Record, []) for a valid object, else (None, problems)."""
    problems = [
        Problem(line, name[:60], str(_unknown_field(name)))
        for name in sorted(set(data) - set(RecordForm.base_fields))
    ]
    form = RecordForm(data)
    if not form.is_valid():
        for name, errors in form.errors.as_data().items():
            problems += [Problem(line, name, str(_message(e, name, data))) for e in errors]
    if problems:
        return None, problems
    values = {name: value for name, value in form.cleaned_data.items() if name in data}
    return Record(line, values), []


def parse_lines(lines):
    """Records from JSONL text lines (str or bytes), with every problem that needs no database."""
    records, problems = [], []
    for number, raw in enumerate(lines, start=1):
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                message = _("not UTF-8 text (%(reason)s at byte %(byte)d)") % {
                    "reason": exc.reason,
                    "byte": exc.start,
                }
                problems.append(Problem(number, "record", str(message)))
                continue
        if number == 1:
            raw = raw.removeprefix("\ufeff")
        if not raw.strip():
            continue  # blank lines separate nothing and mean nothing
        if "\x00" in raw:
            problems.append(Problem(number, "record", str(_("contains a NUL byte"))))
            continue
        try:
            data = json.loads(raw)
        except ValueError as exc:
            problems.append(
                Problem(number, "record", str(_("not valid JSON (%(error)s)") % {"error": exc}))
            )
            continue
        if not isinstance(data, dict):
            message = _("must be a JSON object, not %(type)s") % {"type": json_type(data)}
            problems.append(Problem(number, "record", str(message)))
            continue
        record, record_problems = clean_record(number, data)
        problems.extend(record_problems)
        if record is not None:
            records.append(record)
    return records, problems
