"""Shared pieces: the base model, timestamps, recipients, properties, access, image."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import core_schema

from playground.spec import limits

# A spec-derived warning produced while walking raw data: (relative path parts, rule id, message).
Finding = tuple[tuple, str, str]


class Model(BaseModel):
    """Base of every structure: strict JSON types, unknown keys kept (and reported elsewhere)."""

    model_config = ConfigDict(extra="allow", strict=True, populate_by_name=False,
                              validate_default=False, ser_json_inf_nan="null")

    # Title used in messages ("in a Rich message element ...").
    __label__: ClassVar[str] = ""
    # Rule ids this class's own code raises (its validators and spec_findings; the rules its
    # fields' errors use are declared on the fields). Read by the field tree, per class.
    __rules__: ClassVar[tuple[str, ...]] = ()
    # "request" or "response" for the two halves of an event; None for a structure that is both.
    __role__: ClassVar[str | None] = None
    # What the walk over the raw data adds to `ctx` for everything below this model.
    __walk_context__: ClassVar[dict[str, Any]] = {}
    # Optional fields that the spec's table marks required (key -> TableRequired): the one
    # place that decides what "Required" says for them on every page and in the validator's
    # message (playground.spec.fields.FieldSpec.requirement reads it).
    __table_required__: ClassVar[dict[str, "TableRequired"]] = {}

    @classmethod
    def kind_name(cls) -> str:
        return cls.__label__ or cls.__name__

    @classmethod
    def spec_findings(cls, data: dict, mode: str, ctx: dict) -> Iterator[Finding]:
        """Warnings from the spec that a type cannot hold; overridden where they apply."""
        return iter(())


@dataclass(frozen=True)
class TableRequired:
    """A field the spec's request table marks "Required: yes" that the model leaves optional,
    because the spec's own samples (or the guide, the widget) leave it out. `rule` is what the
    validator reports when the field is missing; `why` says why missing is accepted (one
    sentence, shown by the reference, the field guide, the composer and in the validator's
    message); `only` narrows the table's "yes" to a case ("for webview buttons": then the rule
    is an error in that case, and the field is optional otherwise)."""
    rule: str
    why: str
    only: str = ""


@dataclass(frozen=True)
class Declared:
    """Field metadata for the field tree that stays out of the JSON Schema and out of
    validation: `limit` is the sentence of the spec's note that states the field's limit."""
    limit: str | None = None


def spec(note: str | None = None, *, rule: str | None = None, limit: str | None = None, **kw: Any) -> Any:
    """A field whose description is the spec's note; `rule` names the rule id its errors use;
    `limit` is the note's sentence that states the limit (the description is note + limit)."""
    extra = dict(kw.pop("json_schema_extra", None) or {})
    if rule:
        extra["x-rule"] = rule
    description = " ".join(x for x in (note, limit) if x) or None
    info = Field(description=description, json_schema_extra=extra or None, **kw)
    if limit:
        info.metadata.append(Declared(limit=limit))   # pydantic ignores metadata it does not know
    return info


# Timestamps are checked by pydantic-core's own (Rust) regex engine: no Python call per value,
# which matters at 100 000 chat summaries with a dozen timestamps each. The patterns encode
# the calendar (month lengths, 29 February of leap years only) and use [0-9], never \d, which
# would also match other scripts' digits. A failure carries the rule id as its error type.
_DATE = (r"(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
         r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
         r"|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)")
_TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)"
UTC_MICRO_PATTERN = rf"^{_DATE}T{_TIME}\.[0-9]{{6}}Z$"
RFC3339_PATTERN = rf"^{_DATE}[Tt ]{_TIME}(?:\.[0-9]+)?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$"


@dataclass(frozen=True)
class TimestampFormat:
    """Annotated marker: a string matching `pattern`, else the error `rule` with `message`."""
    pattern: str
    rule: str
    message: str
    example: str

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.chain_schema([
            core_schema.str_schema(strict=True),   # a non-string stays a plain wrong-type error
            core_schema.custom_error_schema(core_schema.str_schema(pattern=self.pattern),
                                            custom_error_type=self.rule, custom_error_message=self.message)])

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict:
        return {"type": "string", "format": "date-time", "pattern": self.pattern}


UTC_MICRO = TimestampFormat(
    UTC_MICRO_PATTERN, "timestamp-utc-micro",
    "not a UTC timestamp with microseconds; write it like 2017-10-12T15:19:21.010200Z",
    "2017-10-12T15:19:21.010200Z")
RFC3339 = TimestampFormat(
    RFC3339_PATTERN, "timestamp-rfc3339",
    "not an RFC 3339 date-time; write it like 2017-10-12T15:19:21.010200Z or 2017-10-12T17:19:21+02:00",
    "2017-10-12T17:19:21+02:00")

# Event and thread created_at: "Date & time format with a resolution of microseconds, UTC string."
UtcMicroTimestamp = Annotated[str, UTC_MICRO]
# User timestamps: real payloads carry offsets and millisecond precision (NOTES.md).
Rfc3339Timestamp = Annotated[str, RFC3339]

Recipients = Literal["all", "agents"]
assert Recipients.__args__ == limits.RECIPIENTS  # type: ignore[attr-defined]

# namespace -> property name -> value (any JSON value)
Properties = dict[str, dict[str, Any]]
PROPERTIES_KEYS = ("namespace", "name")   # what the keys of its two levels are called

PROPERTIES_NOTE = "Properties are key-value storages: namespace -> property name -> value."


class Access(Model):
    __label__ = "Access"
    group_ids: list[int] = spec("group 0 means that all agents can see it.")


class Image(Model):
    __label__ = "Image"
    url: str = spec("Required param of elements.image.")
    name: str | None = spec("Optional; shown as alt text.", default=None)
    content_type: str | None = spec("Optional, e.g. image/png.", default=None)
    size: int | None = spec("Optional, in bytes.", default=None, ge=0)
    width: int | None = spec("Optional, in pixels.", default=None, ge=0)
    height: int | None = spec("Optional, in pixels.", default=None, ge=0)


class PropertiesDoc(Model):
    """The Properties sample: {"properties": {namespace: {name: value}}}."""
    __label__ = "Properties"
    properties: Properties = spec(PROPERTIES_NOTE, rule="properties-shape")


class AccessDoc(Model):
    """The Access sample: {"access": {"group_ids": [...]}}."""
    __label__ = "Access"
    access: Access = spec("Access data structure.")
