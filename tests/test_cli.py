"""python -m playground: validate / schema / samples / rules, run as a user would (subprocess)."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from playground import STRUCTURES
from playground.spec import limits as L
from playground.spec.catalog import VERSIONS, all_samples
from playground.spec.rules import RULES

from _payloads import MESSAGE, ROOT, dumps

LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<msg>.+) \[(?P<rule>[a-z0-9-]+)\]$")


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "playground", *args], cwd=ROOT, input=stdin,
                          capture_output=True, timeout=120)


def out(p: subprocess.CompletedProcess) -> str:
    return p.stdout.decode("utf-8")


def issue_lines(p: subprocess.CompletedProcess) -> list[re.Match]:
    return [m for m in map(LINE.match, out(p).splitlines()) if m]


@pytest.fixture
def files(tmp_path):
    def write(name: str, content: str | bytes):
        path = tmp_path / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return str(path)
    return write


# -- validate -------------------------------------------------------------------------------

def test_a_valid_file_exits_0_and_says_what_it_is(files):
    p = run("validate", "--mode", "request", files("m.json", dumps(MESSAGE)))
    assert p.returncode == 0, p.stderr
    assert out(p).strip().endswith('valid message (request, v3.2: fits v3.2, v3.3); 0 error(s), 0 warning(s); '
                                   'detected by "type": "message"; version: has `recipients`, which v3.4 renamed '
                                   'to `visibility`')


def test_an_invalid_file_exits_1_with_file_line_col_severity_message_rule(files):
    path = files("bad.json", '{"type": "message",\n "text": 5,\n "recipients": "all"}')
    p = run("validate", "--mode", "request", path)
    assert p.returncode == 1
    [m] = issue_lines(p)
    assert (m["file"], m["line"], m["col"], m["sev"], m["rule"]) == (path, "2", "10", "error", "wrong-type")
    assert "`text` in Message must be a string" in m["msg"]
    assert out(p).splitlines()[-1] == \
        (f'{path}: invalid message (request, v3.2: fits v3.2, v3.3); 1 error(s), 0 warning(s); detected by '
         '"type": "message"; version: has `recipients`, which v3.4 renamed to `visibility`')


def test_invalid_json_gives_line_and_column(files):
    path = files("syntax.json", '{\n  "a": 1,\n  "b": 2,\n}')
    p = run("validate", path)
    assert p.returncode == 1
    [m] = issue_lines(p)
    assert (m["line"], m["col"], m["rule"]) == ("4", "1", "json-syntax")
    assert "trailing comma" in m["msg"]


def test_warnings_alone_exit_0(files):
    p = run("validate", str(ROOT / "samples/chats/chat.json"))
    assert p.returncode == 0
    [m] = issue_lines(p)
    assert (m["sev"], m["rule"]) == ("warning", "spec-sample-typo") and "did you mean `properties`" in m["msg"]


def test_every_sample_passes_on_the_command_line():
    paths = [str(p) for _, p in all_samples()]
    p = run("validate", *paths)
    assert p.returncode == 0, out(p)
    assert all(m["sev"] == "warning" for m in issue_lines(p))
    assert out(p).count(": valid ") == len(paths)


def test_several_files_exit_with_the_worst(files):
    good = files("good.json", dumps(MESSAGE))
    bad = files("bad.json", "[1]")
    p = run("validate", "--mode", "request", good, bad)
    assert p.returncode == 1
    assert f"{good}: valid message" in out(p) and f"{bad}: invalid" in out(p)


def test_stdin_is_read_with_a_dash():
    p = run("validate", "--mode", "request", "--api", "3.2", "-", stdin=b'{"type": "message", "text": "x"}')
    assert p.returncode == 0
    [m] = issue_lines(p)
    assert (m["file"], m["rule"]) == ("<stdin>", "recipients-default")


def test_as_chooses_the_structure(files):
    path = files("a.json", '{"id": "a@b.c", "type": "agent", "permission": "owner"}')
    assert "valid my_profile" in out(run("validate", path))
    p = run("validate", "--as", "agent", "--api", "3.2", path)
    assert "valid agent" in out(p) and [m["rule"] for m in issue_lines(p)] == ["unknown-field"]


def test_format_json(files):
    path = files("m.json", '{"type": "message", "text": 5, "recipients": "all"}')
    p = run("validate", "--format", "json", "--mode", "request", path)
    assert p.returncode == 1
    doc = json.loads(out(p))
    assert doc["file"] == path and doc["ok"] is False and doc["structure"] == "message"
    [issue] = doc["issues"]
    assert (issue["rule"], issue["pointer"], issue["line"], issue["column"]) == ("wrong-type", "/text", 1, 29)
    p = run("validate", "--format", "json", path, path)
    assert [d["file"] for d in json.loads(out(p))] == [path, path]


@pytest.mark.parametrize("content,rule", [
    (b"", "json-empty"),
    (bytes(range(256)), "json-binary"),
    (b'{"a": "\xff"}', "json-binary"),
    (b"\xef\xbb\xbf{}", "json-bom"),
    (b"[" * 100_000, "json-too-deep"),
    (b'{"a": NaN}', "json-nan"),
])
def test_bad_input_is_one_clear_error_not_a_traceback(files, content, rule):
    p = run("validate", files("x.json", content))
    assert p.returncode == 1, p.stderr
    assert b"Traceback" not in p.stderr
    assert rule in [m["rule"] for m in issue_lines(p)]


def test_a_file_over_the_size_bound_reports_its_real_size(files):
    path = files("big.json", b" " * (L.MAX_INPUT_BYTES + 1000))
    p = run("validate", path)
    assert p.returncode == 1
    [m] = issue_lines(p)
    assert m["rule"] == "json-too-large" and f"{L.MAX_INPUT_BYTES + 1000:,} bytes" in m["msg"]


def test_unreadable_file_exits_2(tmp_path):
    p = run("validate", str(tmp_path / "missing.json"))
    assert p.returncode == 2
    assert b"cannot read" in p.stderr and b"Traceback" not in p.stderr


@pytest.mark.parametrize("args", [("validate",), ("validate", "--as", "mesage", "x.json"), ("validate", "--mode", "req", "x"),
                                  ("schema", "nope"), ("frobnicate",), ()])
def test_usage_errors_exit_2(args):
    p = run(*args)
    assert p.returncode == 2
    assert b"usage:" in p.stderr and b"Traceback" not in p.stderr


# -- --api VERSION ----------------------------------------------------------------------------

def _main(capsys, *args: str) -> tuple[int, str, str]:
    from playground.__main__ import main
    try:
        rc = main(list(args))
    except SystemExit as exc:
        rc = exc.code
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("content", [dumps(MESSAGE), '{"type": "message",\n "text": 5}', "{oops"])
def test_api_detect_is_the_default_and_api_3_6_the_schema_default(files, capsys, fmt, content):
    path = files("p.json", content)
    for mode in ("request", "response"):
        default = _main(capsys, "validate", path, "--mode", mode, "--format", fmt)
        assert _main(capsys, "validate", path, "--mode", mode, "--format", fmt, "--api", "detect") == default
        assert _main(capsys, "validate", "--api", "detect", path, "--mode", mode, "--format", fmt) == default
        v32 = _main(capsys, "validate", path, "--mode", mode, "--format", fmt, "--api", "3.2")
        assert _main(capsys, "validate", "--api", "3.2", path, "--mode", mode, "--format", fmt) == v32
    for name in ("message", "chat_summaries", "properties"):
        assert _main(capsys, "schema", name, "--api", "3.6") == _main(capsys, "schema", name)


def test_api_3_2_is_the_version_reported(files):
    p = run("validate", files("m.json", dumps(MESSAGE)), "--mode", "request", "--format", "json", "--api", "3.2")
    assert p.returncode == 0, p.stderr
    assert json.loads(out(p))["version"] == "3.2"


@pytest.mark.parametrize("args", [("validate", "samples/events/message.json", "--api", "9.9"),
                                  ("validate", "--api", "9.9", "-"),
                                  ("schema", "message", "--api", "9.9"),
                                  ("schema", "message", "--mode", "request", "--api", "9.9")])
def test_api_9_9_is_a_usage_error_naming_the_known_versions(args):
    p = run(*args, stdin=dumps(MESSAGE).encode())
    assert p.returncode == 2
    err = p.stderr.decode("utf-8")
    assert err.startswith("usage: python -m playground " + args[0]) and "Traceback" not in err
    assert err.splitlines()[-1].endswith(
        "error: argument --api: '9.9' is not an Agent Chat API version the playground knows; known versions: 3.2, 3.3, 3.4, 3.5, 3.6, 3.7.")
    assert p.stdout == b""


@pytest.mark.parametrize("args", [("validate", "x.json", "--api"), ("schema", "message", "--api", ""),
                                  ("validate", "x.json", "--api", "3")])
def test_api_without_a_known_version_is_a_usage_error(capsys, args):
    rc, stdout, err = _main(capsys, *args)
    assert rc == 2 and stdout == "" and "usage:" in err and "--api" in err


def test_api_is_described_in_the_help_of_validate_and_schema(capsys):
    for cmd in ("validate", "schema"):
        rc, text, _ = _main(capsys, cmd, "-h")
        assert rc == 0
        default = "detect" if cmd == "validate" else "3.6"
        assert "--api VERSION" in text and f"(default: {default}); one of: 3.2" in text


# -- schema, samples, rules -----------------------------------------------------------------

@pytest.mark.parametrize("name", ["rich_message", "chat_summaries", "properties"])
def test_schema_prints_a_draft_2020_12_schema(name):
    from jsonschema import Draft202012Validator
    p = run("schema", name)
    assert p.returncode == 0
    schema = json.loads(out(p))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "v3.6" in schema["description"]


def test_schema_of_every_structure_and_mode(capsys):
    """In process (one subprocess each would cost a second apiece): every schema is valid."""
    from jsonschema import Draft202012Validator
    from playground.__main__ import main
    for name in STRUCTURES:
        for mode in ("request", "response"):
            assert main(["schema", name, "--mode", mode]) == 0
            schema = json.loads(capsys.readouterr().out)
            Draft202012Validator.check_schema(schema)
            assert f"({mode})" in schema["description"], name


def test_schema_mode_request_drops_server_fields():
    resp = json.loads(out(run("schema", "message")))
    req = json.loads(out(run("schema", "message", "--mode", "request")))
    assert {"id", "created_at", "author_id"} <= set(resp["required"])
    assert not {"id", "created_at", "author_id"} & set(req.get("required", []))
    assert req["properties"]["text"]["description"].startswith("Max. raw text size is 16 KB")


def test_samples_lists_every_sample_with_its_structure():
    p = run("samples")
    assert p.returncode == 0
    rows = [line.split() for line in out(p).splitlines()]
    assert rows == [[v, n, str(p.relative_to(ROOT))] for v in VERSIONS for n, p in all_samples(v)]
    p = run("samples", "--api", "3.7")
    assert [line.split() for line in out(p).splitlines()] == \
        [["3.7", n, str(p.relative_to(ROOT))] for n, p in all_samples("3.7")]


def test_rules_lists_every_rule_with_its_spec_quote():
    p = run("rules")
    assert p.returncode == 0
    text = out(p)
    listed = [line.split()[0] for line in text.splitlines() if not line.startswith(" ")]
    assert listed == list(RULES)
    for r in RULES.values():
        if r.spec:
            assert f"spec: {r.spec}" in text, r.id


# -- versions: detect, all, and --api on samples and rules ---------------------------------

def test_the_verdict_line_names_the_version_detected_and_why():
    p = run("validate", "samples/v3_6/events/message.json")
    assert p.returncode == 0
    assert out(p).splitlines()[-1] == (
        'samples/v3_6/events/message.json: valid message (response, v3.6: fits v3.4, v3.5, v3.6, v3.7); '
        '0 error(s), 0 warning(s); detected by "type": "message"; version: has `visibility`, introduced in '
        'v3.4 (it replaced `recipients`); mode: has `id`, `created_at`, `author_id`, which the server '
        'adds to what it returns, so it was checked as a response')


def test_the_mode_is_detected_by_default_and_can_be_forced(tmp_path):
    f = tmp_path / "req.json"
    f.write_text('{"type": "message", "text": "hi", "visibility": "all"}', encoding="utf-8")
    p = run("validate", str(f))
    assert p.returncode == 0 and "valid message (request" in out(p) and "mode: has none of" in out(p)
    p = run("validate", str(f), "--mode", "response")
    assert p.returncode == 1 and "(response" in out(p) and "mode:" not in out(p)


def test_a_chosen_version_is_named_without_fits():
    p = run("validate", "--api", "3.2", "samples/v3_6/events/message.json")
    assert p.returncode == 1
    last = out(p).splitlines()[-1]
    assert "invalid message (response, v3.2); 1 error(s), 1 warning(s)" in last and "version:" not in last
    assert any("which replaced `recipients` in v3.4" in m["msg"] for m in issue_lines(p))


def test_api_all_prints_one_row_per_version():
    p = run("validate", "--api", "all", "samples/v3_6/events/message.json")
    assert p.returncode == 0
    lines = out(p).splitlines()
    assert lines[0] == "samples/v3_6/events/message.json: under every version (response):"
    rows = {line.split()[0]: line for line in lines[1:7]}
    assert list(rows) == [f"v{v}" for v in VERSIONS]
    assert "1 error, 1 warning" in rows["v3.2"] and "decommissioned" in rows["v3.2"]
    assert rows["v3.6"].split()[1:4] == ["stable", "message", "valid"] and rows["v3.6"].endswith("<- detected")
    assert lines[7].startswith("  detected: v3.6: has `visibility`, introduced in v3.4")


def test_api_all_fails_only_when_no_version_takes_the_file(files):
    good_somewhere = run("validate", "--api", "all", "samples/v3_7/chats/chat_info.json")
    assert good_somewhere.returncode == 0
    bad = run("validate", "--api", "all", files("b.json", '{"type": "message", "text": 5}'))
    assert bad.returncode == 1 and out(bad).count("error") >= 6


def test_api_all_json_has_the_matrix():
    p = run("validate", "--api", "all", "--format", "json", "samples/events/message.json")
    doc = json.loads(out(p))
    assert doc["version"] == "3.2" and doc["version_fits"] == ["3.2", "3.3"]
    assert "which v3.4 renamed to `visibility`" in doc["version_reason"]
    assert [row["version"] for row in doc["matrix"]] == list(VERSIONS)
    v36 = doc["matrix"][4]
    assert v36["status"] == "stable" and v36["ok"] is False and v36["errors"] == 1
    assert {i["rule"] for i in v36["issues"]} == {"required-field", "unknown-field"}


def test_format_json_says_how_the_version_was_chosen():
    doc = json.loads(out(run("validate", "--format", "json", "samples/v3_6/users/cart.json")))
    assert (doc["version"], doc["version_detected"], doc["version_fits"]) == ("3.6", True, ["3.6", "3.7"])
    assert doc["structure"] == "cart" and "introduced in v3.6" in doc["version_reason"]


def test_as_a_structure_of_later_versions_under_detect():
    p = run("validate", "--as", "cart", "samples/v3_6/users/cart.json")
    assert p.returncode == 0 and "valid cart (response, v3.6: fits v3.6, v3.7)" in out(p)
    p = run("validate", "--as", "cart", "--api", "3.2", "samples/v3_6/users/cart.json")
    assert p.returncode == 2 and "'cart' is not a structure of API v3.2" in p.stderr.decode()


def test_rules_for_one_version_and_for_all(capsys):
    rc, text, _ = _main(capsys, "rules", "--api", "3.2")
    listed = [line.split()[0] for line in text.splitlines() if not line.startswith(" ")]
    assert rc == 0 and listed == [r.id for r in RULES.values() if r.versions is None or "3.2" in r.versions]
    assert "system-details-json" not in listed and "recipients-missing-response" in listed
    rc, text, _ = _main(capsys, "rules")
    line = next(x for x in text.splitlines() if x.startswith("system-details-json"))
    assert line.endswith("(versions: 3.6, 3.7)")
    assert next(x for x in text.splitlines() if x.startswith("json-syntax")).endswith("(versions: all)")
