"""Reading the models' type annotations: one place for the helpers that validation, the field
guide, the composers and the reference all need."""
from __future__ import annotations

import types
import typing
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel


def strip(tp: Any) -> tuple[Any, list]:
    """Remove Annotated and Optional wrappers; return (type, metadata gathered on the way)."""
    meta: list = []
    while True:
        origin = get_origin(tp)
        if origin is typing.Annotated:
            args = get_args(tp)
            meta.extend(args[1:])
            tp = args[0]
            continue
        if origin in (Union, types.UnionType):
            members = [a for a in get_args(tp) if a is not type(None)]
            if len(members) == 1:
                tp = members[0]
                continue
        return tp, meta


def strip_type(tp: Any) -> Any:
    """The type without its Annotated and Optional wrappers."""
    return strip(tp)[0]


def is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)
