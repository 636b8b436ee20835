"""python -m playground migrate: the migrated text on stdout, the notes on stderr, exit 0/1/2;
run as a user would (subprocess) and in-process (main)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from playground.__main__ import main
from playground.spec import catalog
from playground.spec import limits as L

from _payloads import ROOT

OLD, NEW = catalog.audience_field("3.2"), catalog.audience_field("3.4")


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "playground", "migrate", *args], cwd=ROOT, input=stdin,
                          capture_output=True, timeout=120)


@pytest.fixture
def files(tmp_path):
    def write(name: str, content: str | bytes):
        path = tmp_path / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return str(path)
    return write


def sample(rel: str) -> bytes:
    return (catalog.SAMPLES_DIR / rel).read_bytes()


# -- subprocess ------------------------------------------------------------------------------

def test_up_to_v36_prints_the_migrated_text_and_the_notes_and_exits_0():
    path = str(catalog.SAMPLES_DIR / "events" / "message.json")
    p = run(path, "--to", "3.6", "--from", "3.2")
    assert p.returncode == 0, p.stderr
    assert p.stdout == sample("events/message.json").replace(f'"{OLD}"'.encode(), f'"{NEW}"'.encode())
    err = p.stderr.decode()
    assert f"{path}: `{OLD}` -> `{NEW}` (renamed in v3.4: " in err
    assert err.splitlines()[-1] == f"{path}: migrated, v3.2 -> v3.6 (message, response); 0 error(s) under v3.6"


def test_the_output_migrated_back_is_the_input_byte_for_byte_crlf_and_all(files):
    text = sample("chats/chat.json").replace(b"\n", b"\r\n")
    up = run(files("chat.json", text), "--to", "3.7", "--from", "3.2")
    assert up.returncode == 0, up.stderr
    back = run("-", "--to", "3.2", "--from", "3.7", "--as", "chat", stdin=up.stdout)
    assert back.returncode == 0, back.stderr
    assert back.stdout == text


def test_a_v36_rich_message_down_lists_what_the_target_lacks_on_stderr():
    path = str(catalog.SAMPLES_DIR / "v3_6" / "events" / "rich_message.json")
    p = run(path, "--to", "3.2", "--from", "3.6")
    err = p.stderr.decode()
    assert "elements[0].image.alternative_text has no place in v3.2 (added in v3.3: " in err
    assert json.loads(p.stdout)["elements"][0]["image"]["alternative_text"]      # kept, not dropped
    assert p.returncode == 0      # unknown fields are warnings under v3.2


def test_errors_under_the_target_exit_1(files):
    # the page's v3.2 system message has no audience field; v3.4 returns one always
    p = run(str(catalog.SAMPLES_DIR / "events" / "system_message.json"), "--to", "3.4", "--from", "3.2")
    assert p.returncode == 1
    assert p.stdout == sample("events/system_message.json")
    assert "1 error(s) under v3.4" in p.stderr.decode().splitlines()[-1]


def test_the_structure_renamed_in_v37_is_named_on_stderr():
    p = run(str(catalog.SAMPLES_DIR / "v3_6" / "chats" / "chat_summary.json"), "--to", "3.7", "--as", "chat_summary")
    assert p.returncode == 0, p.stderr
    assert b'"last_thread_info"' in p.stdout
    assert "(chat_info, response)" in p.stderr.decode().splitlines()[-1]


def test_not_json_unreadable_and_usage_errors_exit_2(files):
    p = run(files("bad.json", '{"type": '), "--to", "3.6")
    assert (p.returncode, p.stdout) == (2, b"")
    assert "Not migrated: the text is not a JSON payload" in p.stderr.decode()
    p = run(files("bin.json", b"\x00\x01\x02"), "--to", "3.6")
    assert (p.returncode, p.stdout) == (2, b"")
    p = run("/nonexistent/x.json", "--to", "3.6")
    assert p.returncode == 2 and "cannot read" in p.stderr.decode()
    p = run(str(catalog.SAMPLES_DIR / "events" / "message.json"), "--to", "9.9")
    assert p.returncode == 2 and "known versions: 3.2" in p.stderr.decode()
    p = run(str(catalog.SAMPLES_DIR / "events" / "message.json"))
    assert p.returncode == 2 and "--to" in p.stderr.decode()


# -- in-process ------------------------------------------------------------------------------

def test_in_process_nothing_to_change_exits_0(capsys):
    path = str(catalog.SAMPLES_DIR / "v3_6" / "events" / "system.json")
    assert main(["migrate", path, "--to", "3.6", "--from", "3.6"]) == 0
    got = capsys.readouterr()
    assert got.out == sample("v3_6/events/system.json").decode()
    assert "nothing to change" in got.err


def test_in_process_detects_the_source_and_the_structure(capsys):
    path = str(catalog.SAMPLES_DIR / "v3_4" / "events" / "message.json")
    assert main(["migrate", path, "--to", "3.2"]) == 0
    got = capsys.readouterr()
    assert f'"{OLD}"' in got.out and f'"{NEW}"' not in got.out
    assert "Source version detected: v3." in got.err


def test_in_process_request_mode(capsys, files):
    path = files("req.json", '{"type": "message", "text": "hi"}')
    assert main(["migrate", path, "--to", "3.6", "--from", "3.2", "--mode", "request"]) == 0
    got = capsys.readouterr()
    assert got.out == '{"type": "message", "text": "hi"}'
    assert "nothing to change, v3.2 -> v3.6 (message, request)" in got.err


def test_in_process_too_large_exits_2(capsys, files):
    path = files("big.json", b'{"type": "message", "text": "' + b"a" * (L.MAX_INPUT_BYTES + 10) + b'"}')
    assert main(["migrate", path, "--to", "3.6"]) == 2
    got = capsys.readouterr()
    assert got.out == "" and "not migrated" in got.err
