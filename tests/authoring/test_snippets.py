"""send_event snippets: each one is valid code that sends exactly the payload, whatever it holds."""
from __future__ import annotations

import ast
import json
import shlex
import shutil
import subprocess
import sys
import types

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playground.authoring import server
from playground.authoring import snippets as S
from playground.spec.catalog import EVENT_NAMES, STRUCTURES

NODE = shutil.which("node")
BASH = shutil.which("bash")

HOSTILE = {
    "type": "message",
    "text": "it's \"quoted\" $(touch /tmp/pwned) `id` ${HOME} \\ back\\slash\nnew line\r\t tab "
            "😁 é 中文 \u202e reversed \u2028 \u2029 \x00 \x1b[31m \ud800 lone",
    "recipients": "all",
    "custom_id": "'; DROP TABLE events; --",
    "properties": {"a'b\"c": {"$(x)": 1.5, "`y`": [True, False, None, -0.0, 10**20, "</script>"],
                              "__proto__": {"polluted": 1}}},
}
HOSTILE_CHAT = "C'1\"$(id)`x`\n"


def events() -> list[tuple[str, dict]]:
    out = []
    for name in EVENT_NAMES:
        ev = json.loads(STRUCTURES[name].samples[0].read_text(encoding="utf-8"))
        out.append((name, server.request_from_response(ev, name)))
    out.append(("hostile", HOSTILE))
    return out


EVENTS = events()
IDS = [n for n, _ in EVENTS]


def curl_args(cmd: str) -> list[str]:
    """What the shell passes to curl: line continuations joined, then POSIX word splitting."""
    return shlex.split(cmd.replace("\\\n", " "), comments=True)


def curl_body(cmd: str) -> dict:
    args = curl_args(cmd)
    assert args[0] == "curl"
    return json.loads(args[args.index("--data-raw") + 1])


# -- curl --------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, event", EVENTS, ids=IDS)
def test_curl_body_extracted_with_shlex_is_the_payload(name, event):
    chat = HOSTILE_CHAT if name == "hostile" else "PJ0MRSHTDG"
    cmd = S.curl(event, chat, "3.2")
    assert curl_body(cmd) == {"chat_id": chat, "event": event}
    args = curl_args(cmd)
    assert args[args.index("--request") + 1] == "POST"
    assert "https://api.livechatinc.com/v3.2/agent/action/send_event" in args
    assert "Authorization: Bearer <YOUR_ACCESS_TOKEN>" in args


@pytest.mark.skipif(BASH is None, reason="bash is not on this machine")
def test_bash_runs_the_curl_command_without_expanding_anything(tmp_path):
    marker = tmp_path / "pwned"
    event = dict(HOSTILE, text=f"$(touch {marker}) `touch {marker}` ; touch {marker}")
    cmd = S.curl(event, HOSTILE_CHAT, "3.2")
    # curl replaced by a function that prints its arguments, NUL-separated
    script = 'curl() { printf "%s\\0" "$@"; }\n' + cmd
    out = subprocess.run([BASH, "-c", script], capture_output=True, timeout=20, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    args = out.stdout.decode("utf-8", "surrogateescape").split("\0")[:-1]
    body = json.loads(args[args.index("--data-raw") + 1])
    assert body == {"chat_id": HOSTILE_CHAT, "event": event}
    assert not marker.exists()


# -- Python ------------------------------------------------------------------------------------

class _Recorder:
    def __init__(self):
        self.calls = []

    def __call__(self, *args, **kwargs):
        self.calls.append((args, kwargs))
        resp = types.SimpleNamespace(raise_for_status=lambda: None, json=lambda: {"event_id": "E1"})
        return resp


@pytest.mark.parametrize("name, event", EVENTS, ids=IDS)
def test_python_requests_snippet_compiles_and_posts_the_payload(name, event, monkeypatch, capsys):
    chat = HOSTILE_CHAT if name == "hostile" else "PJ0MRSHTDG"
    code = S.python_requests(event, chat, "3.2")
    compiled = compile(code, "<snippet>", "exec")
    post = _Recorder()
    monkeypatch.setitem(sys.modules, "requests", types.SimpleNamespace(post=post))
    exec(compiled, {"__name__": "snippet"})
    (args, kwargs), = post.calls
    assert args == ("https://api.livechatinc.com/v3.2/agent/action/send_event",)
    assert kwargs["json"] == {"chat_id": chat, "event": event}
    assert kwargs["headers"] == {"Authorization": "Bearer <YOUR_ACCESS_TOKEN>"}
    assert "event_id" in capsys.readouterr().out


@pytest.mark.parametrize("name, event", EVENTS, ids=IDS)
def test_python_sdk_snippet_compiles_and_calls_send_event(name, event, monkeypatch):
    chat = HOSTILE_CHAT if name == "hostile" else "PJ0MRSHTDG"
    code = S.python_sdk(event, chat, "3.2", attach_to_last_thread=True)
    compiled = compile(code, "<snippet>", "exec")
    seen = {}

    class Client:
        def send_event(self, **kw):
            seen["send_event"] = kw
            return types.SimpleNamespace(json=lambda: {"event_id": "E1"})

    class AgentWeb:
        @staticmethod
        def get_client(access_token, version):
            seen["client"] = (access_token, version)
            return Client()

    mod = types.ModuleType("livechat.agent.web.base")
    mod.AgentWeb = AgentWeb
    for name_ in ("livechat", "livechat.agent", "livechat.agent.web"):
        monkeypatch.setitem(sys.modules, name_, types.ModuleType(name_))
    monkeypatch.setitem(sys.modules, "livechat.agent.web.base", mod)
    exec(compiled, {"__name__": "snippet"})
    assert seen["client"] == ("Bearer <YOUR_ACCESS_TOKEN>", "3.3")     # the SDK has no 3.2 client
    assert seen["send_event"] == {"chat_id": chat, "event": event, "attach_to_last_thread": True}
    assert "no client for API v3.2" in code


def test_sdk_version_is_one_the_sdk_accepts():
    assert S.sdk_version("3.2") == "3.3"
    assert S.sdk_version("3.5") == "3.5"
    assert S.sdk_version("3.9") == "3.6"
    assert S.sdk_version("2.0") == "3.3"
    assert "no client" not in S.python_sdk({"type": "message", "text": "x"}, version="3.4")


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(blacklist_categories=())),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(st.characters(blacklist_categories=()),
                                                                        max_size=8), inner, max_size=4),
    max_leaves=20))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_literals_round_trip_any_json_value(value):
    assert ast.literal_eval(S.python_literal(value)) == value
    assert json.loads(S.json_text(value)) == value
    assert curl_body(S.curl(value, "c"))["event"] == value
    compile(S.python_requests(value, "c"), "<s>", "exec")


def test_python_literal_shows_readable_unicode_and_escapes_invisible_characters():
    lit = S.python_literal({"t": "é 😁 \u202e \u2028 \x00 \ud800"})
    assert "é 😁" in lit
    for raw in ("\u202e", "\u2028", "\x00", "\ud800"):
        assert raw not in lit
    assert lit.isascii() is False and ast.literal_eval(lit)["t"].endswith("\ud800")
    lit.encode("utf-8")                      # copyable: no lone surrogate in the code itself


# -- JavaScript ----------------------------------------------------------------------------------

MOCK_FETCH = """
globalThis.fetch = async (url, opts) => {
  process.stdout.write(JSON.stringify({url, method: opts.method, headers: opts.headers, body: opts.body}) + "\\n");
  return {ok: true, json: async () => ({event_id: "E1"}), text: async () => ""};
};
"""


@pytest.mark.parametrize("name, event", EVENTS, ids=IDS)
def test_javascript_snippet_parses_and_sends_the_payload(name, event, tmp_path):
    chat = HOSTILE_CHAT if name == "hostile" else "PJ0MRSHTDG"
    code = S.javascript_fetch(event, chat, "3.2")
    assert "<YOUR_ACCESS_TOKEN>" in code
    if NODE is None:
        pytest.skip("node is not on this machine: the JavaScript could not be parsed")
    f = tmp_path / "snippet.js"
    f.write_text(code, encoding="utf-8")
    check = subprocess.run([NODE, "--check", str(f)], capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    run = tmp_path / "run.js"
    run.write_text(MOCK_FETCH + code, encoding="utf-8")
    out = subprocess.run([NODE, str(run)], capture_output=True, timeout=30)
    assert out.returncode == 0, out.stderr
    # split on "\n" only: JSON.stringify leaves U+2028 raw, which str.splitlines() would split on
    sent = json.loads(out.stdout.decode("utf-8", "surrogatepass").split("\n")[0])
    assert sent["url"] == "https://api.livechatinc.com/v3.2/agent/action/send_event"
    assert sent["method"] == "POST"
    assert sent["headers"]["Authorization"] == "Bearer <YOUR_ACCESS_TOKEN>"
    assert json.loads(sent["body"]) == {"chat_id": chat, "event": event}


def test_a_proto_key_goes_through_json_parse():
    assert "JSON.parse(" in S.javascript_fetch(HOSTILE)
    assert "JSON.parse(" not in S.javascript_fetch({"type": "message", "text": "x"})


# -- RTM -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, event", EVENTS, ids=IDS)
def test_rtm_frame_is_json_with_the_payload(name, event):
    frame = json.loads(S.rtm(event, "PJ0", "req-7"))
    assert frame == {"action": "send_event", "request_id": "req-7",
                     "payload": {"chat_id": "PJ0", "event": event}}


def test_json_text_escapes_what_a_reader_cannot_see():
    text = S.json_text({"t": "a\u202eb\u2028c\ud800d\U000e0001é😁"})
    assert "\\u202e" in text and "\\u2028" in text and "\\ud800" in text and "\\udb40\\udc01" in text
    assert "é😁" in text
    assert json.loads(text) == {"t": "a\u202eb\u2028c\ud800d\U000e0001é😁"}


# -- settings -------------------------------------------------------------------------------------

@pytest.mark.parametrize("v, url_part", [("3.2", "/v3.2/"), ("v3.6", "/v3.6/"), (" 3.3 ", "/v3.3/")])
def test_version_goes_in_the_url(v, url_part):
    assert url_part in S.url(v)
    snips = S.all_snippets({"type": "message", "text": "x"}, version=v)
    for key in ("curl", "python", "javascript"):
        assert url_part in snips[key].code
    assert f'version="{S.sdk_version(v)}"' in snips["python_sdk"].code


@pytest.mark.parametrize("v", ["", "3", "3.2; rm -rf /", "$(id)", "3.2/../x", "abc", "3.2.1", None])
def test_a_bad_version_is_refused(v):
    with pytest.raises(ValueError):
        S.url(v)
    with pytest.raises(ValueError):
        S.all_snippets({"type": "message", "text": "x"}, version=v)


def test_all_snippets_default_to_the_spec_version_and_attach_flag():
    snips = S.all_snippets({"type": "message", "text": "x"}, attach_to_last_thread=False)
    assert list(snips) == ["curl", "python", "python_sdk", "javascript", "rtm"]
    assert "/v3.2/" in snips["curl"].code
    assert curl_body(snips["curl"].code)["attach_to_last_thread"] is False
    assert json.loads(snips["rtm"].code)["payload"]["attach_to_last_thread"] is False
    assert all(s.title and s.language and s.note for s in snips.values())


# -- per version: field names, decommissioned versions --------------------------------------------

@pytest.mark.parametrize("version", ["3.2", "3.3", "3.4", "3.5", "3.6", "3.7"])
def test_each_version_gets_its_url_its_field_names_and_its_status(version):
    from playground.spec import catalog
    v32_event = {"type": "message", "text": "hi", "recipients": "agents"}
    snips = S.all_snippets(v32_event, version=version, source="3.2")
    audience = catalog.audience_field(version)
    body = curl_body(snips["curl"].code)
    assert body["event"] == {"type": "message", "text": "hi", audience: "agents"}
    assert json.loads(snips["rtm"].code)["payload"]["event"] == body["event"]
    assert f"https://api.livechatinc.com/v{version}/agent/action/send_event" in snips["curl"].code
    assert f"wss://api.livechatinc.com/v{version}/agent/rtm/ws" in snips["rtm"].note
    gone = catalog.STATUS[version] == "decommissioned"
    for key in ("curl", "python", "python_sdk", "javascript"):
        assert ("unsupported_version" in snips[key].code) == gone, key
    assert ("unsupported_version" in snips["rtm"].note) == gone
    assert ("decommissioned" in S.version_notice(version)) == gone
    if catalog.STATUS[version] == "stable":
        assert S.version_notice(version) == ""


def test_plan_renames_both_ways_and_keeps_everything_else():
    p = S.plan(HOSTILE, "3.6", source="3.2")
    assert "recipients" not in p.event and p.event["visibility"] == "all"
    assert {k: v for k, v in p.event.items() if k != "visibility"} == {k: v for k, v in HOSTILE.items()
                                                                       if k != "recipients"}
    assert p.renames and "`recipients` -> `visibility`" in p.renames[0]
    back = S.plan(p.event, "3.2", source="3.6")
    assert back.event == HOSTILE and "decommissioned" in back.notice
    same = S.plan({"type": "message", "text": "x"}, "3.6")
    assert same.event == {"type": "message", "text": "x"} and same.renames == ()
    assert S.plan("not an object", "3.6").event == "not an object"
    assert "does not know" in S.plan({"type": "message"}, "3.9").notice


@pytest.mark.skipif(BASH is None, reason="bash is not on this machine")
def test_the_decommissioned_warning_is_a_comment_the_shell_skips(tmp_path):
    cmd = S.all_snippets({"type": "message", "text": "x"}, version="3.2")["curl"].code
    assert cmd.startswith("# API v3.2 is decommissioned")
    out = subprocess.run([BASH, "-c", 'curl() { printf "%s\\0" "$@"; }\n' + cmd], capture_output=True,
                         timeout=20, cwd=tmp_path)
    assert out.returncode == 0 and out.stdout.split(b"\0")[0] == b"--request"
