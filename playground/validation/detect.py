"""Detection from the fields a payload has: its structure, and the API version it was written for.

detect(data, version) names the structure, reading the fields of one version (events by their
`type`, as the version's Any-event union tells them apart; the others by their distinctive keys).

detect_version(data, structure, mode) reads the payload along the field tree of every version
(playground.spec.fields: which keys each model knows, which it requires, which values a Literal
allows) and counts what does not fit each one: a key the version does not know, a key it requires
that is missing, a value its Literal does not allow, a structure it does not have. The versions
with the fewest misfits (normally none) are the ones the payload fits; the reason names the keys
that set them apart, in the words of the versions' CHANGES ("has `recipients`, which v3.4 renamed
to `visibility`"). No field name is written here: every signal comes from the models.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from playground.spec import catalog
from playground.spec.catalog import DEFAULT_VERSION, STATUS, VERSIONS
from playground.spec.fields import TypeSpec, type_spec
from playground.validation.messages import _json_type


def _tried(version: str) -> str:
    known = catalog.structures(version)
    events = [t for t in _event_tags(version) if t in known]
    return ("events by \"type\" (" + ", ".join(events) + "), users by \"type\" (agent, customer), "
            + ", ".join(f"{name} ({how})" for name, how in _BY_KEYS_WORDS if name in known))


_BY_KEYS_WORDS = (
    ("chat_summaries", "a list, or \"chats_summary\""), ("chats_info", "a list, or \"chats_info\""),
    ("chat_summary", "\"last_thread_summary\" / \"last_event_per_type\""), ("chat_info", "\"last_thread_info\""),
    ("chat", "\"threads\""), ("thread", "\"active\" with \"events\", \"restricted_access\" or \"created_at\""),
    ("filled_form_fields", "\"fields\" with answers"), ("form_fields", "\"fields\" without answers"),
    ("cart_item", "\"variant_id\""), ("cart", "\"store_uuid\" / \"items\""),
    ("access", "\"group_ids\" or \"access\""), ("properties", "\"properties\""),
)


def _event_tags(version: str) -> dict:
    """tag -> member of the version's Any-event union (response): its tags name the event structures."""
    union = _event_union(version)
    return union.tags if union is not None else {}


def _event_union(version: str) -> TypeSpec | None:
    """The version's Any-event union (response), or None for a version without one."""
    own = catalog.structures(version)
    hit = _UNIONS.get(version)
    if hit is None or hit[1] is not own:   # (a version registered by a test replaces the dict)
        st = own.get("event")
        hit = _UNIONS[version] = (type_spec(st.response_model) if st is not None else None, own)
    return hit[0]


_UNIONS: dict = {}   # version -> (its Any-event union, the structures it was read from)


def _event_tag(data: dict, version: str, known: dict) -> str | None:
    """The event structure `data` is by its tag (the union's tag function reads more than `type`)."""
    union = _event_union(version)
    if union is None:   # a version without the Any-event union: events by their `type`
        t = data.get("type")
        return t if isinstance(t, str) and t in known and known[t].section == "Events" else None
    tag = union.tag(data)
    return tag if isinstance(tag, str) and tag in union.tags and tag in known else None


def detect(data: Any, version: str = DEFAULT_VERSION) -> tuple[str | None, str]:
    """(structure name or None, how it was detected — or, when None, what was tried), reading
    the fields of API `version` (UnknownVersion, a ValueError, when it is not known)."""
    known = catalog.structures(version)
    if isinstance(data, list):
        name = next((n for n in ("chat_summaries", "chats_info") if n in known), None)
        if all(isinstance(x, dict) for x in data):
            return _list_structure(data, version, known, name)
        return None, (f"The top level is an array of other values; only {name} and events are lists (of "
                      "objects). Every other structure is a JSON object {...}.")
    if not isinstance(data, dict):
        kind = _json_type(data)
        return None, (f"The top level is {kind}; every Agent Chat API structure is a JSON object {{...}} "
                      "(or, for a list of chats, a list of them).")
    found = _by_type(data, version, known) or _by_keys(data, version, known)
    if found is not None:
        return found
    keys = ", ".join(list(map(repr, data))[:6]) or "no keys"
    return None, (f"Could not tell which structure this is (it has {keys}). Tried: {_tried(version)}. "
                  "Pick the structure yourself (the structure picker, or --as NAME).")


def _list_structure(data: list, version: str, known: dict, summaries: str | None) -> tuple[str | None, str]:
    """An array of objects: a list of events when its items have an event's "type", else a list
    of chat summaries (an empty array too); items of both kinds: None, and what to do."""
    union = _event_union(version)
    tags = union.tags if union is not None else {}
    if not tags or not data or union.tag_of is None and not any("type" in x for x in data):
        return summaries, f"a JSON array: a list of {known[summaries].title.lower()}"   # the common case, at once
    events = [i for i, x in enumerate(data) if _event_tag(x, version, known) is not None
              or (isinstance(x.get("type"), str) and x.get("type") in tags)]
    if len(events) == len(data):
        return "events", 'a JSON array whose items have an event\'s "type": a list of events'
    if not events:
        return summaries, f"a JSON array: a list of {known[summaries].title.lower()}"
    others = [i for i in range(len(data)) if i not in set(events)]
    return None, (f"The top level is an array that mixes events (item{_items_words(events)} "
                  f"ha{'ve' if len(events) > 1 else 's'} an event's \"type\") and other objects "
                  f"(item{_items_words(others)}). A list of events holds only events (each with a \"type\" "
                  f"such as {', '.join(repr(t) for t in list(tags)[:3])}), a list of "
                  f"{known[summaries].title.lower()} only those; split the array, or pick the structure "
                  "yourself (the structure picker, or --as NAME).")


def _items_words(indexes: list[int]) -> str:
    shown = ", ".join(map(str, indexes[:5])) + (", ..." if len(indexes) > 5 else "")
    return ("s " if len(indexes) > 1 else " ") + shown


def _by_type(data: dict, version: str, known: dict) -> tuple[str, str] | None:
    t = data.get("type")
    tag = _event_tag(data, version, known)
    if tag is not None:
        if tag != t:   # a union chosen by a function (v3.6's Deleted event)
            return tag, f"by \"deleted\": true with only a {known[tag].title}'s fields"
        return tag, f'by "type": "{t}"'
    if t == "agent":
        if "permission" in data:
            return "my_profile", 'by "type": "agent" with "permission"'
        return "agent", 'by "type": "agent"'
    if t == "customer":
        return "customer", 'by "type": "customer"'
    return None


def _by_keys(data: dict, version: str, known: dict) -> tuple[str, str] | None:
    t = data.get("type")
    for name, key in (("chat_summaries", "chats_summary"), ("chats_info", "chats_info")):
        if name in known and key in data:
            return name, f'by "{key}" (a list_chats response)'
    if "chat_summary" in known and ("last_thread_summary" in data or "last_event_per_type" in data):
        return "chat_summary", 'by "last_thread_summary" / "last_event_per_type"'
    if "chat_info" in known and ("last_thread_info" in data or "last_event_per_type" in data):
        return "chat_info", 'by "last_thread_info" / "last_event_per_type"'
    if "threads" in data:
        return "chat", 'by "threads"'
    if "active" in data and ("events" in data or "restricted_access" in data or "created_at" in data):
        return "thread", 'by "active" with "events" / "created_at"'
    if isinstance(t, str) and ("id" in data or catalog.audience_field(version) in data or "custom_id" in data):
        return "event", f'by "type": "{t}" (not a known event type)'
    if "fields" in data:
        return _fields_structure(data, known)
    if "cart_item" in known and "variant_id" in data:
        return "cart_item", 'by "variant_id"'
    if "cart" in known and ("store_uuid" in data or isinstance(data.get("items"), list)):
        return "cart", 'by "store_uuid" / "items"'
    if "group_ids" in data or set(data) == {"access"}:
        return "access", 'by "group_ids"' if "group_ids" in data else 'by "access"'
    if set(data) == {"properties"}:
        return "properties", 'by "properties"'
    return None


def _fields_structure(data: dict, known: dict) -> tuple[str, str]:
    """filled_form_fields, or (from v3.3) form_fields: the one whose fields fit best."""
    if "form_fields" not in known:
        return "filled_form_fields", 'by "fields"'
    misfits = {name: len(misfits_of(data, known[name].response_model)) for name in ("filled_form_fields", "form_fields")}
    if misfits["form_fields"] < misfits["filled_form_fields"]:
        return "form_fields", 'by "fields" (fields without answers)'
    return "filled_form_fields", 'by "fields" (fields with answers)'


# ---------------------------------------------------------------------------------------------
# what does not fit a version's field tree

class Misfit(NamedTuple):
    """One thing in a payload a version's models do not take: kind "unknown" (a key the model
    does not know), "missing" (a key it requires), "value" (a value outside its Literal).
    A tuple: the sets that compare versions hash and compare thousands of them in C."""
    kind: str
    parts: tuple      # the place of the key (or the value) in the payload
    key: str
    value: Any = None

    def words(self) -> str:
        if self.kind == "value":
            return f"`{self.key}` {_json_value(self.value)}"
        return f"`{self.key}`"


def _json_value(v: Any) -> str:
    return f'"{v}"' if isinstance(v, str) else repr(v)


# Detection reads at most this many values (and unknown keys) of a payload per version: what
# sets the versions apart shows in the first events of a thread as well as in the ten-thousandth.
MAX_VALUES = 4000


def misfits_of(data: Any, tp: Any, limit: int = MAX_VALUES) -> list[tuple]:
    """What in `data` the type `tp` does not take (keys, required keys, Literal values), as
    (kind, parts, key, value) tuples: Misfit's fields (Misfit(*t) gives one)."""
    out: list = []   # plain tuples: a NamedTuple costs ~10x as much to make, and a payload may
    _misfits(data, type_spec(tp), (), out, [limit])   # hold 20 000 unknown keys
    return out


_WALKED = ("model", "union", "array", "map", "literal")   # the kinds a value can misfit below
_SHAPES: dict = {}   # id(ModelSpec) -> (key -> the field's TypeSpec, or None when nothing below it can misfit; required keys; the spec)


def _shape(ms) -> tuple[dict, tuple]:
    hit = _SHAPES.get(id(ms))
    if hit is None:
        below = {key: (f.type if f.type.kind in _WALKED else None) for key, f in ms.fields.items()}
        hit = _SHAPES[id(ms)] = (below, ms.required, ms)
    return hit[0], hit[1]


def _misfits(data: Any, node: TypeSpec, parts: tuple, out: list, budget: list) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        return
    kind = node.kind
    if kind == "union":
        member = node.member_for(data) if node.discriminator else node.likely_member(data)
        if member is None:
            tag = node.tag(data) if node.discriminator else None
            if isinstance(tag, str):
                out.append(("value", parts + (node.discriminator,), node.discriminator, tag))
            return
        _misfits(data, member, parts, out, budget)
    elif kind == "model" and isinstance(data, dict):
        below, required = _shape(node.model)
        for key, value in data.items():
            if key not in below:
                out.append(("unknown", parts + (key,), key, None))
                budget[0] -= 1   # 20 000 unknown keys: the first thousands tell as much
                if budget[0] < 0:
                    return
            elif value is not None and (value.__class__ in (dict, list, str)):
                child = below[key]
                if child is not None:
                    _misfits(value, child, parts + (key,), out, budget)
        for key in required:
            if key not in data:
                out.append(("missing", parts + (key,), key, None))
    elif kind == "array" and isinstance(data, list) and node.item is not None:
        item = node.item
        if item.kind in _WALKED:
            for i, x in enumerate(data):
                _misfits(x, item, parts + (i,), out, budget)
    elif kind == "map" and isinstance(data, dict) and node.value is not None and node.value.kind in _WALKED:
        for k, v in data.items():
            _misfits(v, node.value, parts + (k,), out, budget)
    elif kind == "literal" and isinstance(data, str) and node.choices and data not in node.choices \
            and all(isinstance(c, str) for c in node.choices):
        out.append(("value", parts, str(parts[-1]) if parts else "", data))


# ---------------------------------------------------------------------------------------------
# the version

DETECT = "detect"


@dataclass(frozen=True)
class VersionGuess:
    version: str                          # the version to check the payload as
    reason: str                           # why, for a person
    fits: tuple[str, ...]                 # every version the payload fits, oldest first
    structures: dict = field(default_factory=dict)   # version -> the structure found under it (or None)


def preferred(versions) -> str:
    """The version to check a payload as among those it fits: the stable one; else the legacy
    ones, newest first; else the preview; else the decommissioned ones, OLDEST first. A payload
    that fits only decommissioned versions uses nothing a later one added (v3.3 only adds to
    v3.2), so it was written for the oldest of them: the seed's v3.2 samples stay v3.2."""
    versions = [v for v in VERSIONS if v in versions] or list(VERSIONS)
    def rank(v: str) -> tuple:
        status, age = STATUS[v], VERSIONS.index(v)
        return (("stable", "legacy", "preview", "decommissioned").index(status),
                age if status == "decommissioned" else -age)
    return min(versions, key=rank)


def detect_version(data: Any, structure: str | None = None, mode: str = "response",
                   detect_in=None) -> VersionGuess:
    """The version a parsed payload fits best, why, and every version it fits (see the module).
    `detect_in(version)`, when given, is detect(data, version) remembered (core.Parsed.detect)."""
    found: dict[str, str | None] = {}
    misfits: dict[str, list[Misfit]] = {}
    seen: dict[int, list[Misfit]] = {}
    detect_in = detect_in or (lambda v: detect(data, v))
    for v in VERSIONS:
        known = catalog.checkable(v)
        name = (structure if structure in known else None) if structure is not None else detect_in(v)[0]
        found[v] = name
        if name is not None:
            model = known[name].model(mode)
            if id(model) not in seen:   # versions that share a model (v3.5 is v3.4's) share its misfits
                seen[id(model)] = misfits_of(_unwrapped(data, known[name]), model)
            misfits[v] = seen[id(model)]
    if not misfits:
        chosen = preferred(VERSIONS)
        return VersionGuess(chosen, f"no version knows this structure, so nothing tells the version; checked as "
                                    f"v{chosen} ({STATUS[chosen]})", (), found)
    # what no version takes (a typo, a field of the integrator's own) tells none of them apart
    common = set.intersection(*(set(m) for m in misfits.values()))
    # a bad value of a key that another version does not have at all: the key tells them apart
    keyed = {m[1] for ms in misfits.values() for m in ms if m[0] != "value"}
    misfits = {v: [m for m in ms if m not in common and not (m[0] == "value" and m[1] in keyed)]
               for v, ms in misfits.items()}
    least = min(len(m) for m in misfits.values())
    fits = tuple(v for v in VERSIONS if v in misfits and len(misfits[v]) == least)
    chosen = preferred(fits)
    evidence = _evidence(chosen, found, misfits)
    return VersionGuess(chosen, _reason(evidence, chosen, fits, least), fits, found)


def _unwrapped(data: Any, st) -> Any:
    """The structure inside the one key the spec's sample wraps it in ({"access": {...}})."""
    if st.wrapper and isinstance(data, dict) and set(data) == {st.wrapper}:
        return data[st.wrapper]
    return data


def _reason(evidence: list[str], chosen: str, fits: tuple, least: int) -> str:
    head = "; ".join(evidence[:3]) if evidence else "nothing in it tells the versions apart"
    fit_words = ("it fits " + _versions_words(fits) if least == 0
                 else f"no version takes all of it; it fits {_versions_words(fits)} best")
    if len(fits) == 1:
        return f"{head}; {fit_words}"
    return f"{head}; {fit_words}, checked as v{chosen} ({STATUS[chosen]})"


def _versions_words(versions) -> str:
    names = [f"v{v}" for v in versions]
    if len(names) == len(VERSIONS):
        return "every version"
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]


def _evidence(chosen: str, found: dict, misfits: dict) -> list[str]:
    """Phrases naming what sets `chosen` apart from the versions that do not fit as well."""
    out: list[str] = []
    name = found[chosen]
    without = [v for v in VERSIONS if found[v] != name]
    if without:
        out.append(_span_words(f"is a {catalog.get(chosen, name).title} (`{name}`)",
                               [v for v in VERSIONS if found[v] == name], None, name, VERSIONS))
    misfits = {v: [Misfit(*m) for m in ms] for v, ms in misfits.items()}   # few remain: the discriminating ones
    mine = set(misfits[chosen])
    alike = [v for v in VERSIONS if found[v] == name]   # read as the same structure: comparable
    seen: set = set()
    for v in alike:
        for m in misfits[v]:
            sig = (m.kind, m.key, m.value)
            if m in mine or sig in seen or m.kind == "missing":
                continue
            seen.add(sig)
            taking = [w for w in alike if m not in misfits[w]]
            out.append(_span_words("has " + m.words(), taking, m, name, alike))
    if not out:   # only required keys tell them apart
        for v in alike:
            for m in misfits[v]:
                if m.kind == "missing" and m not in mine and ("missing", m.key) not in seen:
                    seen.add(("missing", m.key))
                    out.append(f"lacks `{m.key}`, which v{v} requires")
    return out


def _span_words(what: str, taking: list[str], misfit: Misfit | None, structure: str, among) -> str:
    """"has `x`, introduced in v3.4" / "has `x`, which v3.6 renamed to `y`": from the versions
    that take the thing (out of `among`, the versions compared) and the CHANGES of the version
    where that starts or stops."""
    among = list(among)
    first, last = among.index(taking[0]), among.index(taking[-1])
    contiguous = len(taking) == last - first + 1
    if contiguous and last == len(among) - 1 and first > 0:
        change = change_of(among[first], new=misfit.key if misfit else structure)
        old = f" (it replaced `{change.old}`)" if change is not None and change.kind == "renamed" else ""
        return f"{what}, introduced in v{among[first]}{old}"
    if contiguous and first == 0 and last < len(among) - 1:
        after = among[last + 1]
        change = change_of(after, old=misfit.key if misfit else structure)
        if change is not None and change.kind == "renamed":
            return f"{what}, which v{after} renamed to `{change.new}`"
        if change is not None and change.kind == "removed":
            return f"{what}, which v{after} removed"
        return f"{what}, which v{after} no longer has"
    return f"{what}, known to " + _versions_words(taking) + " only"


@lru_cache(maxsize=4096)   # pure: the versions' CHANGES never change
def change_of(version: str, *, new: str | None = None, old: str | None = None):
    """The first Change of `version`'s CHANGES that brings the name `new` or takes `old` away."""
    for change in catalog.changes(version):
        if (new is not None and change.new == new and change.kind in ("renamed", "added")) or \
                (old is not None and change.old == old and change.kind in ("renamed", "removed")):
            return change
    return None
