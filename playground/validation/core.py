"""validate(text) -> Report: parse with positions, detect the structure, validate, explain.

Steps (DESIGN.md):
  1. bound and decode the input (size, binary, BOM, empty);
  2. json.loads (C speed); duplicate keys and NaN/Infinity are noticed during the parse;
  3. detect the structure (events by "type", others by their distinctive keys) unless given;
  4. validate with the structure's pydantic model (request or response);
  5. walk the raw data with the model's types: unknown keys (with "did you mean") and the spec's
     warnings that a type cannot hold (Model.spec_findings);
  6. only when there is something to report, scan the text once to map each JSON pointer to the
     1-based line:column of its key or value.
The API version chooses the models (playground.spec.catalog); an unknown version raises
UnknownVersion, a ValueError listing the known ones. Beyond that validate() never raises:
anything unexpected becomes an "internal" issue.
"""
from __future__ import annotations

import json
import json.decoder
import sys
import types
from dataclasses import dataclass, field
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import TypeAdapter, ValidationError

from playground.spec import limits
from playground.spec import catalog
from playground.spec.catalog import DEFAULT_VERSION, VERSIONS, Structure
from playground.validation.report import Issue, Report, make_pointer
from playground.validation.bounds import _decoder, _lone_surrogates, _long_number, _may_be_deep, _syntax_issue, _too_deep_offset, _too_large
from playground.validation.jsontext import (LONE_SURROGATE, SURROGATE_ESCAPE_BYTES, deeper_than,
                                           replace_lone_surrogates, split_pointer)
from playground.validation.crossversion import explain
from playground.validation.detect import DETECT, detect, detect_version, preferred
from playground.validation import modes
from playground.validation.messages import _issue, _json_type
from playground.validation.positions import _Locator, _PositionIndex, _line_col, _line_starts
from playground.validation.translate import _from_error
from playground.validation.walk import MAX_SUGGESTIONS, _walk


Mode = Literal["request", "response"]
MODES = ("request", "response")

def validate(text: str | bytes, structure: str | None = None, mode: str = "response",
             version: str = DEFAULT_VERSION) -> Report:
    """Validate one payload against the models of API `version`, or of the version its fields
    fit when version="detect" (the Report says which, why, and every version it fits). Never
    raises on any payload; raises UnknownVersion (a ValueError) when the version is neither
    "detect" nor one of catalog.VERSIONS. The default stays v3.2, the version every verdict of
    the playground's Python API was written against; the CLI and the editor default to "detect"."""
    if version != DETECT:
        catalog.check_version(version)
    detect_mode = mode == modes.DETECT          # the mode from the server's fields (modes.py)
    mode = mode if mode in MODES else "response"
    report = Report(structure=structure, detected_by="", mode=mode, data=None,
                    version=preferred(VERSIONS) if version == DETECT else version)
    try:
        if _known_structure(structure, version, report):
            parsed = parse(text)
            if detect_mode:
                mode = modes.assume(report, parsed.data, parsed.ok)
            check(parsed, structure, mode, version, report)
            if detect_mode:
                modes.explain(report)
    except Exception as exc:  # the last guard: a bug must still give a clear message
        report.issues.append(_issue("internal", "", 1, 1,
                                    f"The validator failed on this input ({type(exc).__name__}); "
                                    "this is a bug in the playground, not in your payload."))
    return report


def _known_structure(structure: str | None, version: str, report: Report) -> bool:
    """False (with a structure-name issue) when `structure` is a name the version does not have
    (under "detect": that no version has)."""
    if structure is None:
        return True
    known = catalog.checkable_names() if version == DETECT else tuple(catalog.checkable(version))
    if structure in known:
        return True
    report.issues.append(_issue("structure-name", "", 1, 1,
                                f"{structure!r} is not a structure the playground knows; use one of: "
                                + ", ".join(known) + "."))
    return False


def validate_data(data: Any, structure: str, mode: str = "response",
                  version: str = DEFAULT_VERSION) -> list[Issue]:
    """Validate already-parsed data as `structure` of API `version` (UnknownVersion if it is
    not known); issues carry pointers, line and column 0."""
    known = catalog.checkable(version)
    st = known.get(structure)
    if st is None:
        return [_issue("structure-name", "", 0, 0,
                       f"{structure!r} is not a structure the playground knows; use one of: "
                       + ", ".join(known) + ".")]
    issues: list[Issue] = []
    try:
        _check(data, st, mode, issues, positions=None)
    except Exception as exc:  # the same last guard as validate()
        issues.append(_issue("internal", "", 0, 0,
                             f"The validator failed on this data ({type(exc).__name__}); this is a bug in "
                             "the playground, not in your payload."))
    return issues


# ---------------------------------------------------------------------------------------------
# 1-2: input and parsing, once for every version that checks the text (versions.matrix)

@dataclass(eq=False)
class Parsed:
    """A text read once: what reading it found, the data, and the places of its values (built on
    first use and kept, so that checking it under several versions scans the text once)."""
    text: str = ""                 # the decoded text ("" when it could not be decoded)
    scanned: str = ""              # the text the positions are read from (a BOM made a space)
    issues: list = field(default_factory=list)   # what reading found (placed), before any model
    data: Any = None
    ok: bool = False               # the text was read: `data` holds the JSON
    surrogates: list = field(default_factory=list)   # lone surrogates (unplaced; every version)
    flags: dict = field(default_factory=dict)
    _locator: Any = None
    _index: Any = None
    _findings: list | None = None
    _detected: dict = field(default_factory=dict)   # version -> detect(data, version)
    _guesses: dict = field(default_factory=dict)    # (structure, mode) -> detect_version(...)

    def detect(self, version: str) -> tuple[str | None, str]:
        """detect(data, version), once per version (the matrix asks every version, twice)."""
        hit = self._detected.get(version)
        if hit is None:
            hit = self._detected[version] = detect(self.data, version)
        return hit

    def guess(self, structure: str | None, mode: str):
        """detect_version(data, structure, mode), once."""
        hit = self._guesses.get((structure, mode))
        if hit is None:
            hit = self._guesses[(structure, mode)] = detect_version(self.data, structure, mode, self.detect)
        return hit

    def place(self, issues: list[Issue]) -> list[Issue]:
        """The issues with their line:column, the JSON-level findings added, sorted."""
        flags = self.flags
        if flags.get("dup") or flags.get("const") or flags.get("huge"):
            issues = issues + self._json_findings()
            index = self._index
        elif issues:
            if self._locator is None:
                self._locator = _Locator(self.scanned, unique_keys=True, data=self.data)   # finds only the places the issues name
            index = self._locator
        else:
            return issues
        placed = [index.place(i) for i in issues]
        placed.sort(key=lambda i: (i.line, i.column, i.severity != "error"))
        return placed

    def _json_findings(self) -> list[Issue]:
        if self._findings is None:
            self._index = index = _PositionIndex(self.scanned, track_dups=self.flags["dup"], track_huge=self.flags["huge"])
            self._findings = _json_level_issues(index)
        return self._findings


def _json_level_issues(index: _PositionIndex) -> list[Issue]:
    out: list[Issue] = []
    for ptr, off in index.duplicates:
        line, col = index.line_col(off)
        key = split_pointer(ptr)[1]
        out.append(_issue("json-duplicate-key", ptr, line, col,
                          f"The key {key!r} appears more than once in this object; JSON parsers keep "
                          "the last one, so the earlier value is silently lost. Keep one."))
    for ptr, off in index.constants:
        line, col = index.line_col(off)
        out.append(_issue("json-nan", ptr, line, col,
                          "NaN, Infinity and -Infinity are not valid JSON numbers; the API rejects them. "
                          "Use a number or null."))
    for ptr, off in index.huge:
        line, col = index.line_col(off)
        out.append(_issue("json-nan", ptr, line, col,
                          "This number is beyond what a JSON number holds (about ±1.8e308, the largest "
                          "double), so it reads as Infinity, which the API rejects. Use a smaller number, "
                          "or write it as a string in double quotes."))
    return out


def parse(raw: str | bytes) -> Parsed:
    """Steps 1-2: bound, decode and parse the text (never raises on any input)."""
    parsed = Parsed()
    _parse(raw, parsed)
    return parsed


def _decoded(raw: str | bytes, add) -> tuple[str | None, bytes | None]:
    """Step 1, the bytes: size, binary, UTF-8. (The text, or None with the issue added; the text
    as UTF-8 when it came as bytes.)"""
    utf8: bytes | None = None   # the text as UTF-8: byte scans are fast whatever the characters
    if isinstance(raw, (bytes, bytearray, memoryview)):
        raw = utf8 = bytes(raw)
        if len(raw) > limits.MAX_INPUT_BYTES:
            add(_too_large(len(raw)))
            return None, None
        if b"\x00" in raw[:8192] or raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            add(_issue("json-binary", "", 1, 1,
                       "This looks like a binary file, not JSON text (it contains NUL bytes or is UTF-16). "
                       "Save the payload as UTF-8 JSON text."))
            return None, None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            head = raw[: e.start].decode("utf-8", "replace")
            line = head.count("\n") + 1
            col = len(head) - (head.rfind("\n") + 1) + 1
            add(_issue("json-binary", "", line, col,
                       f"Byte {e.start} (0x{raw[e.start]:02x}) is not valid UTF-8. JSON payloads must be "
                       "UTF-8 text; re-save the file as UTF-8."))
            return None, None
    else:
        text = str(raw)
        if len(text) > limits.MAX_INPUT_BYTES or (len(text) * 4 > limits.MAX_INPUT_BYTES
                                              and len(text.encode("utf-8", "surrogatepass")) > limits.MAX_INPUT_BYTES):
            add(_too_large(len(text.encode("utf-8", "surrogatepass"))))
            return None, None
    return text, utf8


_WHITESPACE = json.decoder.WHITESPACE.match


def _parse(raw: str | bytes, parsed: Parsed) -> None:
    add = parsed.issues.append
    text, utf8 = _decoded(raw, add)
    if text is None:
        return
    parsed.text = text

    if text.startswith("\ufeff"):
        add(_issue("json-bom", "", 1, 1,
                   "The text starts with a byte order mark (U+FEFF). JSON sent to the API must not; "
                   "remove it (save as UTF-8 without BOM). The rest was checked as if it were not there."))
        text = " " + text[1:]  # keep every later position where it is
    if not text or text.isspace():
        add(_issue("json-empty", "", 1, 1,
                   "The text is empty. Paste a payload, or load a sample to start from."))
        return
    half = -1   # offset of a lone surrogate (half a UTF-16 pair: no UTF-8 form), or -1
    if utf8 is None:
        try:
            utf8 = text.encode("utf-8")
        except UnicodeEncodeError as e:
            half = e.start
    if b"\x00" in utf8 if utf8 is not None else "\x00" in text:
        off = text.index("\x00")
        line, col = _line_col(_line_starts(text), off)
        add(_issue("json-binary", "", line, col,
                   "The text contains a NUL character, so it is binary data rather than JSON text."))
        return
    if half >= 0:
        m = LONE_SURROGATE.match(text, half)
        line, col = _line_col(_line_starts(text), half)
        add(_issue("json-binary", "", line, col,
                   f"Line {line}, column {col} holds U+{ord(m.group()):04X}, one half of a UTF-16 surrogate pair "
                   "without its other half: not a character, so the text cannot be written as UTF-8, which JSON "
                   "sent to the API must be. Delete it, or type the whole character again."))
        return

    decoder, flags = _decoder()
    flags["dup"] = flags["const"] = flags["huge"] = False
    try:   # decoder.decode(text), i.e. json.loads(text, object_pairs_hook=..., ...), inlined
        try:
            data, end = decoder.scan_once(text, _WHITESPACE(text, 0).end())
        except StopIteration as err:
            raise json.JSONDecodeError("Expecting value", text, err.value) from None
        end = _WHITESPACE(text, end).end()
        if end != len(text):
            raise json.JSONDecodeError("Extra data", text, end)
    except json.JSONDecodeError as e:
        add(_syntax_issue(text, e))
        return
    except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        long = _long_number(text)
        if long is None:
            raise
        line, col = _line_col(_line_starts(text), long.start())
        add(_issue("json-number-too-long", "", line, col,
                   f"This number has {len(long.group().lstrip('-')):,} digits; the playground reads integers of "
                   f"up to {sys.get_int_max_str_digits():,} digits, and no Agent Chat API field holds one "
                   "anywhere near that long. If it is an id, write it as a string in double quotes."))
        return
    except RecursionError:
        off = _too_deep_offset(text)
        line, col = _line_col(_line_starts(text), off)
        add(_issue("json-too-deep", "", line, col,
                   f"The JSON nests deeper than {limits.MAX_DEPTH} levels here; no Agent Chat API structure is "
                   "nested more than a few levels deep, so this cannot be a valid payload."))
        return

    if _may_be_deep(utf8) and deeper_than(data, limits.MAX_DEPTH):
        off = _too_deep_offset(text)   # the text scan only to place it
        if off >= 0:
            line, col = _line_col(_line_starts(text), off)
            add(_issue("json-too-deep", "", line, col,
                       f"The JSON nests deeper than {limits.MAX_DEPTH} levels here; no Agent Chat API structure is "
                       "nested more than a few levels deep, so this cannot be a valid payload."))
            return

    parsed.data, parsed.ok, parsed.flags, parsed.scanned = data, True, flags, text
    if b"\\" in utf8 and SURROGATE_ESCAPE_BYTES.search(utf8):   # one byte: memchr; two would be 100x slower
        parsed.surrogates = _lone_surrogates(data)


# ---------------------------------------------------------------------------------------------
# 3-6: the version, the structure, the models, the places

def check(parsed: Parsed, structure: str | None, mode: str, version: str, report: Report,
          shared: dict | None = None) -> None:
    """Check a parsed text under `version` (or the one detected) and fill `report`. `shared`
    (versions.matrix): the model's findings by model, for versions that share a model."""
    report.text, report.data = parsed.text, parsed.data
    report.issues.extend(parsed.issues)
    if not parsed.ok:
        if version == DETECT:
            report.version_detected = True
            report.version_reason = (f"the text could not be read as JSON, so nothing tells the version; "
                                     f"checked as v{report.version} ({catalog.STATUS[report.version]})")
        return
    data = parsed.data
    if version == DETECT:
        guess = parsed.guess(structure, mode)
        version = report.version = guess.version
        report.version_detected, report.version_reason, report.version_fits = True, guess.reason, guess.fits
    known = catalog.checkable(version)
    issues: list[Issue] = list(parsed.surrogates)

    # -- 3: detection
    if structure is None:
        structure, how = parsed.detect(version)
        report.detected_by = how
        if structure is None:
            objects = isinstance(data, dict) or bool(data) and isinstance(data, list) and all(isinstance(x, dict) for x in data)
            issues.append(_issue("structure-unknown" if objects else "json-not-object", "", 1, 1, how))
    else:
        report.detected_by = "chosen"
    report.structure = structure

    # -- 4-5
    if structure is not None:
        issues.extend(_model_issues(data, known[structure], mode, shared))
        issues = explain(issues, data, version, structure, _fits_of(report, parsed, mode))
    report.issues.extend(parsed.place(issues))


def _model_issues(data: Any, st: Structure, mode: str, shared: dict | None) -> list[Issue]:
    """Steps 4-5 for one structure; once per model when `shared` keeps them (v3.5 is v3.4's)."""
    key = (id(st.model(mode)), st.name, mode)
    if shared is not None and key in shared:
        return shared[key][0]
    found: list[Issue] = []
    _check(data, st, mode, found, positions=True)
    if shared is not None:
        shared[key] = (found, st)   # the structure keeps the model alive, so its id stays its own
    return found


def _fits_of(report: Report, parsed: Parsed, mode: str):
    """The versions the payload fits: the report's when detected, else detected on first need."""
    def fits() -> tuple[str, ...]:
        chosen = report.structure if report.detected_by == "chosen" else None
        return report.version_fits or parsed.guess(chosen, mode).fits
    return fits


# (version, structure name, mode, data is a list) -> (type, is it a list type, structure);
# typing's get_origin costs ~2 us on a model class, too much to ask on every call.
_RESOLVED: dict = {}


def _resolve(st: Structure, data: Any, mode: str) -> tuple[Any, bool]:
    key = (st.version, st.name, mode, isinstance(data, list))
    hit = _RESOLVED.get(key)
    if hit is None:
        tp = st.model(mode)
        if get_origin(tp) in (Union, types.UnionType):  # chat_summaries: list or list_chats object
            tp = next((m for m in get_args(tp) if (get_origin(m) is list) == key[3]), tp)
        hit = _RESOLVED[key] = (tp, get_origin(tp) is list, st)
    return hit[0], hit[1]


def _resolve_model(st: Structure, data: Any, mode: str) -> Any:
    return _resolve(st, data, mode)[0]


_ADAPTERS: dict = {}


def _adapter(tp: Any):
    key = id(tp)
    a = _ADAPTERS.get(key)
    if a is None:
        a = _ADAPTERS[key] = (TypeAdapter(tp), tp)
    return a[0]


def _check(data: Any, st: Structure, mode: str, issues: list[Issue], positions) -> None:
    prefix: tuple = ()
    target = data
    if st.wrapper and isinstance(data, dict) and set(data) == {st.wrapper}:
        prefix, target = (st.wrapper,), data[st.wrapper]
    tp, is_list = _resolve(st, target, mode)
    if is_list and not isinstance(target, list) or (not is_list and not isinstance(target, dict)):
        want = ("a list of objects or an object {...}" if get_origin(st.model(mode)) in (Union, types.UnionType)
                else "a list of objects" if is_list else "an object {...}")
        issues.append(_issue("json-not-object", make_pointer(prefix), 0, 0,
                             f"`{st.name}` ({st.title}) must be {want}, but this is {_json_type(target)}."))
        return
    try:
        _adapter(tp).validate_python(target)
    except ValidationError as exc:
        seen: set = set()
        errors = exc.errors(include_url=False)
        if any(e["type"] == "string_unicode" for e in errors):
            # A key holding half a surrogate pair stops pydantic before any other check: check
            # what the API reads instead (its decoder stores U+FFFD there).
            try:
                _adapter(tp).validate_python(replace_lone_surrogates(target))
                rest = []
            except ValidationError as again:
                rest = again.errors(include_url=False)
            errors = [e for e in errors if e["type"] == "string_unicode"] + rest
        for err in errors:
            if err["type"] == "string_unicode" and positions:
                continue   # validate() reports each lone surrogate at its place (_lone_surrogates)
            iss = _from_error(err, target, tp, prefix, st, mode)
            if iss is not None and (iss.pointer, iss.rule) not in seen:
                seen.add((iss.pointer, iss.rule))
                issues.append(iss)
    except RecursionError:
        issues.append(_issue("json-too-deep", make_pointer(prefix), 0, 0,
                             "This payload nests too deeply to validate."))
        return
    _walk(target, tp, prefix, mode, {"suggest": [MAX_SUGGESTIONS]}, issues)
