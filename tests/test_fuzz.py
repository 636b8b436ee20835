"""Hostile input through every door: one hypothesis fuzz test and one big-hitter test per door.

A door is the chain of pure functions a page (or the command line) runs on one input, end to
end:

- editor:     validate(text) -> field guide -> quick fixes (computed and applied) -> preview
              -> Format / Minify -> share link of the text;
- upload:     validate(bytes), then the editor page's own decoding (UTF-8, BOM removed) -> editor;
- share link: sharelink.decode(query params) of arbitrary / corrupted / forged params -> editor;
- composers:  compose.load(text) -> layout, validation, issues at fields, preview -> edits ->
              dump (which must stay valid JSON that reads back as the document);
- tables:     tables.load_texts(texts or bytes) -> build_table -> filter, CSV, chart data,
              drill-down frames and previews;
- CLI:        python -m playground validate, in process (main()), on a temp file and on stdin.

Every input must end, within TIME_BUDGET (2 s of time.perf_counter per door), in either a result
or a clear message (non-empty, with a place where there is one, displayable by Streamlit), and
never raise. An input over the budget is run once more and fails when it is over again (see
_hostile.within_budget): a busy machine can stall one run, slow code is slow twice.

Counts: FUZZ_EXAMPLES per door (default 150, so this file runs in about a minute in `make
test`; `make fuzz` sets 10 000). The big hitters (tests/_hostile.py) run once per door as plain
parametrized tests: hypothesis would shrink and repeat them slowly.
"""
from __future__ import annotations

import io
import json
import os
import re
import sys
import tempfile
import types
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playground import STRUCTURES, validate
from playground.spec import catalog
from playground.authoring import compose
from playground.validation import jsontext
from playground.authoring import sharelink
from playground.spec import limits as L
from playground.presentation import tables as T
from playground.__main__ import main as cli_main
from playground.teaching.fieldguide import guide_for_report
from playground.authoring.fixes import FixError, apply_all, apply_fix, fixes_for
from playground.presentation.preview import render
from playground.spec.rules import RULES

from _hostile import (BIG_HITTER_IDS, BIG_HITTERS, HOSTILE_TOKENS, SAMPLE_TEXTS, WEIRD_TEXT, Clock,
                      as_browser_sends, displayable, encodable, forged_token, hostile_bytes, hostile_payloads,
                      hostile_texts, within_budget)
from tests.presentation.test_xss import audit

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="FUZZ_EXAMPLES" not in os.environ,
                database=None if "FUZZ_EXAMPLES" not in os.environ else settings.default.database,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much, HealthCheck.large_base_example])
BASE_URL = "http://localhost:8501/"
STRUCTURE = st.sampled_from([None, *STRUCTURES])
MODE = st.sampled_from(["request", "response"])


# =============================================================================================
# the doors
# =============================================================================================

def check_issues(report, text: str | None) -> None:
    """Well-formed issues (the checks of tests/test_properties.check_report: a known rule, never
    "internal", line and column inside the text; the lines are split once here, as 50 000 issues
    of a 1 MB text are no rarity) whose message and path a page can show."""
    assert report.mode in ("request", "response")
    lines = text.split("\n") if isinstance(text, str) and report.issues else None
    for i in report.issues:
        assert i.rule in RULES and i.rule != "internal", (i.rule, i.message)
        assert i.severity == RULES[i.rule].severity, i
        assert i.line >= 1 and i.column >= 1, i
        assert i.pointer == "" or i.pointer.startswith("/"), i
        if lines is not None:
            assert i.line <= len(lines) and i.column <= len(lines[i.line - 1]) + 1, i
        displayable(i.message, f"{i.rule} message")
        displayable(i.path, f"{i.rule} path")
        if i.spec is not None:
            displayable(i.spec, f"{i.rule} spec")
    if report.data is None or report.structure is None:
        assert report.errors, "no result and no error to say why"


def check_preview(preview, what: str) -> None:
    assert preview.kind != "error", f"{what}: the preview hit its safety net: {preview.notes}"
    problems = audit(preview.html)
    assert not problems, f"{what}: unsafe preview HTML: {problems[:3]}"
    displayable(preview.html, f"{what} html")
    for n in preview.notes:
        displayable(n, f"{what} note")


def editor_door(text: str, structure: str | None = None, mode: str = "response",
                clock: Clock | None = None):
    """What the editor page runs on its text (and on every click that changes it)."""
    clock = clock or Clock()
    report = clock("validate", validate, text, structure, mode)
    check_issues(report, text)
    for row in clock("field guide", guide_for_report, report):
        displayable(row.name, "field guide name")
        displayable(row.path, "field guide path")
        for m in row.messages:
            displayable(m, "field guide message")
    fixes = clock("quick fixes", fixes_for, report)
    for f in fixes:
        displayable(f.title, "fix title")
        try:
            fixed = clock("apply fix", apply_fix, report.text, f)
        except FixError as e:
            displayable(str(e), "fix refusal")
        else:
            assert clock("validate fixed", validate, fixed, structure, mode).data is not None, f.title
    if len(fixes) > 1:
        clock("apply all", apply_all, report.text, fixes)
    check_preview(clock("preview", render, report.data, report.structure), "editor preview")
    if report.data is not None:
        formatted = clock("format", jsontext.format, text)
        minified = clock("minify", jsontext.minify, text)
        assert jsontext.tokens(formatted) == jsontext.tokens(minified) == jsontext.tokens(text)
    try:
        clock("share link", sharelink.build_url, BASE_URL, text, structure, mode)
    except sharelink.ShareLinkTooLarge as e:
        displayable(str(e), "share refusal")
    clock.check("editor")
    return report


def upload_door(raw: bytes):
    """The editor's upload: the page refuses what the core calls binary or too large, decodes
    the rest as UTF-8 (dropping a BOM) and makes it the editor's text."""
    clock = Clock()
    if len(raw) > L.MAX_INPUT_BYTES:          # the page refuses by the file's size first
        return None
    check = clock("validate bytes", validate, raw)
    check_issues(check, None)
    fatal = [i for i in check.issues if i.rule in ("json-binary", "json-too-large")]
    if fatal:
        displayable(fatal[0].message, "upload refusal")
        clock.check("upload")
        return check
    text = clock("decode", raw.decode, "utf-8")      # must not raise once the core let it through
    return editor_door(text.removeprefix("\ufeff"), clock=clock)


def share_door(params: dict):
    """The editor page's share-link loading: decode the query params, then the editor."""
    clock = Clock()
    try:
        shared = clock("decode link", sharelink.decode, params)
    except sharelink.ShareLinkError as e:
        displayable(str(e), "share link refusal")
        clock.check("share link")
        return None
    structure = shared.structure if shared.structure in STRUCTURES else None
    return editor_door(shared.text, structure, shared.mode, clock)


def check_document(doc: compose.Document, clock: Clock, what: str) -> None:
    """What the composer page draws after each change: the JSON, the form, the issues at their
    fields, the preview."""
    out = clock("dump", doc.dump)
    encodable(out, f"{what}: the composed JSON")
    assert json.loads(out, parse_constant=_no_constant) == doc.data, f"{what}: dump() does not read back"
    root = clock("layout", doc.layout)
    report = clock("validate", doc.validate)
    check_issues(report, out)
    where = compose.assign_issues(report.issues, root)
    assert sum(map(len, where.values())) == len(report.issues)
    for node in root.walk():
        displayable(node.label, f"{what}: label")
        if node.kind not in ("list", "object", "properties"):
            encodable(node.text, f"{what}: value of {node.pointer}")     # what its widget holds
        if node.mismatch:
            displayable(node.mismatch, f"{what}: mismatch note")
    for ns, name, _ in doc.property_rows():
        encodable(ns, f"{what}: property namespace")
        encodable(name, f"{what}: property name")
    check_preview(clock("preview", render, doc.data, doc.kind), f"{what} preview")


def _no_constant(name):
    raise AssertionError(f"{name} in the composed JSON")


EDIT_KINDS = ("text", "textarea", "int", "id", "strlist", "json", "enum")


def _op(draw, doc: compose.Document):
    """One edit the composer page can make, drawn for this document: (name, callable)."""
    nodes = [n for n in doc.layout().walk() if n.kind in EDIT_KINDS and n.parts]
    n_el = len(doc.get(("elements",)) or []) if isinstance(doc.get(("elements",)), list) else 0
    n_f = len(doc.get(("fields",)) or []) if isinstance(doc.get(("fields",)), list) else 0
    idx = lambda n: draw(st.integers(0, n) if n else st.just(0))           # noqa: E731 - one past the end too
    # what a widget can hold: a browser sends UTF-8, half a surrogate pair arrives as U+FFFD
    text = as_browser_sends(draw(WEIRD_TEXT | st.text(max_size=30) | st.sampled_from(HOSTILE_TOKENS)
                                 | st.sampled_from(["", "1", "true"])))
    choice = draw(st.sampled_from([
        "edit", "edit", "edit", "add_property", "set_property_value", "rename_property", "remove_property",
        "set_mode", "add_element", "remove_element", "move_element", "add_button", "remove_button",
        "set_template", "add_field", "remove_field", "move_field", "set_field_type", "add_option",
        "add_object"]))
    rows = doc.property_rows()
    if choice == "edit" and nodes:
        node = draw(st.sampled_from(nodes))
        raw = draw(st.sampled_from([*node.choices, None]) | st.just(text)) if node.kind == "enum" else text
        return f"edit {node.pointer} = {raw!r:.40}", lambda: doc.edit(node.parts, raw)
    if choice == "set_property_value" and rows:
        ns, name, _ = draw(st.sampled_from(rows))
        return "set_property_value", lambda: doc.set_property_value(ns, name, text)
    if choice == "rename_property" and rows:
        ns, name, _ = draw(st.sampled_from(rows))
        new_ns = draw(st.sampled_from([ns, text]))
        return "rename_property", lambda: doc.rename_property(ns, name, new_ns, draw(st.sampled_from([name, text])))
    if choice == "remove_property" and rows:
        ns, name, _ = draw(st.sampled_from(rows))
        return "remove_property", lambda: doc.remove_property(ns, name)
    if choice == "add_property":
        return "add_property", lambda: doc.add_property(draw(st.none() | st.just(text)))
    if choice == "set_mode":
        mode = draw(st.sampled_from(["request", "response", text]))
        return f"set_mode {mode!r:.20}", lambda: doc.set_mode(mode)
    if choice == "set_template":
        t = draw(st.sampled_from([*compose.choices(catalog.get("3.6", "rich_message").request_model, "template_id"), text]))
        return "set_template", lambda: doc.set_template(t)
    if choice == "add_field" or choice == "set_field_type":
        t = draw(st.sampled_from([*compose.form_field_types(), text]))
        if choice == "add_field":
            return f"add_field {t!r:.20}", lambda: doc.add_field(t)
        i = idx(n_f)
        return f"set_field_type {i} {t!r:.20}", lambda: doc.set_field_type(i, t)
    if choice == "add_object":
        objs = [n for n in doc.layout().walk() if n.kind == "object" and n.model is not None and n.parts]
        if objs:
            node = draw(st.sampled_from(objs))
            return f"add_object {node.pointer}", lambda: doc.add_object(node.parts)
    i = idx(n_el if "element" in choice or "button" in choice else n_f)
    if choice == "add_button":
        return f"add_button {i}", lambda: doc.add_button(i)
    if choice == "remove_button":
        return f"remove_button {i}", lambda: doc.remove_button(i, draw(st.integers(0, 13)))
    if choice in ("move_element", "move_field"):
        d = draw(st.sampled_from([-1, 1]))
        return f"{choice} {i} {d}", lambda: getattr(doc, choice)(i, d)
    if choice in ("remove_element", "remove_field"):
        return f"{choice} {i}", lambda: getattr(doc, choice)(i)
    if choice == "add_option":
        return f"add_option {i}", lambda: doc.add_option(i)
    return "add_element", doc.add_element


def composer_door(text: str, kind: str, hint: str | None, draw=None, n_ops: int = 0) -> None:
    """The composer page on the editor's text, then up to n_ops edits drawn by `draw`."""
    clock = Clock()
    loaded = clock("load", compose.load, text, kind, hint)
    if loaded.doc is None:
        displayable(loaded.message, "composer refusal")
        clock.check(f"{kind} composer")
        return
    for n in loaded.notes:
        displayable(n, "composer note")
    doc = loaded.doc
    assert doc.dump() == text, "opening a payload without an edit changed its text"
    check_document(doc, clock, kind)
    clock.check(f"{kind} composer: open")
    for _ in range(n_ops):
        clock = Clock()
        name, call = _op(draw, doc)
        try:
            clock(name, call)
        except compose.ComposeError as e:
            displayable(str(e), f"{name}: refusal")
        check_document(doc, clock, f"{kind} after {name}")
        clock.check(f"{kind} composer: {name}")


def tables_door(sources: list[tuple[str, str | bytes]], search: str = "", sort_by: str | None = None,
                flagged: bool = False, parsed: bool = False) -> None:
    """The chat summaries page on pasted text / uploaded files (or, parsed=True, on JSON values
    already parsed, as the demo data arrives): table, filters, CSV, charts and the first row's
    drill-down (the page selects it)."""
    clock = Clock()
    loaded = clock("load", T.load_documents if parsed else T.load_texts, sources)
    for p in loaded.problems:
        displayable(p, "tables problem")
        assert any(p.startswith(f"{name}: ") for name, _ in sources), f"a problem that names no input: {p[:100]}"
    for n in loaded.notes:
        displayable(n, "tables note")
    if not loaded.items and not loaded.threads:
        assert loaded.problems or loaded.pages, "nothing loaded and nothing said"
    table = clock("build", T.build_table, loaded)
    df = table.df
    assert len(df) == len(loaded.items)
    view = clock("filter", T.filter_frame, df, T.Filters(text=search, flagged_only=flagged, sort_by=sort_by))
    clock("csv", T.to_csv, view)
    if len(view) > 1:
        for fn in (T.chats_by_hour, T.queue_wait_distribution, T.events_by_type, T.customers_by_country):
            clock(fn.__name__, fn, view)
    frames = [df]
    if len(view):
        idx = int(view.index[0])
        item, structure = loaded.items[idx], loaded.structures[idx]
        data = item if isinstance(item, dict) else {}
        users = data.get("users")
        frames.append(clock("issues frame", T.issues_frame, table.issues[idx]))
        if structure == T.CHAT:
            frames += [clock("threads", T.threads_frame, data), clock("chat events", T.chat_events_frame, data)]
            check_preview(clock("preview", render, data, "chat"), "chat preview")
        else:
            frames.append(clock("last events", T.last_events_frame, data))
            check_preview(clock("preview", render, T.last_events(data), "events",
                                users if isinstance(users, list) else None), "summary preview")
        frames.append(clock("users", T.users_frame, users))
    for name, thread in loaded.threads[:3]:
        frames.append(clock("thread events", T.events_frame, thread.get("events") if isinstance(thread, dict) else None))
        check_preview(clock("thread preview", render, thread, "thread"), "thread preview")
    for frame in frames:        # what st.dataframe sends to the browser
        for col in frame.columns:
            displayable(str(col), "column name")
            for v in frame[col]:
                if isinstance(v, str):
                    encodable(v, f"cell of {col}")
    clock.check("tables")


LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<msg>.+) \[(?P<rule>[a-z0-9-]+)\]$")
VERDICT = re.compile(r"^(?P<file>.+): (valid|invalid) .+; \d+ error\(s\), \d+ warning\(s\)")


def cli_door(raw: bytes, args: list[str], stdin: bool) -> tuple[int, str]:
    """`python -m playground validate FILE|- ARGS` in process. stdout and stderr are UTF-8 with
    errors="strict", as a terminal's are: what cannot be written there would be a traceback."""
    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", errors="strict", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", errors="strict", write_through=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "payload.json"
        if not stdin:
            path.write_bytes(raw)
        argv = ["validate", "-" if stdin else str(path), *args]
        old_stdin = sys.stdin
        sys.stdin = types.SimpleNamespace(buffer=io.BytesIO(raw))
        clock = Clock()
        try:
            with redirect_stdout(stdout), redirect_stderr(stderr):
                try:
                    rc = clock("cli", cli_main, argv)
                except SystemExit as e:   # argparse's usage errors
                    rc = e.code
        finally:
            sys.stdin = old_stdin
    text, errors = out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8")
    assert rc in (0, 1, 2), rc
    assert "Traceback" not in text + errors
    formats = [args[i + 1] for i, a in enumerate(args[:-1]) if a == "--format"]
    if formats and formats[-1] == "json" and rc != 2:                 # the last one counts
        result = json.loads(text)
        for i in result["issues"]:
            assert i["message"] and i["line"] >= 1 and i["column"] >= 1
        assert (rc == 1) == (not result["ok"])
    elif rc != 2:
        lines = text.splitlines()
        assert lines and VERDICT.match(lines[-1]), lines[-1:]
        issues = [LINE.match(x) for x in lines[:-1]]
        assert all(issues), [x for x, m in zip(lines, issues) if not m][:2]
        assert all(m.group("rule") in RULES for m in issues)
        assert (rc == 1) == any(m.group("sev") == "error" for m in issues)
    else:
        assert errors.strip(), "exit 2 without a word on stderr"
    clock.check("cli")
    return rc, text


# =============================================================================================
# fuzz: one test per door
# =============================================================================================

@given(hostile_texts(), STRUCTURE, MODE)
@FUZZ
def test_fuzz_editor(text, structure, mode):
    within_budget(editor_door, text, structure, mode)


@given(hostile_bytes())
@FUZZ
def test_fuzz_upload(raw):
    within_budget(upload_door, raw)


B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
ZIP_BOMBS = [forged_token(b"0" * (sharelink.MAX_TEXT_BYTES + n)) for n in (1, 4096)]


@st.composite
def share_params(draw) -> dict:
    """Query params of a link: valid, then damaged (cut, a character changed, inserted or
    dropped), forged by hand (any bytes, any version, zip bombs), or plain junk."""
    how = draw(st.sampled_from(["valid", "damaged", "damaged", "forged", "junk", "bomb"]))
    if how in ("valid", "damaged"):
        try:
            token = sharelink.encode_text(draw(hostile_texts()))
        except sharelink.ShareLinkTooLarge:
            token = sharelink.encode_text("{}")
        for _ in range(draw(st.integers(1, 3)) if how == "damaged" else 0):
            i = draw(st.integers(0, len(token)))
            op = draw(st.sampled_from(["cut", "change", "insert", "drop", "pad"]))
            c = draw(st.sampled_from(B64) | st.characters(exclude_categories=()))
            token = {"cut": token[:i], "change": token[:i] + c + token[i + 1:], "insert": token[:i] + c + token[i:],
                     "drop": token[:i] + token[i + 1:], "pad": token + "=" * (i % 4)}[op]
    elif how == "forged":
        token = forged_token(draw(hostile_bytes()), draw(st.sampled_from(["1", "1", "2", "0", "", "v1", "１"])))
    elif how == "bomb":
        token = draw(st.sampled_from(ZIP_BOMBS))
    else:
        token = draw(st.text(max_size=200) | st.text(B64 + ".", max_size=9000).map(lambda s: "1." + s))
    params = {sharelink.PARAM_PAYLOAD: draw(st.lists(st.just(token), min_size=1, max_size=2))}
    s = draw(st.none() | st.sampled_from(list(STRUCTURES)) | st.text(max_size=50))
    if s is not None:
        params[sharelink.PARAM_STRUCTURE] = [s]
    m = draw(st.none() | st.sampled_from(["request", "response"]) | st.text(max_size=30))
    if m is not None:
        params[sharelink.PARAM_MODE] = [m]
    return params


@given(share_params())
@FUZZ
def test_fuzz_share_link(params):
    within_budget(share_door, params)


COMPOSER_TEXTS = st.one_of(
    hostile_texts(),
    st.sampled_from([t for name, t in SAMPLE_TEXTS if name in compose.KINDS]),
)


@given(COMPOSER_TEXTS, st.sampled_from(compose.KINDS), st.booleans(), st.integers(0, 6), st.data())
@FUZZ
def test_fuzz_composers(text, kind, hinted, n_ops, data):
    within_budget(composer_door, text, kind, kind if hinted else None, data.draw, n_ops)


@st.composite
def table_sources(draw) -> list:
    chats = [t for name, t in SAMPLE_TEXTS if name in ("chat", "chat_summary", "chat_summaries", "thread")]
    one = st.one_of(hostile_texts(), hostile_bytes(), st.sampled_from(chats))
    return [(f"input {i}.json", x) for i, x in enumerate(draw(st.lists(one, min_size=1, max_size=3)))]


@st.composite
def table_data(draw) -> list:
    """Parsed JSON values: the spec's chat samples with hostile values, keys and shapes."""
    chats = [name for name, _ in SAMPLE_TEXTS if name in ("chat", "chat_summary", "chat_summaries", "thread")]
    return [(f"data {i}", x) for i, x in enumerate(draw(st.lists(
        hostile_payloads() | st.sampled_from(chats).map(lambda n: json.loads(dict(SAMPLE_TEXTS)[n])),
        min_size=1, max_size=3)))]


@given(table_sources().map(lambda s: (s, False)) | table_data().map(lambda s: (s, True)),
       st.text(max_size=20) | st.sampled_from(["", "PJ0", "<script>"]),
       st.sampled_from([None, "chat_id", "queue_wait_time", "customer_name", "last_event_at", "errors"]),
       st.booleans())
@FUZZ
def test_fuzz_tables(case, search, sort_by, flagged):
    sources, parsed = case
    within_budget(tables_door, sources, search, sort_by, flagged, parsed)


CLI_ARGS = st.lists(st.sampled_from([["--as", n] for n in STRUCTURES] + [
    ["--as", "nope"], ["--mode", "request"], ["--mode", "response"], ["--mode", "both"],
    ["--format", "json"], ["--format", "text"]]), max_size=3).map(lambda xs: [a for x in xs for a in x])


@given(hostile_bytes() | hostile_texts().map(lambda t: t.encode("utf-8", "surrogatepass")), CLI_ARGS, st.booleans())
@FUZZ
def test_fuzz_cli(raw, args, stdin):
    within_budget(cli_door, raw, args, stdin)


# =============================================================================================
# big hitters: once each per door
# =============================================================================================

# What the editor must say about each (a rule of the issue it shows first, or among its issues).
EXPECTED_RULE = {
    "text-10mb": "json-too-large", "text-10mb-cyrillic": "json-too-large", "text-10mb-not-json": "json-too-large",
    "nesting-100k-arrays": "json-too-deep", "nesting-100k-objects": "json-too-deep",
    "nesting-100k-unclosed": "json-too-deep", "nesting-100k-in-properties": "json-too-deep",
    "nesting-257-in-properties": "json-too-deep", "int-10**5000": "json-number-too-long",
    "int-10**5000-as-text": "json-number-too-long", "float-1e5000": "json-nan", "nan-infinity": "json-nan",
    "duplicate-keys-1000": "json-duplicate-key", "string-1mb-value": "message-text-size",
    "string-1mb-key": "unknown-field", "keys-20k": "unknown-field", "elements-2000": "rich-elements-max",
    "lone-surrogates-escaped": "json-lone-surrogate", "lone-surrogates-raw": "json-binary",
    "invalid-utf8": "json-binary", "utf16": "json-binary", "nul-bytes": "json-binary",
    "control-characters": "json-syntax", "bom": "json-bom",
}


@pytest.mark.parametrize("hitter", BIG_HITTERS, ids=BIG_HITTER_IDS)
def test_big_hitter_editor(hitter):
    for text in hitter.texts():
        report = within_budget(editor_door, text)
        if hitter.name in EXPECTED_RULE:
            assert EXPECTED_RULE[hitter.name] in {i.rule for i in report.issues}, [i.rule for i in report.issues][:5]


@pytest.mark.parametrize("hitter", BIG_HITTERS, ids=BIG_HITTER_IDS)
def test_big_hitter_upload(hitter):
    for raw in hitter.raw():
        within_budget(upload_door, raw)


@pytest.mark.parametrize("hitter", BIG_HITTERS, ids=BIG_HITTER_IDS)
def test_big_hitter_share_link(hitter):
    for raw in hitter.raw():
        within_budget(share_door, {"p": [forged_token(raw)]})                    # made by hand: no size checks
        try:
            token = sharelink.encode_text(raw.decode("utf-8", "surrogatepass"))
        except (sharelink.ShareLinkTooLarge, UnicodeDecodeError):
            continue
        within_budget(share_door, {"p": [token], "s": [hitter.name], "m": ["request"]})


@pytest.mark.parametrize("hitter", BIG_HITTERS, ids=BIG_HITTER_IDS)
@pytest.mark.parametrize("kind", compose.KINDS)
def test_big_hitter_composers(hitter, kind):
    for text in hitter.texts():
        within_budget(composer_door, text, kind, None)
        within_budget(composer_door, text, kind, kind)


@pytest.mark.parametrize("hitter", BIG_HITTERS, ids=BIG_HITTER_IDS)
def test_big_hitter_tables(hitter):
    within_budget(tables_door, [(f"{hitter.name}.json", t) for t in hitter.texts()], search="<script>", sort_by="chat_id")
    within_budget(tables_door, [(f"{hitter.name}.json", r) for r in hitter.raw()], flagged=True)


@pytest.mark.parametrize("hitter", BIG_HITTERS, ids=BIG_HITTER_IDS)
def test_big_hitter_cli(hitter):
    for raw in hitter.raw():
        rc, _ = within_budget(cli_door, raw, [], stdin=False)
        assert rc in (0, 1)
        within_budget(cli_door, raw, ["--format", "json", "--mode", "request"], stdin=True)


def test_the_checks_can_fail():
    """The door's checks reject what they must (so the tests above can fail)."""
    with pytest.raises(AssertionError):
        displayable("a\ud800b", "x")
    with pytest.raises(AssertionError):
        displayable("  ", "x")
    clock = Clock(budget=0.01)
    clock("sleep", __import__("time").sleep, 0.02)
    with pytest.raises(AssertionError, match="sleep"):
        clock.check("slow")
    runs = []

    def slow_door():
        runs.append(1)
        c = Clock(budget=0.01)
        c("sleep", __import__("time").sleep, 0.02)
        c.check("slow door")
    with pytest.raises(AssertionError, match="slow door"):       # over twice: fails
        within_budget(slow_door)
    assert len(runs) == 2
    out = io.BytesIO()
    strict = io.TextIOWrapper(out, encoding="utf-8", errors="strict")
    with pytest.raises(UnicodeEncodeError):
        strict.write("\ud800")
        strict.flush()

