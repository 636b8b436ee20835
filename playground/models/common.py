"""Shared pieces: the base model, timestamps, recipients, properties, access, image."""
from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Iterator, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from .. import limits as L

# A spec-derived warning produced while walking raw data: (relative path parts, rule id, message).
Finding = tuple[tuple, str, str]


class Model(BaseModel):
    """Base of every structure: strict JSON types, unknown keys kept (and reported elsewhere)."""

    model_config = ConfigDict(extra="allow", strict=True, populate_by_name=True,
                              validate_default=False, ser_json_inf_nan="null")

    # Title used in messages ("in a Rich message element ...").
    __label__: ClassVar[str] = ""

    @classmethod
    def kind_name(cls) -> str:
        return cls.__label__ or cls.__name__

    @classmethod
    def spec_findings(cls, data: dict, mode: str, ctx: dict) -> Iterator[Finding]:
        """Warnings from the spec that a type cannot hold; overridden where they apply."""
        return iter(())


def spec(note: str | None = None, *, rule: str | None = None, **kw: Any) -> Any:
    """A field whose description is the spec's note; `rule` names the rule id its errors use."""
    extra = dict(kw.pop("json_schema_extra", None) or {})
    if rule:
        extra["x-rule"] = rule
    return Field(description=note, json_schema_extra=extra or None, **kw)


# re.ASCII: \d must not match other scripts' digits; fullmatch: "$" alone would allow a final "\n".
_UTC_MICRO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$", re.ASCII)
_RFC3339 = re.compile(
    r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)"
    r"(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$", re.ASCII)
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _real_date(v: str) -> bool:
    """The YYYY-MM-DD at the start of a matched timestamp is a day of the calendar (no 2017-02-30)."""
    day = int(v[8:10])
    if day <= 28:
        return True
    y, m = int(v[:4]), int(v[5:7])
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    return day <= _DAYS[m - 1] + (m == 2 and leap)


def _check_utc_micro(v: str) -> str:
    if not _UTC_MICRO.fullmatch(v) or not _RFC3339.fullmatch(v) or not _real_date(v):
        raise PydanticCustomError(
            "timestamp-utc-micro",
            "{value} is not a UTC timestamp with microseconds; write it like 2017-10-12T15:19:21.010200Z",
            {"value": repr(v[:60])})
    return v


def _check_rfc3339(v: str) -> str:
    if not _RFC3339.fullmatch(v) or not _real_date(v):
        raise PydanticCustomError(
            "timestamp-rfc3339",
            "{value} is not an RFC 3339 date-time; write it like 2017-10-12T15:19:21.010200Z or 2017-10-12T17:19:21+02:00",
            {"value": repr(v[:60])})
    return v


# Event and thread created_at: "Date & time format with a resolution of microseconds, UTC string."
UtcMicroTimestamp = Annotated[str, AfterValidator(_check_utc_micro),
                              WithJsonSchema({"type": "string", "format": "date-time",
                                              "pattern": _UTC_MICRO.pattern})]
# User timestamps: real payloads carry offsets and millisecond precision (NOTES.md).
Rfc3339Timestamp = Annotated[str, AfterValidator(_check_rfc3339),
                             WithJsonSchema({"type": "string", "format": "date-time"})]

Recipients = Literal["all", "agents"]
assert Recipients.__args__ == L.RECIPIENTS  # type: ignore[attr-defined]

# namespace -> property name -> value (any JSON value)
Properties = dict[str, dict[str, Any]]

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
