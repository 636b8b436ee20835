"""Each exercise: the original fails, a known repair passes, lazy "repairs" fail."""
from __future__ import annotations

import copy
import json

import pytest

from playground.teaching import exercises as X
from playground.spec import limits as L
from playground.spec.catalog import STRUCTURES
from playground.validation import validate


class New(dict):
    """Returned by a change to replace the payload whole (other return values are ignored)."""


def fix(ex_id: str, change) -> str:
    data = copy.deepcopy(X.EXERCISES[ex_id].payload)
    out = change(data)          # mutates `data`, or returns New(...) to replace it
    return json.dumps(out if isinstance(out, New) else data, ensure_ascii=False)


def _carousel(d):
    d["template_id"] = "cards"
    d["elements"][0]["buttons"][0]["webview_height"] = "tall"
    d["elements"][1]["buttons"][0]["value"] = "https://example.com/winter"


def _buttons(d):
    d["elements"][0]["buttons"] = d["elements"][0]["buttons"][:L.MAX_BUTTONS]


def _sticker(d):
    d["elements"][0]["image"]["url"] = "https://cdn.livechatinc.com/stickers/thumbs-up.png"


def _quick(d):
    b = d["elements"][0]["buttons"]
    b[0]["value"] = "Sales"
    b[1]["user_ids"] = []
    b[2]["webview_height"] = "compact"


def _file(d):
    d["url"] = d.pop("link")


def _form(d):
    f = d["fields"]
    f[1]["answer"] = {"id": "0", "label": "Support"}
    f[2]["answers"] = f[2].pop("answer")
    f[3]["answer"]["group_id"] = 1


def _system(d):
    d["system_message_type"] = "agent_joined"
    d["text_vars"]["duration"] = "5"


def _custom(d):
    d["recipients"] = "agents"
    d["content"] = json.loads(d["content"])


def _thread(d):
    d["active"] = True
    d["events"][1]["created_at"] = "2020-05-12T11:43:02.000000Z"
    d["queue"]["position"] = 0
    d["created_at"] = "2020-05-12T11:42:47.000000Z"


def _customer(d):
    d["type"] = "customer"
    d["session_fields"] = [{"plan": "pro"}, {"seats": "10"}]


def _agent(d):
    d["routing_status"] = "accepting_chats"
    d["events_seen_up_to"] = "2024-01-02T10:00:00+01:00"


def _message_bytes(d):
    limit = L.MAX_TEXT_BYTES
    text = d["text"]
    while len(text.encode("utf-8")) > limit:
        text = text[:-1]
    d["text"] = text


ANSWERS = {
    "message-bytes": _message_bytes,
    "message-recipients": lambda d: d.update(recipients="agents"),
    "message-postback": lambda d: (d["postback"].update(thread_id="K600PKZON8"), d["postback"].pop("type")),
    "cards-carousel": _carousel,
    "too-many-buttons": _buttons,
    "sticker-image": _sticker,
    "quick-replies": _quick,
    "file-url": _file,
    "filled-form": _form,
    "system-message": _system,
    "custom-content": _custom,
    "thread-response": _thread,
    "customer-session": _customer,
    "access-all-agents": lambda d: d["access"].update(group_ids=[0]),
    "agent-routing": _agent,
    "properties-shape": lambda d: d.update(properties={"routing": {"priority": "vip"}}),
}

# Valid payloads that dodge the exercise: the broken part deleted, or everything deleted.
DODGES = {
    "message-bytes": [lambda d: d.update(text="Hi"), lambda d: d.update(text="🎁" * 100)],
    "message-recipients": [lambda d: d.pop("recipients"), lambda d: d.update(recipients="all")],
    "message-postback": [lambda d: d.pop("postback")],
    "cards-carousel": [lambda d: (_carousel(d), d["elements"].pop()),
                       lambda d: (d.update(template_id="cards"), [e.pop("buttons") for e in d["elements"]]),
                       lambda d: d.update(template_id="sticker", elements=[{"image": {"url": "https://x.io/a.png"}}])],
    "too-many-buttons": [lambda d: d["elements"][0].pop("buttons"),
                         lambda d: d["elements"][0].update(buttons=d["elements"][0]["buttons"][:2])],
    "sticker-image": [lambda d: d.update(template_id="cards", elements=[{"title": "Thumbs up"}]),
                      lambda d: d["elements"][0]["image"].update(url="https://example.com/other.png")],
    "quick-replies": [lambda d: d["elements"][0].pop("buttons")],
    "file-url": [lambda d: d.update(url="https://example.com/menu.pdf")],
    "filled-form": [lambda d: d.update(fields=d["fields"][:1])],
    "system-message": [lambda d: (d.update(system_message_type="agent_left"), d.pop("text_vars"))],
    "custom-content": [lambda d: (d.update(recipients="agents"), d.pop("content"))],
    "thread-response": [lambda d: New(id="K600PKZON8", active=True, created_at="2020-05-12T11:42:47.000000Z")],
    "customer-session": [lambda d: (d.update(type="customer"), d.pop("session_fields"))],
    "access-all-agents": [lambda d: d["access"].update(group_ids=[1])],
    "agent-routing": [lambda d: (d.pop("routing_status"), d.pop("events_seen_up_to"))],
    "properties-shape": [lambda d: d.update(properties={})],
}


def test_there_are_at_least_twelve_exercises_across_the_structures():
    assert len(X.EXERCISES) >= 12
    structures = {e.structure for e in X.EXERCISES.values()}
    assert len(structures) >= 8
    assert {"message", "rich_message", "file", "filled_form", "custom", "system_message"} <= structures
    for ex in X.EXERCISES.values():
        assert ex.structure in STRUCTURES and ex.mode in ("request", "response")
        assert ex.goal and ex.requirements and ex.teaches
    assert set(ANSWERS) == set(X.EXERCISES) == set(DODGES)


@pytest.mark.parametrize("ex_id", list(X.EXERCISES))
def test_the_original_fails_with_validator_errors(ex_id):
    ex = X.EXERCISES[ex_id]
    res = X.check(ex, ex.text)
    assert not res.passed
    assert res.errors, "a broken payload must be broken for the validator, not only for the goal"
    assert not validate(ex.text, ex.structure, ex.mode).ok


@pytest.mark.parametrize("ex_id", list(X.EXERCISES))
def test_a_known_answer_passes(ex_id):
    ex = X.EXERCISES[ex_id]
    res = X.check(ex, fix(ex_id, ANSWERS[ex_id]))
    assert res.passed, (res.summary, [i.message for i in res.errors], res.unmet)
    assert res.unmet == [] and len(res.met) == len(ex.requirements)
    assert X.hints(ex, fix(ex_id, ANSWERS[ex_id])) == []
    assert res.summary.startswith("Solved")


@pytest.mark.parametrize("ex_id", list(X.EXERCISES))
def test_dodging_the_goal_fails_even_when_valid(ex_id):
    ex = X.EXERCISES[ex_id]
    for dodge in DODGES[ex_id]:
        text = fix(ex_id, dodge)
        res = X.check(ex, text)
        assert not res.passed, text[:200]
        assert isinstance(json.loads(text), dict)
        if not res.errors:
            assert res.unmet and res.summary.startswith("Valid, but not what was asked")
            assert X.hints(ex, text)[0][0].startswith("Valid, but the goal also asks")


@pytest.mark.parametrize("ex_id", list(X.EXERCISES))
def test_hints_are_the_validators_issues(ex_id):
    ex = X.EXERCISES[ex_id]
    rep = validate(ex.text, ex.structure, ex.mode)
    hs = X.hints(ex)
    assert 1 <= len(hs) <= X.MAX_HINTS
    first = rep.errors[0]
    assert hs[0][0] == X.describe(first)
    assert first.message in hs[0][0] and f"line {first.line}, column {first.column}" in hs[0][0]
    assert hs[0][1] == first.spec
    assert X.first_hint(ex) == hs[0][0]


@pytest.mark.parametrize("text", ["", "{", "[]", "null", "\x00", "{\"type\": 1}", "9" * 5000,
                                  "[" * 5000, '{"elements": {"0": {}}}', "\ufeff{}"])
def test_any_text_is_checked_without_raising(text):
    for ex in X.EXERCISES.values():
        res = X.check(ex, text)
        assert not res.passed
        assert isinstance(res.summary, str)
        X.hints(ex, text)


def test_the_hint_of_a_partly_fixed_payload_moves_on():
    ex = X.EXERCISES["cards-carousel"]
    partly = fix("cards-carousel", lambda d: d.update(template_id="cards"))
    hs = X.hints(ex, partly)
    assert "template_id" not in hs[0][0] and "webview_height" in hs[0][0]


def test_progress_summary_counts_only_exercises():
    assert X.progress_summary(set()) == (0, len(X.EXERCISES))
    assert X.progress_summary({"cards-carousel", "not-an-exercise"}) == (1, len(X.EXERCISES))
