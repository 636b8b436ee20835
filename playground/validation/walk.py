"""The walk over the raw data with the model's types: unknown keys (with "did you mean") and the spec findings a type cannot hold."""
from __future__ import annotations

import difflib
import json
import json.decoder
import threading
import types
import typing
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from playground.spec import limits as L
from playground.validation.report import Issue, make_pointer, readable_key
from playground.spec.rules import RULES
from playground.spec.typeinfo import is_model as _is_model, unwrap as _unwrap
from playground.validation.messages import _issue


# Keys the spec's own samples misspell: rule "spec-sample-typo" instead of a plain unknown-field.
SPEC_SAMPLE_TYPOS = {"properites": "properties"}
# What the server adds to an event (the response tables' "Generated server-side").
SERVER_KEYS = frozenset({"id", "created_at", "author_id"})
# The certain fix a spec finding carries (Issue.suggestion): the JSON text of the value to add.
_FINDING_SUGGESTIONS = {"recipients-default": json.dumps(L.DEFAULT_RECIPIENTS)}


# ---------------------------------------------------------------------------------------------
# public API

_TAGS: dict = {}


def _tag_table(tp: Any, disc: str) -> dict:
    """tag value -> member model of a union discriminated by `disc`."""
    hit = _TAGS.get(id(tp))
    if hit is None:
        table = {}
        for mcls in get_args(tp):
            if _is_model(mcls):
                for tag in get_args(mcls.model_fields[disc].annotation):
                    table[tag] = mcls
        hit = _TAGS[id(tp)] = (table, tp)   # keep tp alive: its id is the key
    return hit[0]


def _expected_tags(tp: Any) -> str:
    """"'a', 'b' or 'c'" for the discriminated union `tp` (pydantic leaves it out when the tag is missing)."""
    base, disc = _unwrap(tp)
    if not disc or get_origin(base) not in (Union, types.UnionType):
        return "the documented types"
    tags = [repr(t) for t in _tag_table(base, disc)]
    return ", ".join(tags[:-1]) + " or " + tags[-1] if len(tags) > 1 else "".join(tags)


def _union_member(tp: Any, disc: str | None, data: Any) -> Any:
    members = [a for a in get_args(tp) if a is not type(None)]
    if disc:
        tag = data.get(disc) if isinstance(data, dict) else None
        return _tag_table(tp, disc).get(tag) if isinstance(tag, str) else None   # a tag may be [] or {}
    for mtp in members:
        base, _ = _unwrap(mtp)
        if _is_model(base) and isinstance(data, dict):
            return mtp
        if get_origin(base) is list and isinstance(data, list):
            return mtp
        if get_origin(base) is dict and isinstance(data, dict):
            return mtp
    return None


_KNOWN: dict = {}
_FIELD_TYPES: dict = {}


def _field_type(f: FieldInfo) -> Any:
    """A field's type, with the discriminator pydantic moved from Annotated onto the FieldInfo."""
    if not f.discriminator:
        return f.annotation
    t = _FIELD_TYPES.get(id(f))
    if t is None:
        from pydantic import Field
        t = _FIELD_TYPES[id(f)] = typing.Annotated[f.annotation, Field(discriminator=f.discriminator)]
    return t


def _known_keys(cls: type[BaseModel]) -> dict[str, tuple[str, FieldInfo]]:
    k = _KNOWN.get(cls)
    if k is None:
        k = _KNOWN[cls] = {(f.alias or n): (n, f) for n, f in cls.model_fields.items()}
    return k


def _walk(data: Any, tp: Any, parts: tuple, mode: str, ctx: dict, out: list[Issue]) -> None:
    """Walk raw data along type `tp`: unknown keys and Model.spec_findings, appended to `out`."""
    w = _walker(tp)
    if w is not None:
        w(data, parts, mode, ctx, out)


# The walk runs on every validation, over every node the models describe, so each type is
# turned once into a small closure (its unknown-key set, its children's walkers, its union
# table): no typing introspection per node. None means "nothing to check below this type".
_WALKERS: dict = {}
_COMPILING = threading.RLock()   # sessions are threads: one compiles, the others wait for it


def _walker(tp: Any):
    hit = _WALKERS.get(id(tp))
    if hit is None:
        with _COMPILING:
            hit = _WALKERS.get(id(tp))
            if hit is None:
                def pending(*args):   # a type that refers to itself: resolved once compiled
                    w = _WALKERS[id(tp)][0]
                    if w is not None and w is not pending:
                        w(*args)
                _WALKERS[id(tp)] = (pending, tp)
                hit = _WALKERS[id(tp)] = (_compile_walker(tp), tp)   # keep tp alive: its id is the key
    return hit[0]


def _compile_walker(tp: Any):
    base, disc = _unwrap(tp)
    origin = get_origin(base)
    if origin in (Union, types.UnionType):
        if disc:
            table = {tag: _walker(m) for tag, m in _tag_table(base, disc).items()}

            def walk_tagged(data, parts, mode, ctx, out):
                if isinstance(data, dict):
                    tag = data.get(disc)
                    w = table.get(tag) if isinstance(tag, str) else None
                    if w is not None:
                        w(data, parts, mode, ctx, out)
            return walk_tagged
        # untagged: the first member of the data's JSON kind, as _union_member chooses
        choices = []
        for m in get_args(base):
            b, _ = _unwrap(m)
            kind = dict if _is_model(b) or get_origin(b) is dict else list if get_origin(b) is list else None
            if kind is not None and all(k is not kind for k, _ in choices):
                choices.append((kind, _walker(m)))
        if all(w is None for _, w in choices):
            return None

        def walk_union(data, parts, mode, ctx, out):
            for kind, w in choices:
                if isinstance(data, kind):
                    if w is not None:
                        w(data, parts, mode, ctx, out)
                    return
        return walk_union
    if _is_model(base):
        return _model_walker(base)
    if origin is list:
        (item,) = get_args(base) or (Any,)
        w_item = _walker(item) if item is not Any else None
        if w_item is None:
            return None

        def walk_list(data, parts, mode, ctx, out):
            if isinstance(data, list):
                for i, x in enumerate(data):
                    w_item(x, parts + (i,), mode, ctx, out)
        return walk_list
    if origin is dict:
        args = get_args(base)
        if len(args) == 2 and args[1] is not Any:
            vt, _ = _unwrap(args[1])
            if _is_model(vt) or get_origin(vt) in (list, dict, Union, types.UnionType):
                w_value = _walker(args[1])
                if w_value is not None:
                    def walk_dict(data, parts, mode, ctx, out):
                        if isinstance(data, dict):
                            for k, v in data.items():
                                w_value(v, parts + (k,), mode, ctx, out)
                    return walk_dict
    return None


def _model_walker(cls: type[BaseModel]):
    from playground.spec.common import Model
    known = _known_keys(cls)
    known_set = frozenset(known)
    findings = getattr(cls, "spec_findings", None)
    if findings is not None and getattr(findings, "__func__", None) is Model.spec_findings.__func__:
        findings = None   # not overridden: yields nothing
    children = [(key, w) for key, (_, f) in known.items() if (w := _walker(_field_type(f))) is not None]
    last_event = cls.__name__ == "LastEvent"

    def walk_model(data, parts, mode, ctx, out):
        if not isinstance(data, dict):
            return
        if not known_set.issuperset(data):
            for key in data:
                if key not in known:
                    out.append(_unknown_key(key, cls, known, parts, ctx.get("suggest")))
        if findings is not None:
            for rel, rule, msg in findings(data, mode, ctx):
                out.append(_issue(rule, make_pointer(parts + rel), 0, 0, msg, spec=RULES[rule].spec,
                                  suggestion=_FINDING_SUGGESTIONS.get(rule)))
        if last_event:
            ctx = {**ctx, "in_last_event_per_type": True}
        for key, w in children:
            v = data.get(key)
            if v is not None:
                w(v, parts + (key,), mode, ctx, out)
    return walk_model


# "Did you mean" costs ~20 us a key (difflib). A payload may hold 200 000 unknown keys; past
# this many new ones in one validation the message lists the fields instead of guessing.
MAX_SUGGESTIONS = 1000
_CLOSE: dict = {}   # (model, key) -> the close field name or None; bounded, see _close_match
_NO = object()


def _close_match(key: str, cls: type[BaseModel], known: dict, budget: list | None) -> str | None:
    if len(key) >= 200:
        return None
    if budget is not None:     # charged for cached keys too: the message must not depend on
        if budget[0] <= 0:     # what this process (another user's session) validated before
            return None
        budget[0] -= 1
    hit = _CLOSE.get((cls, key), _NO)
    if hit is not _NO:
        return hit
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.7)
    if len(_CLOSE) >= 4096:
        _CLOSE.clear()
    hit = _CLOSE[(cls, key)] = close[0] if close else None
    return hit


def _unknown_key(key: str, cls: type[BaseModel], known: dict, parts: tuple, budget: list | None = None) -> Issue:
    ptr = make_pointer(parts + (key,))
    where = cls.kind_name()
    if key in SPEC_SAMPLE_TYPOS and SPEC_SAMPLE_TYPOS[key] in known:
        fix = SPEC_SAMPLE_TYPOS[key]
        return _issue("spec-sample-typo", ptr, 0, 0,
                      f"`{key}` is not a field of {where}: did you mean `{fix}`? The spec's own Chat and Chat "
                      f"summary samples spell it `{key}`, but its field table names it `{fix}`; the API reads "
                      f"`{fix}`.", spec=RULES["spec-sample-typo"].spec, suggestion=fix)
    if key in SERVER_KEYS and cls.__name__.endswith("Request"):
        return _issue("unknown-field", ptr, 0, 0,
                      f"`{key}` is generated by the server: it belongs to the {where} the API returns, not to "
                      "the request you send. Remove it from the request, or switch the mode to response if this "
                      "is an event you read back.")
    close = _close_match(key, cls, known, budget)
    shown = readable_key(key if len(key) <= 60 else key[:57] + "...")
    if close:
        msg = (f"`{shown}` is not a field of {where}: did you mean `{close}`? The key is kept, but the API "
               "does not know it.")
    else:
        msg = (f"`{shown}` is not a field of {where}; it is kept, but the API does not know it. Its fields are: "
               + ", ".join(f"`{k}`" for k in known) + ".")
    return _issue("unknown-field", ptr, 0, 0, msg, suggestion=close)


# -- pydantic errors -> issues ----------------------------------------------------------------
