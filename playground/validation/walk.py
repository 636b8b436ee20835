"""The walk over the raw data with the model's types: unknown keys (with "did you mean") and the spec findings a type cannot hold."""
from __future__ import annotations

import difflib
import json
import threading
from typing import Any, get_origin

from playground.spec import limits
from playground.spec.fields import ModelSpec, TypeSpec, type_spec
from playground.validation.report import Issue, make_pointer, readable_key
from playground.spec.rules import RULES
from playground.validation.messages import _issue


# Keys the spec's own samples misspell: rule "spec-sample-typo" instead of a plain unknown-field.
SPEC_SAMPLE_TYPOS = {"properites": "properties"}
# What the server adds to an event (the response tables' "Generated server-side").
SERVER_KEYS = frozenset({"id", "created_at", "author_id"})
# The certain fix a spec finding carries (Issue.suggestion): the JSON text of the value to add.
_FINDING_SUGGESTIONS = {"recipients-default": json.dumps(limits.DEFAULT_RECIPIENTS)}


# ---------------------------------------------------------------------------------------------
# the walk: closures compiled from the field tree

def _expected_tags(node: TypeSpec | None) -> str:
    """"'a', 'b' or 'c'" for a discriminated union (pydantic leaves it out when the tag is missing)."""
    if node is None or not node.discriminator or node.kind != "union":
        return "the documented types"
    tags = [repr(t) for t in node.tags]
    return ", ".join(tags[:-1]) + " or " + tags[-1] if len(tags) > 1 else "".join(tags)


def _walk(data: Any, tp: Any, parts: tuple, mode: str, ctx: dict, out: list[Issue]) -> None:
    """Walk raw data along type `tp`: unknown keys and Model.spec_findings, appended to `out`."""
    w = _walker(type_spec(tp))
    if w is not None:
        w(data, parts, mode, ctx, out)


# The walk runs on every validation, over every node the models describe, so each node of the
# field tree is turned once into a small closure (its unknown-key set, its children's walkers,
# its union table): no lookups in the tree per value. None means "nothing to check below this type".
_WALKERS: dict = {}   # id(TypeSpec) -> (its walker, the node: kept alive, its id is the key)
_COMPILING = threading.RLock()   # sessions are threads: one compiles, the others wait for it


_PENDING: dict = {}   # id(TypeSpec) -> its stand-in while it compiles; seen only under _COMPILING


def _walker(node: TypeSpec):
    hit = _WALKERS.get(id(node))   # holds only finished walkers: another thread never sees a stand-in
    if hit is None:
        with _COMPILING:
            hit = _WALKERS.get(id(node))
            if hit is None:
                if id(node) in _PENDING:   # a type that refers to itself, met again while it compiles
                    return _PENDING[id(node)]

                def pending(*args):   # resolved once the compiled walker is in _WALKERS
                    w = _WALKERS[id(node)][0]
                    if w is not None:
                        w(*args)
                _PENDING[id(node)] = pending
                try:
                    hit = _WALKERS[id(node)] = (_compile_walker(node), node)
                finally:
                    del _PENDING[id(node)]
    return hit[0]


def _compile_walker(node: TypeSpec):
    if node.kind == "union":
        if node.discriminator:
            tag_of = node.tag
            table = {tag: _walker(m) for tag, m in node.tags.items()}

            def walk_tagged(data, parts, mode, ctx, out):
                if isinstance(data, dict):
                    tag = tag_of(data)
                    w = table.get(tag) if isinstance(tag, str) else None
                    if w is not None:
                        w(data, parts, mode, ctx, out)
            return walk_tagged
        # untagged: the first member of the data's JSON kind, as TypeSpec.member_for chooses
        choices = []
        for m in node.members:
            kind = (dict if m.kind == "model" or m.kind == "map" and get_origin(m.base) is dict
                    else list if m.kind == "array" and get_origin(m.base) is list else None)
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
    if node.kind == "model":
        return _model_walker(node.model)
    if node.kind == "array" and get_origin(node.base) is list:
        w_item = _walker(node.item) if node.item is not None else None
        if w_item is None:
            return None

        def walk_list(data, parts, mode, ctx, out):
            if isinstance(data, list):
                for i, x in enumerate(data):
                    w_item(x, parts + (i,), mode, ctx, out)
        return walk_list
    if node.kind == "map" and node.value is not None and node.value.kind in _NESTED:
        w_value = _walker(node.value)
        if w_value is not None:
            def walk_dict(data, parts, mode, ctx, out):
                if isinstance(data, dict):
                    for k, v in data.items():
                        w_value(v, parts + (k,), mode, ctx, out)
            return walk_dict
    return None


_NESTED = ("model", "array", "map", "union")   # the kinds of map values worth walking into


def _model_walker(ms: ModelSpec):
    known = ms.fields
    known_set = frozenset(known)
    findings = ms.findings
    children = [(key, w) for key, f in known.items() if (w := _walker(f.type)) is not None]
    below = ms.walk_context

    def walk_model(data, parts, mode, ctx, out):
        if not isinstance(data, dict):
            return
        if not known_set.issuperset(data):
            for key in data:
                if key not in known:
                    out.append(_unknown_key(key, ms, parts, ctx.get("suggest")))
        if findings is not None:
            for rel, rule, msg in findings(data, mode, ctx):
                out.append(_issue(rule, make_pointer(parts + rel), 0, 0, msg, spec=RULES[rule].spec,
                                  suggestion=_FINDING_SUGGESTIONS.get(rule)))
        if below:
            ctx = {**ctx, **below}
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


def _close_match(key: str, cls: type, known: dict, budget: list | None) -> str | None:
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


def _unknown_key(key: str, ms: ModelSpec, parts: tuple, budget: list | None = None) -> Issue:
    ptr = make_pointer(parts + (key,))
    cls, known, where = ms.cls, ms.fields, ms.label
    if key in SPEC_SAMPLE_TYPOS and SPEC_SAMPLE_TYPOS[key] in known:
        fix = SPEC_SAMPLE_TYPOS[key]
        return _issue("spec-sample-typo", ptr, 0, 0,
                      f"`{key}` is not a field of {where}: did you mean `{fix}`? The spec's own Chat and Chat "
                      f"summary samples spell it `{key}`, but its field table names it `{fix}`; the API reads "
                      f"`{fix}`.", spec=RULES["spec-sample-typo"].spec, suggestion=fix)
    if key in SERVER_KEYS and ms.role == "request":
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
