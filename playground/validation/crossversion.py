"""Messages that name another version: when a key is unknown or missing under the chosen version
because the payload was written for another one.

    `recipients` is missing; this payload has `visibility`, which replaced `recipients` in v3.4.
    `visibility` is not a field of Message in v3.2; it replaced `recipients` in v3.4.

Read from the versions' CHANGES (playground.spec.catalog.changes): a rename or an addition of a
later version explains a key the chosen version does not know; a rename or a removal of the
chosen version (or an earlier one) explains an old key. Nothing here names a field.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable

from playground.spec import catalog
from playground.spec.catalog import VERSIONS
from playground.validation.jsontext import resolve
from playground.validation.report import Issue, unescape_token

# The model's label in walk._unknown_key's message ("`x` is not a field of Message: ...").
_WHERE = re.compile(r"is not a field of (.+?)[:;] ")
# Rules that say a key is missing from the object their pointer names (not from its parent).
_AUDIENCE_MISSING = ("recipients-missing-response", "recipients-default")


def _index() -> tuple[dict, dict]:
    """name -> [(version index, Change)] of the changes that bring the name, and of those that
    take it away (a rename's old name, a removal's), oldest first."""
    by_new: dict = {}
    by_old: dict = {}
    for i, v in enumerate(VERSIONS):
        for c in catalog.changes(v):
            if c.new is not None and c.kind in ("renamed", "added"):
                by_new.setdefault(c.new, []).append((i, c))
            if c.old is not None and c.kind in ("renamed", "removed"):
                by_old.setdefault(c.old, []).append((i, c))
    return by_new, by_old


_BY_NEW, _BY_OLD = _index()


@lru_cache(maxsize=4096)   # pure: the versions' CHANGES never change
def _later(version: str, structure: str | None, *, new: str | None = None, old: str | None = None):
    """The change of a version after `version` that brings `new` (or renames `old` away): a rename first,
    the report's structure first."""
    after = VERSIONS.index(version)
    found = [(VERSIONS[i], c) for i, c in _BY_NEW.get(new, ()) if i > after] if new is not None else \
        [(VERSIONS[i], c) for i, c in _BY_OLD.get(old, ()) if i > after and c.kind == "renamed"]
    return _best(found, structure)


@lru_cache(maxsize=4096)
def _earlier(version: str, structure: str | None, *, new: str | None = None, old: str | None = None):
    """The change of `version` or one before it that renamed or removed `old` (or renamed to `new`)."""
    upto = VERSIONS.index(version)
    found = [(VERSIONS[i], c) for i, c in _BY_OLD.get(old, ()) if i <= upto] if old is not None else \
        [(VERSIONS[i], c) for i, c in _BY_NEW.get(new, ()) if i <= upto and c.kind == "renamed"]
    return _best(found, structure)


def _best(found: list, structure: str | None):
    if not found:
        return None
    return min(found, key=lambda vc: (vc[1].kind != "renamed", vc[1].structure != structure))


def explain(issues: list[Issue], data: Any, version: str, structure: str | None,
            fits: Callable[[], tuple[str, ...]]) -> list[Issue]:
    """The issues, those a key of another version explains said so (see the module). `fits` gives
    the versions the payload fits (called only when a message needs them)."""
    if version not in VERSIONS:   # a version registered for a test only: no CHANGES to read
        return issues
    out = []
    for issue in issues:
        note = None
        if issue.rule == "unknown-field" and issue.pointer:
            parent, _, key = issue.pointer.rpartition("/")
            key = unescape_token(key)
            if key not in _BY_NEW and key not in _BY_OLD:   # no version has it: nothing to say
                out.append(issue)
                continue
            where = _WHERE.search(issue.message)
            note = _unknown(key, version, structure, fits, where.group(1) if where else None)
            if note is not None:
                issue = Issue(issue.severity, issue.pointer, issue.line, issue.column, issue.rule, note[0],
                              issue.spec, note[1] or issue.suggestion)   # dataclasses.replace is 5x slower
                note = None
        elif issue.rule == "required-field" and issue.pointer:
            parent, _, key = issue.pointer.rpartition("/")
            note = _missing(unescape_token(key), resolve(data, parent)[1], version, structure, fits)
        elif issue.rule in _AUDIENCE_MISSING:
            note = _missing(catalog.audience_field(version), resolve(data, issue.pointer)[1], version, structure, fits)
        if note:
            issue = Issue(issue.severity, issue.pointer, issue.line, issue.column, issue.rule,
                          issue.message.rstrip() + " " + note, issue.spec, issue.suggestion)
        out.append(issue)
    return out


def _fit_words(fits: Callable[[], tuple[str, ...]], version: str) -> str:
    others = [v for v in fits() if v != version]
    if not others:
        return ""
    names = [f"v{v}" for v in others]
    listed = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
    return f" It fits {listed} (choose {'it' if len(names) == 1 else 'one'}, or Detect)."


def _unknown(key: str, version: str, structure: str | None, fits, where: str | None) -> tuple[str, str | None] | None:
    """(message, key to rename to) for a key the version does not know but another version has."""
    head = f"`{key}` is not a field of {where or _title(structure, version)} in v{version}"
    later = _later(version, structure, new=key)
    if later is not None:
        v, c = later
        if c.kind == "renamed":
            return (f"{head}; it replaced `{c.old}` in v{v}. Rename it to `{c.old}` for v{version}."
                    + _fit_words(fits, version), c.old)
        return f"{head}; it was introduced in v{v}." + _fit_words(fits, version), None
    earlier = _earlier(version, structure, old=key)
    if earlier is not None:
        v, c = earlier
        if c.kind == "renamed":
            return (f"{head}; v{v} renamed it to `{c.new}`. Rename it to `{c.new}`." + _fit_words(fits, version),
                    c.new)
        return f"{head}; v{v} removed it." + _fit_words(fits, version), None
    return None


def _missing(key: str, obj: Any, version: str, structure: str | None, fits) -> str | None:
    """The sentence saying the object has the other version's name of a missing key."""
    if not isinstance(obj, dict):
        return None
    later = _later(version, structure, old=key)
    if later is not None and later[1].new in obj:
        v, c = later
        return f"This payload has `{c.new}`, which replaced `{key}` in v{v}." + _fit_words(fits, version)
    earlier = _earlier(version, structure, new=key)
    if earlier is not None and earlier[1].old in obj:
        v, c = earlier
        return f"This payload has `{c.old}`, which v{v} renamed to `{key}`." + _fit_words(fits, version)
    return None


def _title(structure: str | None, version: str) -> str:
    st = catalog.checkable(version).get(structure) if structure else None
    return st.title if st is not None else "this object"
