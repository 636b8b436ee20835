"""Migration: a payload converted from one Agent Chat API version to another, up or down.

    m = migrate(text, "3.6")                    # the source version detected
    m = migrate(text, "3.2", source="3.7", structure="chat_info")
    m.text, m.source, m.target, m.structure, m.notes, m.changed, m.lacking

How: the versions between source and target are walked one step at a time; a step from vA to
the next vB reads vB's CHANGES (playground/spec/v3_X/__init__.py, records of
playground.spec.versioning.Change), forwards going up, backwards going down:

- a renamed field is renamed WHERE IT STANDS: only the key token changes, so keys keep their
  order and the text its formatting (whitespace, indentation, escapes, number spellings),
  as the quick fixes do. A rename that would create a duplicate key is not made (noted);
- a field, a value or a structure the target version lacks (added after it, or removed by
  it) is kept as written and LISTED in the notes with the changelog's words, never dropped;
- a structure renamed between versions (chat_summary -> chat_info in v3.7) is renamed too:
  `Migration.structure` is its name in the target version;
- unknown keys are never touched.

Where a change applies is read from the models: the payload is walked with the models of the
step's version (playground.spec.fields), and every object whose model is one of that version's
structures (an event inside a thread, a customer inside a chat's users) is an anchor for that
structure's changes, with the Change's path relative to it.

The source version, when not given, is validate()'s detection (version="detect"), which says
why in words that the first note quotes.

A text is migrated only when it is JSON that the validator reads; anything else (malformed,
too large, too deep, binary) gives a Migration with `problem` set, the text unchanged and a
note that says why. migrate() never raises on any text; it raises UnknownVersion (a
ValueError) for a version the catalog does not know, as validate() does.
"""
from __future__ import annotations

import json
import json.decoder
from dataclasses import dataclass, field
from typing import Any, Iterable

from playground.spec import catalog
from playground.spec.catalog import VERSIONS, check_version
from playground.spec.fields import type_spec
from playground.spec.typeinfo import is_model
from playground.spec.versioning import Change
from playground.validation import validate
from playground.validation.positions import _Locator
from playground.validation.report import Report, escape_token, pointer_to_path, unescape_token

from playground.spec import v3_2, v3_3, v3_4, v3_5, v3_6, v3_7

# version -> its CHANGES (what changed from the version before); the oldest has none.
_CHANGES: dict[str, tuple[Change, ...]] = {
    package.VERSION: tuple(getattr(package, "CHANGES", ())) for package in (v3_2, v3_3, v3_4, v3_5, v3_6, v3_7)}
MAX_LISTED = 8           # places named per note; more are counted ("and 40 more")


@dataclass(frozen=True)
class Migration:
    text: str                       # the migrated text (the input unchanged when nothing applies)
    source: str | None              # the version migrated from (detected when not given)
    target: str                     # the version migrated to
    notes: list[str]                # for a person: what was renamed, what the target lacks, ...
    changed: bool                   # the text differs from the input
    structure: str | None = None    # the structure's name in the target version
    source_structure: str | None = None   # its name in the source version
    lacking: tuple[str, ...] = ()   # paths (in the migrated text) of what the target lacks
    one_way: tuple[str, ...] = ()   # paths where migrating back would not restore the text
    problem: str | None = None      # why nothing could be migrated (not JSON, too large, ...)
    report: Report | None = field(default=None, compare=False, repr=False)   # the result validated
    #   under the target version (None when nothing could be migrated)


@dataclass
class _Lack:
    pointer: str
    change: Change
    version: str                    # the version whose CHANGES hold the change
    what: str                       # "field", "value" or "structure"


@dataclass
class _Step:
    """What one step did: renames (key pointer before, key pointer after) and what it found."""
    renames: list[tuple[str, str]] = field(default_factory=list)
    renamed: dict[tuple, list[str]] = field(default_factory=dict)     # (version, old, new, words) -> key pointers
    lacks: list[_Lack] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    one_way: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# the entry point

def migrate(text: str | bytes, target: str, source: str | None = None, structure: str | None = None,
            *, mode: str = "response") -> Migration:
    """`text` converted to API version `target` (from `source`, detected when None); `structure`
    is its name in any version (detected when None). Never raises on any text."""
    target = check_version(target)
    if source is not None:
        source = check_version(source)
    try:
        return _migrate(text, target, source, structure, mode)
    except Exception as exc:  # the last guard: a bug must still give a clear note
        shown = text if isinstance(text, str) else bytes(text).decode("utf-8", "replace")
        problem = (f"The migration failed on this input ({type(exc).__name__}); this is a bug in the "
                   "playground, not in your payload. The text is unchanged.")
        return Migration(shown, source, target, [problem], False, structure, structure, problem=problem)


def _migrate(text: str | bytes, target: str, source: str | None, structure: str | None,
             mode: str) -> Migration:
    notes: list[str] = []
    if source is None:
        source, report, why = detect_source(text, structure, mode)
        notes.append(why)
    else:
        report = _validated(text, structure, mode, source)
    original = report.text if report.text else (text if isinstance(text, str) else "")
    if report.data is None:
        problem = _unreadable(report)
        return Migration(original, source, target, [problem], False, structure, structure, problem=problem)
    name = name_in(source, structure) if structure is not None else report.structure
    if name is None:
        notes.append(f"The structure could not be detected under v{source} (name it with --as / structure=); "
                     "nothing was migrated.")
        return Migration(original, source, target, notes, False)
    if source == target:
        notes.append(f"The payload is already v{target}: nothing to change.")
        return Migration(original, source, target, notes, False, name, name, report=report)
    bom = "\ufeff" if original.startswith("\ufeff") else ""
    body, data, current = original[len(bom):], report.data, name
    lacks: list[_Lack] = []
    one_way: list[str] = []
    for older, newer, up in _steps(source, target):
        step = _step(body, data, current, mode, older, newer, up)
        body, escaped = _apply_renames(body, step.renames)
        step.one_way.extend(escaped)
        step.notes.extend(f"{path}: the key was written with escapes; its new name is written plainly, so "
                          "migrating back gives the old name written plainly." for path in escaped)
        lacks = _outermost([_Lack(_moved(lack.pointer, step.renames), lack.change, lack.version, lack.what)
                            for lack in lacks + step.lacks])
        notes.extend(_structure_note(current, newer, up))
        current = _structure_after(current, newer, up)
        notes.extend(_rename_notes(step, up))
        notes.extend(step.notes)
        one_way.extend(step.one_way)
        if step.renames:
            data = json.loads(body)
    notes.extend(_lack_notes(lacks, target))
    result = bom + body
    after = validate(result, current if current in catalog.structures(target) else None, mode, target)
    notes.extend(_verdict_notes(after, report, bool(lacks)))
    return Migration(result, source, target, notes, result != original, current, name,
                     tuple(pointer_to_path(lack.pointer) for lack in lacks), tuple(one_way), report=after)


def _unreadable(report: Report) -> str:
    first = report.errors[0] if report.errors else None
    where = f" (line {first.line}, column {first.column})" if first is not None and first.line else ""
    said = first.message if first is not None else "The text could not be read as JSON."
    return f"Not migrated: the text is not a JSON payload the playground can read{where}. {said}"


# ---------------------------------------------------------------------------------------------
# versions and structure names

def detect_source(text: str | bytes, structure: str | None, mode: str = "response") -> tuple[str, Report, str]:
    """(version, its report, a note for a person): validate()'s version detection (version=
    "detect": the version the payload's fields fit, the stable one first among several)."""
    detected = validate(text, None, mode, "detect")
    if structure is not None and detected.data is not None and \
            name_in(detected.version, structure) != detected.structure:   # detected as another structure
        detected = validate(text, structure, mode, "detect")
    version = detected.version if detected.version in VERSIONS else catalog.DEFAULT_VERSION
    if detected.data is None:
        return version, detected, ""
    reason = detected.version_reason or "the version it fits"
    return version, _validated(text, structure, mode, version), f"Source version detected: v{version} ({reason})."


def _validated(text: str | bytes, structure: str | None, mode: str, version: str) -> Report:
    """validate() under `version`, the structure named as that version names it (a name the
    detection gives in another version's naming is translated, and the text checked again)."""
    asked = name_in(version, structure)
    if asked not in catalog.structures(version):    # a structure this version lacks: parse only
        asked = None
    report = validate(text, asked, mode, version)
    named = name_in(version, report.structure)
    if asked is None and named != report.structure and report.data is not None:
        report = validate(text, named, mode, version)
    return report


def _renames_of_structures() -> dict[str, tuple[str, str]]:
    """version -> its structure renames as old name -> new name (Change with path "")."""
    out: dict[str, dict[str, str]] = {}
    for version, changes in _CHANGES.items():
        out[version] = {c.old: c.new for c in changes if c.kind == "renamed" and not c.path and c.old and c.new}
    return out


_STRUCTURE_RENAMES = _renames_of_structures()


def name_in(version: str, name: str | None) -> str | None:
    """A structure name given in any version's naming, as `version` calls it (chat_summary is
    chat_info in v3.7 and later); the name itself when no rename applies."""
    if name is None or name in catalog.structures(version):
        return name
    index = VERSIONS.index(version)
    forward, backward = name, name
    for v in VERSIONS[1:index + 1]:                      # renamed up to `version`
        forward = _STRUCTURE_RENAMES[v].get(forward, forward)
    for v in reversed(VERSIONS[index + 1:]):             # renamed after `version`: undo
        backward = {new: old for old, new in _STRUCTURE_RENAMES[v].items()}.get(backward, backward)
    for candidate in (forward, backward):
        if candidate in catalog.structures(version):
            return candidate
    return name


def _structure_after(name: str, newer: str, up: bool) -> str:
    renames = _STRUCTURE_RENAMES[newer]
    if up:
        return renames.get(name, name)
    return {new: old for old, new in renames.items()}.get(name, name)


def _steps(source: str, target: str) -> list[tuple[str, str, bool]]:
    """(older, newer, going up) for each adjacent pair of versions between source and target."""
    a, b = VERSIONS.index(source), VERSIONS.index(target)
    if a < b:
        return [(VERSIONS[i], VERSIONS[i + 1], True) for i in range(a, b)]
    return [(VERSIONS[i - 1], VERSIONS[i], False) for i in range(a, b, -1)]


# ---------------------------------------------------------------------------------------------
# one step

def _step(text: str, data: Any, name: str, mode: str, older: str, newer: str, up: bool) -> _Step:
    """The edits and findings of one step between adjacent versions, read on `data` (the text
    parsed) with the models of the step's current version (older going up, newer going down)."""
    current = older if up else newer
    to_new = _STRUCTURE_RENAMES[newer] if up else {}
    step = _Step()
    edits: dict[str, tuple[str, str, Change]] = {}
    for pointer, value, anchor in _anchors(data, current, name, mode):
        anchor = to_new.get(anchor, anchor)          # the structure's name in the newer version
        for change in _CHANGES[newer]:
            if change.structure == anchor:
                _apply(change, pointer, value, newer, up, step, edits)
    for key_pointer, (old, new, change) in edits.items():
        parent = key_pointer.rpartition("/")[0]
        step.renames.append((key_pointer, parent + "/" + escape_token(new)))
        step.renamed.setdefault((newer, old, new, change.words), []).append(key_pointer)
    return step


def _apply(change: Change, pointer: str, value: Any, newer: str, up: bool, step: _Step,
           edits: dict) -> None:
    """What one Change does at one anchor (the object at `pointer`, of the change's structure)."""
    if not change.path:
        if change.kind == "added" and not up:
            step.lacks.append(_Lack(pointer, change, newer, "structure"))
        return
    *parents, last = change.path.split(".")
    last = last.removesuffix("[]")
    for where, obj in _parents(value, pointer, parents):
        if change.kind == "renamed" and change.old and change.new:
            old, new = (change.old, change.new) if up else (change.new, change.old)
            _rename(where, obj, old, new, change, newer, up, step, edits)
        elif change.kind == "added" and not up:
            if last == change.new and last in obj:
                step.lacks.append(_Lack(where + "/" + escape_token(last), change, newer, "field"))
            elif last != change.new and obj.get(last) == change.new:
                step.lacks.append(_Lack(where + "/" + escape_token(last), change, newer, "value"))
        elif change.kind == "removed" and up and change.old and change.old in obj:
            step.lacks.append(_Lack(where + "/" + escape_token(change.old), change, newer, "field"))


def _rename(where: str, obj: dict, old: str, new: str, change: Change, newer: str, up: bool,
            step: _Step, edits: dict) -> None:
    at = pointer_to_path(where + "/" + escape_token(old))
    if old in obj and new in obj:
        step.notes.append(f"{at} is not renamed to `{new}`: the object already has `{new}` "
                          "(a rename would make a duplicate key). Keep one of the two.")
    elif old in obj:
        edits.setdefault(where + "/" + escape_token(old), (old, new, change))
    elif new in obj:
        shown = pointer_to_path(where + "/" + escape_token(new))
        older = _previous(newer)
        back = f"back to v{older} or older" if up else f"back up to v{newer} or newer"
        step.one_way.append(shown)
        step.notes.append(f"{shown} is kept as written: it is the v{newer if up else older} name of `{old}`, "
                          f"so migrating {back} would rename it to `{old}`.")


def _previous(version: str) -> str:
    return VERSIONS[VERSIONS.index(version) - 1]


def _parents(value: Any, pointer: str, segments: list[str]) -> list[tuple[str, dict]]:
    """(pointer, object) of every object the path's segments lead to ("elements[]" = each item)."""
    found = [(pointer, value)]
    for segment in segments:
        each = segment.endswith("[]")
        key = segment.removesuffix("[]")
        nxt = []
        for where, obj in found:
            if not isinstance(obj, dict) or key not in obj:
                continue
            inner, at = obj[key], where + "/" + escape_token(key)
            if each and isinstance(inner, list):
                nxt.extend((f"{at}/{i}", item) for i, item in enumerate(inner))
            elif not each:
                nxt.append((at, inner))
        found = nxt
    return [(where, obj) for where, obj in found if isinstance(obj, dict)]


# ---------------------------------------------------------------------------------------------
# where the structures are: the payload walked with a version's models

_CLASS_NAMES: dict[tuple[str, str], dict[type, str]] = {}


def _class_names(version: str, mode: str) -> dict[type, str]:
    """model class -> structure name, for the structures of `version` that are one model."""
    key = (version, mode)
    if key not in _CLASS_NAMES:
        table: dict[type, str] = {}
        for name, st in catalog.structures(version).items():
            model = st.model(mode)
            if is_model(model):
                table.setdefault(model, name)
        _CLASS_NAMES[key] = table
    return _CLASS_NAMES[key]


def _structure_of(cls: type, names: dict[type, str]) -> str | None:
    """The structure a model class is, or derives from (a relaxed event is its event)."""
    return next((names[klass] for klass in getattr(cls, "__mro__", ()) if klass in names), None)


def _anchors(data: Any, version: str, name: str, mode: str) -> list[tuple[str, Any, str]]:
    """(pointer, value, structure name) of the payload's root and of every object inside it
    whose model is a structure of `version`, in the order of the text."""
    st = catalog.structures(version).get(name)
    root_pointer, root = "", data
    if st is not None and st.wrapper and isinstance(data, dict) and set(data) == {st.wrapper}:
        root_pointer, root = "/" + escape_token(st.wrapper), data[st.wrapper]
    out = [(root_pointer, root, name)]
    if st is None:
        return out
    names = _class_names(version, mode)
    stack = [(type_spec(st.model(mode)), root, root_pointer)]
    while stack:
        node, value, pointer = stack.pop()
        member = node.likely_member(value)
        if member is None:
            continue
        children: list[tuple[Any, Any, str]] = []
        if member.kind == "model" and isinstance(value, dict):
            found = _structure_of(member.base, names)
            if found is not None and (pointer, found) != (root_pointer, name):
                out.append((pointer, value, found))
            for key, item in value.items():
                spec = member.model.fields.get(key)
                if spec is not None:
                    children.append((spec.type, item, pointer + "/" + escape_token(key)))
        elif member.kind == "map" and isinstance(value, dict) and member.value is not None:
            children = [(member.value, item, pointer + "/" + escape_token(key)) for key, item in value.items()]
        elif member.kind == "array" and isinstance(value, list) and member.item is not None:
            children = [(member.item, item, f"{pointer}/{i}") for i, item in enumerate(value)]
        stack.extend(child for child in reversed(children) if isinstance(child[1], (dict, list)))
    return out


# ---------------------------------------------------------------------------------------------
# the text

def _apply_renames(text: str, renames: list[tuple[str, str]]) -> tuple[str, list[str]]:
    """The text with each key (by its pointer) renamed in place, every other byte unchanged; and
    the paths of the keys that were written with escapes (the new key is written plainly)."""
    if not renames:
        return text, []
    locator = _Locator(text)
    spans, escaped = [], []
    for before, after in renames:
        start = locator.offset(before, prefer_key=True)
        old = unescape_token(before.rpartition("/")[2])
        if text[start:start + 1] != '"':
            continue
        key, end = json.decoder.scanstring(text, start + 1)
        if key == old:        # the key itself (a missing member would point at its parent)
            spans.append((start, end, unescape_token(after.rpartition("/")[2])))
            if text[start:end] != json.dumps(old, ensure_ascii=False):
                escaped.append(pointer_to_path(after))
    out, last = [], len(text)
    for start, end, new in sorted(spans, reverse=True):
        out.append(text[end:last])
        out.append(json.dumps(new, ensure_ascii=False))
        last = start
    out.append(text[:last])
    return "".join(reversed(out)), escaped


def _moved(pointer: str, renames: list[tuple[str, str]]) -> str:
    """A pointer of the text before a step's renames, in the text after them."""
    for before, after in sorted(renames, key=lambda r: -r[0].count("/")):
        if pointer == before or pointer.startswith(before + "/"):
            pointer = after + pointer[len(before):]
    return pointer


# ---------------------------------------------------------------------------------------------
# notes

def _listed(paths: Iterable[str]) -> str:
    paths = list(dict.fromkeys(paths))
    shown = ", ".join(paths[:MAX_LISTED])
    return shown + (f" and {len(paths) - MAX_LISTED} more" if len(paths) > MAX_LISTED else "")


def _rename_notes(step: _Step, up: bool) -> list[str]:
    """One note per rename of the step, naming the places in the text after the step."""
    out = []
    for (version, old, new, words), pointers in step.renamed.items():
        how = "renamed in" if up else "renamed back: the rename is from"
        paths = [pointer_to_path(_moved(p, step.renames)) for p in pointers]
        out.append(f"`{old}` -> `{new}` ({how} v{version}: {words}): {_listed(paths)}")
    return out


def _structure_note(name: str, newer: str, up: bool) -> list[str]:
    """A note when the structure itself is called otherwise after this step."""
    after = _structure_after(name, newer, up)
    if after == name:
        return []
    words = next((c.words for c in _CHANGES[newer] if not c.path and c.kind == "renamed"
                  and {c.old, c.new} == {name, after}), "")
    older = _previous(newer)
    return [f"The structure `{name}` is called `{after}` in v{newer if up else older} "
            f"(renamed in v{newer}: {words})."]


def _outermost(lacks: list[_Lack]) -> list[_Lack]:
    """The lacks that are not inside another one (a cart inside `carts` is listed with `carts`)."""
    pointers = {lack.pointer for lack in lacks}
    return [lack for lack in lacks
            if not any(lack.pointer.startswith(p + "/") for p in pointers if p != lack.pointer)]


def _lack_notes(lacks: list[_Lack], target: str) -> list[str]:
    groups: dict[tuple, list[str]] = {}
    for lack in lacks:
        groups.setdefault((lack.version, lack.change, lack.what), []).append(pointer_to_path(lack.pointer))
    out = []
    for (version, change, what), paths in groups.items():
        how = "removed" if change.kind == "removed" else "added"
        why = f"{how} in v{version}: {change.words}"
        places = _listed(paths)
        verb = "has" if len(set(paths)) == 1 else "have"
        if what == "structure":
            out.append(f"{places}: `{change.new}` {verb} no place in v{target} ({why}); it is kept as written, "
                       f"and v{target} has no such structure to check it against.")
        elif what == "value":
            out.append(f"{places}: the value `{change.new}` {verb} no place in v{target} ({why}); it is kept, "
                       f"and v{target} will report it as a value it does not allow.")
        else:
            out.append(f"{places} {verb} no place in v{target} ({why}); it is kept, and v{target} will "
                       "report it as an unknown field.")
    return out


def _verdict_notes(after: Report, before: Report, lacking: bool) -> list[str]:
    """What the target version says of the migrated text, when it finds errors."""
    errors = after.errors
    if not errors:
        return []
    shown = "; ".join(f"{pointer_to_path(i.pointer)}: {i.message}" for i in errors[:3])
    more = f"; and {len(errors) - 3} more" if len(errors) > 3 else ""
    if before.errors:
        had = f"the v{before.version} text had {len(before.errors)}"
    elif lacking:
        had = f"the v{before.version} text had none; see what v{after.version} lacks, above"
    else:
        had = f"the v{before.version} text had none: v{after.version} requires what v{before.version} did not"

    return [f"Under v{after.version} the migrated payload has {len(errors)} error(s) ({had}): {shown}{more}"]
