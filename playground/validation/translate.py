"""pydantic errors -> Issues: the place (JSON pointer) and a message for a person, keyed by error type."""
from __future__ import annotations

import types
from typing import Any, Union, get_args, get_origin


from playground.spec.catalog import Structure
from playground.validation.report import Issue, make_pointer, pointer_to_path
from playground.spec.rules import RULES
from playground.spec.typeinfo import is_model as _is_model, unwrap as _unwrap
from playground.validation.bounds import _surrogate_issue
from playground.validation.messages import _JSON_TYPE_OF_ERROR, _cap, _issue, _json_type
from playground.validation.walk import _expected_tags, _field_type, _known_keys, _union_member


def _resolve_loc(loc: tuple, data: Any, tp: Any):
    """Follow a pydantic error loc through types and data: (pointer parts, field, owner model, type there)."""
    parts: list = []
    field = owner = None
    cur = data
    for item in loc:
        base, disc = _unwrap(tp)
        origin = get_origin(base)
        if origin in (Union, types.UnionType):
            member = _union_member(base, disc, cur)
            if disc and member is not None:
                tp = member  # item is the tag: not a key in the data
                continue
            if member is None or isinstance(item, str) and not (isinstance(cur, dict) and item in cur):
                tp = member if member is not None else Any
                continue  # item names a union member ("str", "int", ...)
            base, _ = _unwrap(member)
            origin = get_origin(base)
        if _is_model(base) and isinstance(item, str):
            known = _known_keys(base)
            hit = known.get(item) or next(((k, f) for k, (n, f) in known.items() if n == item), None)
            if hit is not None:
                key = item if item in known else hit[0]
                field, owner = (hit[1] if item in known else hit[1]), base
                if item not in known:
                    field = hit[1]
                tp = _field_type(field)
                parts.append(key)
                cur = cur.get(key) if isinstance(cur, dict) else None
                continue
            parts.append(item)
            cur = cur.get(item) if isinstance(cur, dict) else None
            tp = Any
            continue
        if origin is list and isinstance(item, int):
            parts.append(item)
            cur = cur[item] if isinstance(cur, list) and 0 <= item < len(cur) else None
            (tp,) = get_args(base) or (Any,)
            continue
        if origin is dict:
            parts.append(item)
            cur = cur.get(item) if isinstance(cur, dict) else None
            args = get_args(base)
            tp = args[1] if len(args) == 2 else Any
            continue
        if isinstance(cur, dict) and item in cur:
            parts.append(item)
            cur = cur[item]
            tp = Any
        elif isinstance(cur, list) and isinstance(item, int):
            parts.append(item)
            cur = cur[item] if 0 <= item < len(cur) else None
            tp = Any
        # anything else ("[key]", "function-after[...]") is not a place in the data
    return tuple(parts), field, owner, tp


def _from_error(err: dict, data: Any, tp: Any, prefix: tuple, st: Structure, mode: str) -> Issue | None:
    etype = err["type"]
    parts, field, owner, tp_here = _resolve_loc(tuple(err["loc"]), data, tp)
    ptr = make_pointer(prefix + parts)
    ctx = err.get("ctx") or {}
    rule_of_field = ((field.json_schema_extra or {}).get("x-rule") if field is not None
                     and isinstance(field.json_schema_extra, dict) else None)
    if rule_of_field is None and field is None and st.name == "properties":
        rule_of_field = "properties-shape"   # the bare Properties structure has no field to carry it
    # `name` is how the message names the place; a list item is `key[i]`, never a bare index.
    key = next((p for p in reversed(parts) if isinstance(p, str)), st.name)
    name = key + "".join(f"[{p}]" for p in parts[parts.index(key) + 1:]) if key in parts else key
    where = f" in {owner.kind_name()}" if owner is not None else ""
    note = field.description if field is not None else None
    spec_words = f"{key}: {note}" if note else None
    value = err.get("input")

    if etype == "string_unicode":   # a key holding half a surrogate pair; pydantic gives no place
        return _surrogate_issue(ptr, None, None)
    if etype in RULES:  # PydanticCustomError raised by a model: its type is the rule id
        target = _RULE_TARGET.get(etype)
        if target is not None:  # a model-level rule: point at the member it is about
            ptr = make_pointer(prefix + parts + target(ctx))
        msg = err["msg"]
        if etype in ("timestamp-utc-micro", "timestamp-rfc3339"):
            msg = f"`{name}` is {_json_type(value)}: {msg}"
        return _issue(etype, ptr, 0, 0, msg + ".", spec=RULES[etype].spec or spec_words)
    if etype == "missing":
        server = (" The server generates it in a response; if you are writing a request to send, switch "
                  "the mode to request.") if mode == "response" and name in ("id", "created_at", "author_id") \
            and owner is not None and owner.__name__.endswith("Response") else ""
        return _issue("required-field", ptr, 0, 0,
                      f"`{name}` is required{where} but is missing.{server}",
                      spec=f"{name}: Required: yes." + (f" {note}" if note else ""))
    if etype in ("union_tag_invalid", "union_tag_not_found"):
        tags = ctx.get("expected_tags") or _expected_tags(tp_here)
        rule = ("event-type" if "rich_message" in tags else "form-field-type" if "group_chooser" in tags
                else "user-type" if "customer" in tags else "enum-value")
        disc = str(ctx.get("discriminator", "type")).strip("'")
        tptr = make_pointer(prefix + parts + (disc,))
        if etype == "union_tag_not_found":
            return _issue("required-field", tptr, 0, 0,
                          f"`{disc}` is required here to tell what this is; expected one of {tags}.",
                          spec=RULES[rule].spec)
        tag = value.get(disc) if isinstance(value, dict) else ctx.get("tag")   # ctx holds str(tag)
        return _issue(rule, tptr, 0, 0, f"`{disc}` is {_json_type(tag)}, which is not one of {tags}.",
                      spec=RULES[rule].spec)
    if etype == "literal_error":
        rule = rule_of_field or "enum-value"
        return _issue(rule, ptr, 0, 0,
                      f"`{name}` must be one of {ctx.get('expected')}; got {_json_type(value)}.",
                      spec=RULES[rule].spec if RULES[rule].spec else spec_words)
    if etype == "too_long":
        rule = rule_of_field or "wrong-type"  # every limit in the models names its rule (tests check)
        n = len(value) if isinstance(value, (list, str)) else ctx.get("actual_length")
        return _issue(rule, ptr, 0, 0,
                      f"`{name}` has {n} items; the spec allows at most {ctx.get('max_length')}.",
                      spec=RULES[rule].spec or spec_words)
    if etype in ("greater_than_equal", "greater_than"):
        return _issue("wrong-type", ptr, 0, 0,
                      f"`{name}` must be {'at least' if etype.endswith('equal') else 'more than'} "
                      f"{ctx.get('ge', ctx.get('gt'))}; got {_json_type(value)}.", spec=spec_words)
    if etype in _JSON_TYPE_OF_ERROR:
        if rule_of_field == "properties-shape":
            return _issue("properties-shape", ptr, 0, 0,
                          f"`{pointer_to_path(ptr)}`{where} must be {_JSON_TYPE_OF_ERROR[etype]}; got {_json_type(value)}. "
                          "Properties map each namespace to an object of property names and values: "
                          "{\"namespace\": {\"name\": value}}.")
        if rule_of_field == "group-id-number":
            return _issue("group-id-number", ptr, 0, 0,
                          f"`{name}`{where} must be {_JSON_TYPE_OF_ERROR[etype]}; got {_json_type(value)}.")
        return _issue("wrong-type", ptr, 0, 0,
                      f"`{name}`{where} must be {_JSON_TYPE_OF_ERROR[etype]}; got {_json_type(value)}.",
                      spec=spec_words)
    return _issue("wrong-type", ptr, 0, 0, f"`{name}`{where}: {_cap(err['msg'])}.", spec=spec_words)


# Rules raised by a model validator concern one member of the object: the pointer names it
# (a missing member is placed at its parent object's position).
_RULE_TARGET = {
    "button-type-value-pair": lambda ctx: (ctx.get("lack", "value"),),
    "postback-type-value": lambda ctx: (ctx.get("lack", "value"),),
    "webview-height-required": lambda ctx: ("webview_height",),
    "sticker-image": lambda ctx: ("elements", 0, "image"),
}
