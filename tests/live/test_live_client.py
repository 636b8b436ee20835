"""The live API client (playground/live/client.py) and what it sends (outgoing.py), against the
local stand-in (tests/live/standin.py): authentication forms, the documented request shapes,
pagination, retries, errors in words, and the token kept out of every repr, message and log."""
from __future__ import annotations

import base64
import json
import logging
import pickle
import socket
from pathlib import Path

import pytest

from playground.live import client as live
from playground.live import outgoing
from playground.validation import validate
from tests.live.standin import StandIn

ROOT = Path(__file__).resolve().parents[2]
RICH = (ROOT / "samples" / "v3_6" / "events" / "rich_message.json").read_text(encoding="utf-8")


@pytest.fixture
def api(standin):
    standin.reset()
    sleeps: list[float] = []
    c = live.Client(live.parse_token(standin.token), "3.6", standin.url, timeout=(2, 0.5), backoff=0.01,
                    sleep=sleeps.append)
    c.sleeps = sleeps
    yield c
    c.close()
    standin.reset()


def secrets_of(standin) -> list[str]:
    return [standin.pat, standin.basic, standin.bearer, "s3cr3t"]


def assert_no_secret(text: str, standin) -> None:
    for s in secrets_of(standin):
        assert s not in text, f"the token leaked: {text!r}"


# -- tokens -------------------------------------------------------------------------------------
def test_token_forms_give_the_documented_header(standin):
    pair = live.parse_token(standin.token)
    assert pair.header() == "Basic " + base64.b64encode(standin.token.encode()).decode()
    assert pair.account_id == standin.account_id
    assert live.parse_token(standin.basic).header() == pair.header()           # the Developer Console's string
    assert live.parse_token("Basic " + standin.basic).header() == pair.header()
    assert live.parse_token(f"  {standin.token}\n").header() == pair.header()
    bearer = live.parse_token("Bearer " + standin.bearer)
    assert bearer.header() == "Bearer " + standin.bearer and bearer.account_id is None
    assert live.from_pat(standin.account_id, standin.pat).header() == pair.header()


@pytest.mark.parametrize("text", ["", "   ", "justsometext", "Bearer", "a b c", "tok\nen:x", "Zm9v",
                                  ":secretwithoutaccount", "acc:"])
def test_bad_tokens_are_refused_without_repeating_them(text):
    with pytest.raises(live.TokenFormatError) as e:
        live.parse_token(text)
    if len(text.strip()) > 3 and text.strip() != "Bearer":
        assert text.strip() not in str(e.value)


def test_repr_str_and_pickle_never_hold_the_token(standin):
    for token in (standin.token, "Bearer " + standin.bearer):
        creds = live.parse_token(token)
        c = live.Client(creds, "3.6", standin.url)
        for shown in (repr(creds), str(creds), repr(c), str(c), f"{creds}", f"{c!r}"):
            assert_no_secret(shown, standin)
            assert "***" in shown
        with pytest.raises(TypeError):
            pickle.dumps(creds)
        with pytest.raises(TypeError):
            pickle.dumps(c)


def test_versions_and_base_url():
    creds = live.parse_token("acc:tok1234")
    for v in live.VERSIONS:
        assert live.Client(creds, v, "http://127.0.0.1:9").url("get_chat") == f"http://127.0.0.1:9/v{v}/agent/action/get_chat"
    for v in ("3.2", "3.3"):
        with pytest.raises(ValueError, match="unsupported_version"):
            live.Client(creds, v)
    with pytest.raises(ValueError):
        live.Client(creds, "4.0")
    assert live.base_url_from_env({}) == "https://api.livechatinc.com"
    assert live.base_url_from_env({"LIVECHAT_API_URL": "http://127.0.0.1:1234/"}) == "http://127.0.0.1:1234"


# -- requests as the docs describe them -------------------------------------------------------------
def test_list_chats_sends_the_documented_request(api, standin):
    page = api.list_chats(filters={"active": True}, sort_order="desc", limit=5)
    assert len(page["chats_summary"]) == 5 and page["found_chats"] == 12 and "next_page_id" in page
    assert "previous_page_id" not in page
    (req,) = standin.calls("list_chats")
    assert req["path"] == "/v3.6/agent/action/list_chats"
    assert req["headers"]["content-type"] == "application/json"
    assert req["headers"]["authorization"] == "Basic " + standin.basic
    assert req["body"] == {"filters": {"active": True}, "sort_order": "desc", "limit": 5}
    nxt = api.list_chats(page_id=page["next_page_id"])
    assert standin.calls("list_chats")[-1]["body"] == {"page_id": page["next_page_id"]}
    assert [s["id"] for s in nxt["chats_summary"]][0] != [s["id"] for s in page["chats_summary"]][0]


def test_bearer_tokens_work_too(standin):
    c = live.Client(live.parse_token("Bearer " + standin.bearer), "3.7", standin.url, backoff=0)
    assert c.get_chat("CHAT0000")["id"] == "CHAT0000"
    assert standin.calls()[-1]["headers"]["authorization"] == "Bearer " + standin.bearer
    assert standin.calls()[-1]["version"] == "3.7"


def test_every_method(api, standin):
    assert api.get_chat("CHAT0000")["thread"]["id"] == "THRD0000"
    assert standin.calls("get_chat")[-1]["body"] == {"chat_id": "CHAT0000"}
    threads = api.list_threads("CHAT0000", limit=3)
    assert threads["found_threads"] == 1
    archives = api.list_archives(filters={"query": "Thomas"}, limit=2)
    assert len(archives["chats"]) == 2
    ready = outgoing.prepare_event(RICH, "3.6")
    assert ready.sendable and ready.stripped == ["id", "created_at", "author_id"]
    answer = api.send_event("CHAT0000", ready.event)
    assert set(answer) == {"event_id"}
    sent = standin.calls("send_event")[-1]["body"]
    assert sent == {"chat_id": "CHAT0000", "event": ready.event}
    assert not {"id", "created_at", "author_id"} & set(sent["event"])
    chat = api.get_chat("CHAT0000")
    assert chat["thread"]["events"][-1]["id"] == answer["event_id"]          # open that chat: the event is there
    assert api.send_event_preview("CHAT0000", {"type": "message", "text": "typing…"}) == {}
    assert api.send_rich_message_postback("CHAT0000", answer["event_id"], "THRD0000",
                                          {"id": "Yes", "toggled": True}) == {}


def test_pagination_follows_every_page_and_merges(api, standin):
    seen = []
    doc = api.fetch_all("list_chats", {"limit": 10}, progress=lambda *a: seen.append(a))
    assert len(doc["chats_summary"]) == 25 and doc["found_chats"] == 25
    assert [s["id"] for s in doc["chats_summary"]] == [f"CHAT{i:04d}" for i in range(25)]
    assert "next_page_id" not in doc and "previous_page_id" not in doc
    assert seen == [(1, 10, 25), (2, 20, 25), (3, 25, 25)]
    bodies = [r["body"] for r in standin.calls("list_chats")]
    assert bodies[0] == {"limit": 10} and all(set(b) == {"page_id"} for b in bodies[1:])
    report = validate(json.dumps(doc), mode="response", version="3.6")
    assert report.structure == "chat_summaries"
    flagged = {i.path.split("]")[0] for i in report.errors}
    assert flagged == {"chats_summary[2"}          # the stand-in's one broken chat, and only it


def test_pagination_stops_at_the_cap(api, standin):
    doc = api.fetch_all("list_chats", {"limit": 10}, cap=15)
    assert len(doc["chats_summary"]) == 15 and isinstance(doc.get("next_page_id"), str)
    assert len(standin.calls("list_chats")) == 2


# -- errors in words ------------------------------------------------------------------------------
@pytest.mark.parametrize("kind, type_, words", [
    ("authentication", "authentication", "invalid or expired"),
    ("authorization", "authorization", "chats--all:ro"),
    ("validation", "validation", "Wrong format of request"),
    ("internal", "internal", "Internal server error"),
    ("misdirected", "misdirected_request", "region `fra`"),
])
def test_api_errors_are_explained(api, standin, kind, type_, words):
    standin.fail(kind)
    with pytest.raises(live.LiveChatError) as e:
        api.list_chats()
    assert e.value.type == type_ and words in str(e.value)
    assert len(standin.calls()) == 1          # not retried
    assert e.value.message in e.value.explain()


def test_a_missing_scope_is_named_with_the_scope_it_needs(standin):
    with StandIn(scopes={"chats--all:ro"}) as ro:
        c = live.Client(live.parse_token(ro.token), "3.6", ro.url, backoff=0)
        assert c.list_chats(limit=1)["found_chats"] == 25
        with pytest.raises(live.LiveChatError) as e:
            c.send_event("CHAT0000", {"type": "message", "text": "hi"})
        assert e.value.type == "authorization"
        assert "`chats--all:rw` or `chats--access:rw`" in str(e.value) and not ro.sent


def test_real_auth_failure_and_unknown_chat(standin):
    c = live.Client(live.from_pat(standin.account_id, "wrong-token-1234"), "3.6", standin.url, backoff=0)
    with pytest.raises(live.LiveChatError, match="token is invalid or expired"):
        c.list_chats()
    ok = live.Client(live.parse_token(standin.token), "3.6", standin.url, backoff=0)
    with pytest.raises(live.LiveChatError, match="check the chat id") as e:
        ok.get_chat("NOPE")
    assert e.value.type == "not_found"
    with pytest.raises(live.LiveChatError) as e:
        ok.send_event("CHAT0001", {"type": "message", "text": "hi"})       # an inactive chat
    assert e.value.type == "chat_inactive"


def test_rate_limit_and_unavailable_are_retried_with_backoff(api, standin):
    standin.fail("too_many_requests", times=2)
    assert api.list_chats(limit=1)["found_chats"] == 25
    assert len(standin.calls()) == 3 and api.sleeps == [0.01, 0.02]
    standin.reset()
    api.sleeps.clear()
    standin.fail("service_unavailable", times=1, method="send_event")
    assert "event_id" in api.send_event("CHAT0000", {"type": "message", "text": "hi"})   # refused, so safe to repeat
    assert len(standin.calls("send_event")) == 2


def test_retries_are_bounded(api, standin):
    standin.fail("too_many_requests", times=10)
    with pytest.raises(live.LiveChatError) as e:
        api.list_chats()
    assert e.value.type == "too_many_requests" and e.value.attempts == 4 and "tried 4 times" in str(e.value)
    assert len(standin.calls()) == 4 and len(api.sleeps) == 3


def test_a_timeout_is_retried_for_reads_but_a_send_is_not_repeated(api, standin):
    standin.fail("timeout", times=1)
    assert api.list_chats(limit=1)["found_chats"] == 25
    assert len(standin.calls("list_chats")) == 2
    standin.fail("timeout", times=1, method="send_event")
    with pytest.raises(live.LiveChatError) as e:
        api.send_event("CHAT0000", {"type": "message", "text": "once"})
    assert e.value.type == "timeout" and "in time" in str(e.value)
    assert len(standin.calls("send_event")) == 1


def test_a_dropped_connection(api, standin):
    standin.fail("drop", times=1)
    assert api.get_chat("CHAT0000")["id"] == "CHAT0000"
    assert len(standin.calls("get_chat")) == 2
    standin.fail("drop", times=1, method="send_event")
    with pytest.raises(live.LiveChatError) as e:
        api.send_event("CHAT0000", {"type": "message", "text": "once"})
    assert e.value.type == "network" and "dropped" in str(e.value)
    assert len(standin.calls("send_event")) == 1


def test_nothing_listening_is_a_network_error_after_bounded_retries():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]           # closed again: nothing listens there
    sleeps: list[float] = []
    c = live.Client(live.parse_token("acc:tok1234"), "3.6", f"http://127.0.0.1:{port}", backoff=0.01,
                    sleep=sleeps.append)
    with pytest.raises(live.LiveChatError) as e:
        c.send_event("X", {"type": "message", "text": "hi"})       # never reached: safe to retry even a write
    assert e.value.type == "network" and "could not reach" in str(e.value) and len(sleeps) == 3


def test_an_answer_that_is_not_the_apis(standin):
    class Fake:
        trust_env = True

        def post(self, *a, **kw):
            import requests
            r = requests.Response()
            r.status_code = 502
            r.raw = __import__("io").BytesIO(b"<html>Bad gateway</html>")
            return r

        def close(self):
            pass

    c = live.Client(live.parse_token("acc:tok1234"), "3.6", "http://127.0.0.1:9", session=Fake(), backoff=0)
    with pytest.raises(live.LiveChatError) as e:
        c.list_chats()
    assert e.value.type == "bad_response" and "HTTP 502, not JSON" in str(e.value)


# -- the token stays hidden ------------------------------------------------------------------------
def test_a_server_echoing_the_token_does_not_leak_it(api, standin):
    standin.fail("echo")
    with pytest.raises(live.LiveChatError) as e:
        api.list_chats()
    text = str(e.value) + repr(e.value) + e.value.message + json.dumps(e.value.data)
    assert "Bad token Basic ***" in text
    assert_no_secret(text, standin)


def test_logged_requests_redact_authorization(api, standin, caplog):
    caplog.set_level(logging.DEBUG, logger="playground.live")
    standin.fail("too_many_requests")
    api.list_chats(limit=1)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Basic ***" in logged and "list_chats" in logged and "retry 1 of 3" in logged
    assert_no_secret(logged, standin)
    assert live.redact_headers({"Authorization": "Bearer abc", "X": "1"}) == {"Authorization": "Bearer ***", "X": "1"}


# -- what is sent -----------------------------------------------------------------------------------
def test_prepare_event_validates_as_a_request_and_strips_server_keys():
    ready = outgoing.prepare_event(RICH, "3.6")
    assert ready.report.mode == "request" and ready.report.version == "3.6" and ready.sendable
    assert "Removed `id`, `created_at`, `author_id`" in ready.notes()[0]
    bad = outgoing.prepare_event('{"type": "rich_message", "template_id": "carousel", "elements": [], "visibility": "all"}', "3.6")
    assert not bad.sendable and bad.forceable and bad.report.errors and not bad.stripped
    assert outgoing.prepare_event("{nope", "3.6").problem.startswith("the text is not JSON")
    user = outgoing.prepare_event((ROOT / "samples" / "v3_6" / "users" / "agent.json").read_text(), "3.6")
    assert user.problem and "send_event sends events" in user.problem and not user.sendable


def test_comparison_words(api, standin):
    bad = outgoing.prepare_event('{"type": "message", "text": "hi", "visibility": "everyone"}', "3.6")
    assert not bad.report.ok
    answer = api.send_event("CHAT0000", bad.event)
    assert outgoing.comparison(bad.report, answer=answer).startswith("The API accepted what our validator flags")
    worse = outgoing.prepare_event('{"type": "rich_message", "template_id": "carousel", "elements": [], "visibility": "all"}', "3.6")
    with pytest.raises(live.LiveChatError) as e:
        api.send_event("CHAT0000", worse.event)
    assert outgoing.comparison(worse.report, error=e.value).startswith("Both refuse it")


def test_the_live_package_is_core_no_streamlit():
    import subprocess
    import sys
    code = ("import sys; import playground.live.client, playground.live.outgoing, playground.live.shapes, "
            "playground.live.cli; print('streamlit' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "False"


def test_as_spec_chat_keeps_everything():
    from playground.live import shapes
    chat = {"id": "C", "thread": {"id": "T", "events": []}, "users": [], "x": 1}
    out, changed = shapes.as_spec_chat(chat)
    assert changed and list(out) == ["id", "threads", "users", "x"] and out["threads"] == [chat["thread"]]
    assert shapes.as_spec_chat({"id": "C", "threads": []}) == ({"id": "C", "threads": []}, False)
    assert shapes.as_spec_chat([1]) == ([1], False)


def test_half_characters_go_as_escapes_and_nan_is_not_sent(api, standin):
    api.send_event("CHAT0000", {"type": "message", "text": "half \ud800 a character"})
    raw = standin.calls("send_event")[-1]["raw"]
    assert b"\\ud800" in raw and raw.isascii()
    with pytest.raises(live.LiveChatError) as e:
        api.send_event("CHAT0000", {"type": "message", "text": "x", "n": float("nan")})
    assert e.value.type == "not_sendable" and len(standin.calls("send_event")) == 1


@pytest.mark.parametrize("text", [
    "[" * 100_000, '{"type": "message", "text": NaN}', '{"type": "message", "text": 1e400}',
    '{"type": "message", "text": ' + "9" * 4301 + "}", '{"type": "message", "text": "\\ud800"}',
    b"\x00\xff\xfe binary", "", "null", '{"type": ["message"]}', '{"type": "message", "text": "x", "id": {"deep": [1]}}',
])
def test_prepare_event_takes_hostile_input(text):
    ready = outgoing.prepare_event(text, "3.6")
    assert ready.report is not None and (ready.problem or ready.report.issues or ready.sendable)
    if ready.event is not None:                  # whatever it holds can be encoded for sending, or is refused in words
        try:
            json.dumps(ready.event, ensure_ascii=True, allow_nan=False)
        except ValueError:
            assert not ready.report.ok
