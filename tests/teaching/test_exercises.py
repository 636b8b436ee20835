"""Each exercise of every API version's set: the original fails, a known repair passes, lazy
"repairs" fail, all checked by the validator under the exercise's version."""
from __future__ import annotations

import copy
import json

import pytest

from playground.teaching import exercises as X
from playground.authoring import migrate
from playground.spec import catalog, limits as L
from playground.spec.catalog import VERSIONS
from playground.validation import validate

CASES = [(v, ex_id) for v in VERSIONS for ex_id in X.for_version(v)]


class New(dict):
    """Returned by a change to replace the payload whole (other return values are ignored)."""


def fix(ex_id: str, change, version: str = catalog.DEFAULT_VERSION) -> str:
    data = copy.deepcopy(X.for_version(version)[ex_id].payload)
    out = change(data)          # mutates `data`, or returns New(...) to replace it
    return json.dumps(out if isinstance(out, New) else data, ensure_ascii=False)


def aud(d) -> str:
    """The audience key the payload uses (recipients up to v3.3, visibility from v3.4)."""
    return "visibility" if "visibility" in d else "recipients"


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
    d[aud(d)] = "agents"
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
    "message-recipients": lambda d: d.update({aud(d): "agents"}),
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
    "ecommerce-product": lambda d: d["elements"][0]["ecommerce"].update(
        product_id="tshirt-classic", view_type="select",
        options=[dict(o, label=o.get("label", "Size " + o["option_id"])) for o in d["elements"][0]["ecommerce"]["options"]]),
    "migrate-from-3.2": lambda d: New({("visibility" if k == "recipients" else k): v for k, v in d.items()}),
}

# Valid payloads that dodge the exercise: the broken part deleted, or everything deleted.
DODGES = {
    "message-bytes": [lambda d: d.update(text="Hi"), lambda d: d.update(text="🎁" * 100)],
    "message-recipients": [lambda d: d.pop(aud(d)), lambda d: d.update({aud(d): "all"})],
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
    "custom-content": [lambda d: (d.update({aud(d): "agents"}), d.pop("content"))],
    "thread-response": [lambda d: New(id="K600PKZON8", active=True, created_at="2020-05-12T11:42:47.000000Z")],
    "customer-session": [lambda d: (d.update(type="customer"), d.pop("session_fields"))],
    "access-all-agents": [lambda d: d["access"].update(group_ids=[1])],
    "agent-routing": [lambda d: (d.pop("routing_status"), d.pop("events_seen_up_to"))],
    "properties-shape": [lambda d: d.update(properties={})],
    "ecommerce-product": [lambda d: d["elements"][0].pop("ecommerce"),
                          lambda d: d.update(template_id="cards", elements=[{"title": "T-shirt"}]),
                          lambda d: d["elements"][0].update(ecommerce={"view_type": "select", "product_id": "tshirt-classic"})],
    "migrate-from-3.2": [lambda d: New({k: v for k, v in d.items() if k != "recipients"} | {"visibility": "all"}),
                         lambda d: d.update(visibility="agents"),          # recipients left behind
                         lambda d: New(type="message", text="hi", id="x", visibility="agents",
                                       author_id="smith@example.com", created_at="2020-05-12T11:42:47.383000Z")],
}


def test_there_are_at_least_twelve_exercises_across_the_structures():
    assert len(X.EXERCISES) >= 12
    structures = {e.structure for e in X.EXERCISES.values()}
    assert len(structures) >= 8
    assert {"message", "rich_message", "file", "filled_form", "custom", "system_message"} <= structures
    for version in VERSIONS:
        for ex in X.for_version(version).values():
            assert ex.structure in catalog.structures(version) and ex.mode in ("request", "response")
            assert ex.goal and ex.requirements and ex.teaches and ex.version == version
    assert set(ANSWERS) == set(DODGES) == {i for _, i in CASES}
    assert X.EXERCISES == X.for_version("3.2")


def test_each_version_has_its_own_set_in_its_own_field_names():
    v36 = X.for_version("3.6")
    assert {"ecommerce-product", "migrate-from-3.2"} <= set(v36)
    assert "ecommerce-product" not in X.for_version("3.5") and "migrate-from-3.2" not in X.for_version("3.3")
    assert "visibility" in v36["message-recipients"].payload and "recipients" not in v36["message-recipients"].payload
    assert "recipients" in X.EXERCISES["message-recipients"].payload
    assert v36["message-recipients"].uid == "message-recipients@v3.6" != X.EXERCISES["message-recipients"].uid
    # the same answer is right under one version and wrong under the other: the exercise's version decides
    v32_answer = fix("message-recipients", ANSWERS["message-recipients"], "3.2")
    assert X.check(X.EXERCISES["message-recipients"], v32_answer).passed
    assert not X.check(v36["message-recipients"], v32_answer).passed


@pytest.mark.parametrize("version", [v for v in VERSIONS if "migrate-from-3.2" in X.for_version(v)])
def test_the_migration_exercise_is_solved_by_the_migration_engine(version):
    ex = X.for_version(version)["migrate-from-3.2"]
    moved = migrate.migrate(ex.text, version, source="3.2", mode="response")
    assert moved.changed and X.check(ex, moved.text).passed
    assert not X.check(ex, ex.text).passed


@pytest.mark.parametrize("version,ex_id", CASES)
def test_the_original_fails_with_validator_errors(version, ex_id):
    ex = X.for_version(version)[ex_id]
    res = X.check(ex, ex.text)
    assert not res.passed
    assert res.errors, "a broken payload must be broken for the validator, not only for the goal"
    assert not validate(ex.text, ex.structure, ex.mode, version=version).ok


@pytest.mark.parametrize("version,ex_id", CASES)
def test_a_known_answer_passes(version, ex_id):
    ex = X.for_version(version)[ex_id]
    res = X.check(ex, fix(ex_id, ANSWERS[ex_id], version))
    assert res.passed, (res.summary, [i.message for i in res.errors], res.unmet)
    assert res.unmet == [] and len(res.met) == len(ex.requirements)
    assert X.hints(ex, fix(ex_id, ANSWERS[ex_id], version)) == []
    assert res.summary.startswith("Solved")


@pytest.mark.parametrize("version,ex_id", CASES)
def test_dodging_the_goal_fails_even_when_valid(version, ex_id):
    ex = X.for_version(version)[ex_id]
    for dodge in DODGES[ex_id]:
        text = fix(ex_id, dodge, version)
        res = X.check(ex, text)
        assert not res.passed, text[:200]
        assert isinstance(json.loads(text), dict)
        if not res.errors:
            assert res.unmet and res.summary.startswith("Valid, but not what was asked")
            assert X.hints(ex, text)[0][0].startswith("Valid, but the goal also asks")


@pytest.mark.parametrize("version,ex_id", CASES)
def test_hints_are_the_validators_issues(version, ex_id):
    ex = X.for_version(version)[ex_id]
    rep = validate(ex.text, ex.structure, ex.mode, version=version)
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
    v36 = X.for_version("3.6")
    assert X.progress_summary({"cards-carousel@v3.6", "cards-carousel@v3.2"}, "3.6") == (1, len(v36))
    assert X.progress_summary({"cards-carousel"}, "3.6") == (0, len(v36))   # a version counts its uids only


def test_next_exercise_goes_to_the_next_unsolved_one_and_wraps():
    ids = list(X.for_version("3.6"))
    assert X.next_exercise(ids[0], set(), "3.6") == ids[1]
    solved = {X.for_version("3.6")[ids[1]].uid}
    assert X.next_exercise(ids[0], solved, "3.6") == ids[2]                    # skips what is solved
    assert X.next_exercise(ids[-1], set(), "3.6") == ids[0]                    # wraps round
    every = {e.uid for e in X.for_version("3.6").values()}
    assert X.next_exercise(ids[0], every, "3.6") == ids[1]                     # all solved: simply the next
    assert X.next_exercise("nope", set(), "3.6") == ids[0]
