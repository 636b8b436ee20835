"""pydantic errors -> Issues: the place (JSON pointer) and a message for a person, keyed by error type."""
from __future__ import annotations

from typing import Any, get_origin

from playground.spec.catalog import Structure
from playground.spec.fields import TypeSpec, type_spec
from playground.validation.report import Issue, make_pointer, pointer_to_path
from playground.spec.rules import RULES
from playground.validation.bounds import _surrogate_issue
from playground.validation.messages import _JSON_TYPE_OF_ERROR, _cap, _issue, _json_type
from playground.validation.walk import _expected_tags


def _resolve_loc(loc: tuple, data: Any, tp: Any):
    """Follow a pydantic error loc through the field tree and the data:
    (pointer parts, the FieldSpec there, its owner's ModelSpec, the TypeSpec there)."""
    parts: list = []
    field = owner = None
    node: TypeSpec | None = type_spec(tp)
    cur = data
    for item in loc:
        here = node
        if node is not None and node.kind == "union":
            member = node.member_for(cur)
            if node.discriminator and member is not None:
                node = member  # item is the tag: not a key in the data
                continue
            if member is None or isinstance(item, str) and not (isinstance(cur, dict) and item in cur):
                node = member
                continue  # item names a union member ("str", "int", ...)
            here = member
        kind = here.kind if here is not None else "any"
        if kind == "model" and isinstance(item, str):
            ms = here.model
            f = ms.fields.get(item) or ms.by_name.get(item)
            if f is not None:
                field, owner, node = f, ms, f.type
                parts.append(f.key)
                cur = cur.get(f.key) if isinstance(cur, dict) else None
                continue
            parts.append(item)
            cur = cur.get(item) if isinstance(cur, dict) else None
            node = None
            continue
        if kind == "array" and get_origin(here.base) is list and isinstance(item, int):
            parts.append(item)
            cur = cur[item] if isinstance(cur, list) and 0 <= item < len(cur) else None
            node = here.item
            continue
        if kind == "map" and get_origin(here.base) is dict:
            parts.append(item)
            cur = cur.get(item) if isinstance(cur, dict) else None
            node = here.value
            continue
        if isinstance(cur, dict) and item in cur:
            parts.append(item)
            cur = cur[item]
            node = None
        elif isinstance(cur, list) and isinstance(item, int):
            parts.append(item)
            cur = cur[item] if 0 <= item < len(cur) else None
            node = None
        # anything else ("[key]", "function-after[...]") is not a place in the data
    return tuple(parts), field, owner, node


def _from_error(err: dict, data: Any, tp: Any, prefix: tuple, st: Structure, mode: str) -> Issue | None:
    etype = err["type"]
    parts, field, owner, tp_here = _resolve_loc(tuple(err["loc"]), data, tp)
    ptr = make_pointer(prefix + parts)
    ctx = err.get("ctx") or {}
    rule_of_field = field.rule if field is not None else None
    if rule_of_field is None and field is None and st.name == "properties":
        rule_of_field = "properties-shape"   # the bare Properties structure has no field to carry it
    # `name` is how the message names the place; a list item is `key[i]`, never a bare index.
    key = next((p for p in reversed(parts) if isinstance(p, str)), st.name)
    name = key + "".join(f"[{p}]" for p in parts[parts.index(key) + 1:]) if key in parts else key
    where = f" in {owner.label}" if owner is not None else ""
    note = field.note or None if field is not None else None
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
            and owner is not None and owner.role == "response" else ""
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
