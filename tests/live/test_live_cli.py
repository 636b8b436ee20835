"""`python -m playground send` and `fetch` against the stand-in (in process, through main())."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from playground.__main__ import main

ROOT = Path(__file__).resolve().parents[2]
RICH = ROOT / "samples" / "v3_6" / "events" / "rich_message.json"


@pytest.fixture
def env(standin, monkeypatch):
    standin.reset()
    monkeypatch.setenv("LIVECHAT_TOKEN", standin.token)
    monkeypatch.setenv("LIVECHAT_API_URL", standin.url)
    yield standin
    standin.reset()


def no_secret(text: str, standin) -> None:
    for s in (standin.pat, standin.basic, "s3cr3t"):
        assert s not in text


def test_send_prints_the_apis_answer(env, capsys):
    n = len(env.sent)
    assert main(["send", str(RICH), "--chat", "CHAT0000", "--api", "3.6"]) == 0
    out, err = capsys.readouterr()
    answer = json.loads(out)
    assert set(answer) == {"event_id"} and answer["event_id"].startswith("THRD0000_")
    assert "Removed id, created_at, author_id" in err
    assert len(env.sent) == n + 1 and "id" not in env.sent[-1]["event"]
    assert env.calls("send_event")[-1]["path"] == "/v3.6/agent/action/send_event"
    no_secret(out + err, env)


def test_an_event_with_errors_is_not_sent_unless_forced(env, capsys, tmp_path):
    f = tmp_path / "bad.json"
    f.write_text('{"type": "message", "text": "hi", "visibility": "everyone"}')
    n = len(env.sent)
    assert main(["send", str(f), "--chat", "CHAT0000"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "not sent: 1 error(s) under v3.6" in err and "--force" in err
    assert len(env.sent) == n and not env.calls()
    assert main(["send", str(f), "--chat", "CHAT0000", "--force"]) == 0
    out, err = capsys.readouterr()
    assert "event_id" in json.loads(out) and "The API accepted what our validator flags" in err
    assert len(env.sent) == n + 1


def test_no_token_exits_2_and_nothing_is_sent(env, capsys, monkeypatch):
    monkeypatch.delenv("LIVECHAT_TOKEN")
    assert main(["send", str(RICH), "--chat", "CHAT0000"]) == 2
    assert "No token: set LIVECHAT_TOKEN" in capsys.readouterr().err
    assert main(["fetch", "chats"]) == 2
    monkeypatch.setenv("LIVECHAT_TOKEN", "not a token")
    assert main(["fetch", "chats"]) == 2
    assert "LIVECHAT_TOKEN:" in capsys.readouterr().err
    assert not env.calls()


def test_usage_errors(env, capsys):
    with pytest.raises(SystemExit) as e:
        main(["send", str(RICH), "--chat", "X", "--api", "3.3"])
    assert e.value.code == 2 and "decommissioned" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:
        main(["send", str(RICH), "--chat", "X", "--token", "abc"])      # never from a flag
    assert e.value.code == 2
    assert main(["fetch", "chat"]) == 2
    assert main(["send", "/nonexistent.json", "--chat", "X"]) == 2


def test_api_errors_are_explained_and_exit_1(env, capsys):
    env.fail("authentication", method="send_event")
    assert main(["send", str(RICH), "--chat", "CHAT0000"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "token is invalid or expired" in err
    env.fail("misdirected")
    assert main(["fetch", "chats"]) == 1
    assert "region `fra`" in capsys.readouterr().err


def test_fetch_chats_merges_every_page_into_what_validate_reads(env, capsys, tmp_path):
    assert main(["fetch", "chats", "--limit", "10"]) == 0
    out, err = capsys.readouterr()
    doc = json.loads(out)
    assert len(doc["chats_summary"]) == 25 and doc["found_chats"] == 25 and "next_page_id" not in doc
    assert "page 3: 25 of about 25 chats" in err
    assert len(env.calls("list_chats")) == 3
    f = tmp_path / "chats.json"
    f.write_text(out)
    assert main(["validate", str(f), "--api", "3.6"]) == 1       # the stand-in's one broken chat is flagged
    text = capsys.readouterr().out
    assert "chats_summary[2]" in text and "chat_summaries" in text
    assert main(["fetch", "chats", "--active", "--max", "5"]) == 0
    out, err = capsys.readouterr()
    assert len(json.loads(out)["chats_summary"]) == 5 and "stopped at --max 5 of about 12" in err
    assert env.calls("list_chats")[-1]["body"] == {"limit": 100, "filters": {"active": True}}


def test_fetch_chat_and_archives(env, capsys):
    assert main(["fetch", "chat", "CHAT0003", "--api", "3.7"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "CHAT0003"
    assert env.calls()[-1]["version"] == "3.7"
    assert main(["fetch", "archives", "--limit", "5"]) == 0
    assert len(json.loads(capsys.readouterr().out)["chats"]) == 12


def test_the_command_in_a_real_process(env, tmp_path):
    r = subprocess.run([sys.executable, "-m", "playground", "fetch", "chat", "CHAT0000"], cwd=ROOT,
                       capture_output=True, text=True, timeout=60,
                       env={"PATH": "/usr/bin:/bin", "LIVECHAT_TOKEN": "Bearer " + env.bearer,
                            "LIVECHAT_API_URL": env.url, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["thread"]["id"] == "THRD0000"
    no_secret(r.stdout + r.stderr, env)
    assert env.bearer not in r.stdout + r.stderr
