"""The editor and the API version, through AppTest: the picker, the verdict under every version,
share links with the version, the samples of each version, the JSON Schema of the version in
use, and "Migrate to another version"."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from playground.app import state
from playground.authoring import sharelink
from playground.spec import catalog

ROOT = Path(__file__).resolve().parents[2]
EDITOR = ROOT / "playground" / "app" / "views" / "editor.py"
SAMPLES = ROOT / "samples"

# a v3.6 message request: `visibility` (v3.4 on) and nothing that only v3.7 has
V36_MESSAGE = '{\n  "type": "message",\n  "text": "hello",\n  "visibility": "all"\n}\n'
V32_MESSAGE = '{\n  "type": "message",\n  "text": "hello",\n  "recipients": "all"\n}\n'
V36_RESPONSE = (SAMPLES / "v3_6" / "events" / "message.json").read_text()   # has `visibility`


def _run(text: str | None = None, *, version: str | None = None, mode: str = "request",
         params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(EDITOR), default_timeout=60)
    if text is not None:
        at.session_state[state.TEXT_KEY] = text
    at.session_state[state.MODE_KEY] = mode
    if version is not None:
        at.session_state[state.VERSION_KEY] = version
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    _clean(at)
    return at


def _clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not [e for e in at.error if "unexpected problem" in e.value]


def _texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements).replace("\\", "").replace("**", "")


def _verdict(at: AppTest) -> str:
    return _texts([*at.success, *at.error, *at.warning])


def _report(at: AppTest):
    return at.session_state[state.REPORT_CACHE_KEY][1]


def _matrix(at: AppTest) -> dict:
    return {b.key.removeprefix("matrix-"): b for b in at.button if (b.key or "").startswith("matrix-")}


# -- the picker --------------------------------------------------------------------------------
def test_detect_is_the_default_and_the_verdict_says_which_version_and_why():
    at = _run(V36_MESSAGE)
    assert at.session_state[state.VERSION_KEY] == state.DETECT
    picker = at.selectbox(key=state.VERSION_WIDGET_KEY)
    assert picker.options[0].startswith("Detect") and "v3.6" in picker.options[0]
    assert [o.split(" ·")[0] for o in picker.options[1:]] == [f"v{v}" for v in catalog.VERSIONS]
    assert "v3.2 · decommissioned" in picker.options and "v3.6 · stable" in picker.options
    assert "v3.7 · developer preview" in picker.options and "v3.4 · legacy" in picker.options
    report = _report(at)
    assert report.version == "3.6" and report.version_detected and report.ok
    verdict = _verdict(at)
    assert "Valid" in verdict and "API v3.6 · stable, detected: has `visibility`, introduced in v3.4" in verdict
    assert "v3.6 · stable" in _texts(at.caption)           # the page's caption names the version


def test_the_picker_switches_the_version_and_the_verdict_follows():
    at = _run(V36_RESPONSE, mode="response")
    at.selectbox(key=state.VERSION_WIDGET_KEY).set_value("3.2").run()
    _clean(at)
    assert at.session_state[state.VERSION_KEY] == "3.2"
    report = _report(at)
    assert report.version == "3.2" and not report.version_detected and not report.ok
    verdict = _verdict(at)
    assert "API v3.2 · decommissioned, as chosen. By its fields this payload fits v3.4–v3.7." in verdict
    assert "1 error" in verdict and "no `recipients`" in verdict
    assert "v3.2 · decommissioned" in _texts(at.caption)
    at.selectbox(key=state.VERSION_WIDGET_KEY).set_value(state.DETECT).run()
    assert at.session_state[state.VERSION_KEY] == state.DETECT and _report(at).version == "3.6"


def test_the_structure_list_is_the_versions_own():
    at = _run(V32_MESSAGE, version="3.2")
    assert "Cart (cart)" not in at.selectbox(key=state.STRUCTURE_WIDGET_KEY).options
    at = _run(V36_MESSAGE, version="3.6")
    assert "Cart (cart)" in at.selectbox(key=state.STRUCTURE_WIDGET_KEY).options


# -- the verdict under every version -------------------------------------------------------------
def test_the_matrix_row_shows_six_verdicts_and_highlights_the_version_in_use():
    at = _run(V36_RESPONSE, mode="response")
    row = _matrix(at)
    assert list(row) == list(catalog.VERSIONS)
    assert {v: b.label for v, b in row.items()} == {
        "3.2": "v3.2 · 1 error", "3.3": "v3.3 · 1 error", "3.4": "v3.4 · valid", "3.5": "v3.5 · valid",
        "3.6": "v3.6 · valid", "3.7": "v3.7 · valid"}
    assert [v for v, b in row.items() if b.proto.type == "primary"] == ["3.6"]
    assert "1 error, 1 warning" in row["3.2"].help
    # a request that only warns under v3.2 says so
    assert _matrix(_run(V36_MESSAGE))["3.2"].label == "v3.2 · 2 warnings"


def test_a_click_in_the_matrix_switches_to_that_version():
    at = _run(V36_RESPONSE, mode="response")
    _matrix(at)["3.2"].click().run()
    _clean(at)
    assert at.session_state[state.VERSION_KEY] == "3.2" and _report(at).version == "3.2"
    row = _matrix(at)
    assert [v for v, b in row.items() if b.proto.type == "primary"] == ["3.2"]
    issues = _texts(at.markdown)
    assert "no `recipients`" in issues and "`visibility` is not a field of Message" in issues
    # the message names the version the payload belongs to (issue 11, item 4)
    assert "has `visibility`, which replaced `recipients` in v3.4" in issues
    _matrix(at)["3.6"].click().run()
    assert at.session_state[state.VERSION_KEY] == "3.6" and _report(at).ok


# -- share links ----------------------------------------------------------------------------------
def test_a_share_link_with_v36_opens_in_v36():
    at = _run(V32_MESSAGE, params=sharelink.encode(V36_MESSAGE, None, "request", "3.6"))
    assert at.session_state[state.TEXT_KEY] == V36_MESSAGE
    assert at.session_state[state.VERSION_KEY] == "3.6" and _report(at).version == "3.6"
    assert "checked against v3.6" in _texts(at.success)
    assert at.query_params[sharelink.PARAM_API_VERSION] == "3.6"    # the link stays: a reload opens it again


def test_an_old_share_link_opens_with_the_version_detected():
    at = _run(V36_MESSAGE, version="3.2", params=sharelink.encode(V36_MESSAGE, "message", "request"))
    assert at.session_state[state.VERSION_KEY] == state.DETECT and _report(at).version == "3.6"


def test_a_hostile_version_in_a_share_link_gives_a_message_and_detects():
    params = {**sharelink.encode(V36_MESSAGE, None, "request"), "v": "<b>9.9</b>**"}
    at = _run(V32_MESSAGE, params=params)
    assert at.session_state[state.TEXT_KEY] == V36_MESSAGE
    assert at.session_state[state.VERSION_KEY] == state.DETECT
    warning = _texts(at.warning)
    assert "does not know" in warning and "detected from the payload instead" in warning
    assert "<b>" not in "\n".join(w.value for w in at.warning).replace("\\<b\\>", "")


def test_the_share_panel_link_carries_the_chosen_version():
    at = _run(V36_MESSAGE, version="3.5")
    at.session_state["share-popover"] = True      # the link is made when Share is opened
    at.run()
    links = [c.value for c in at.code if c.value.startswith("http")]
    assert links and "&v=3.5" in links[0]
    at = _run(V36_MESSAGE)
    at.session_state["share-popover"] = True
    at.run()
    links = [c.value for c in at.code if c.value.startswith("http")]
    assert links and "v=" not in links[0].split("?", 1)[1].replace("p=", "")


# -- samples and the JSON Schema ------------------------------------------------------------------
def test_the_gallery_shows_a_versions_samples_and_loading_one_sets_its_version():
    at = _run(V32_MESSAGE, version="3.2")
    assert "sample-v3_6/events/system.json" not in [b.key for b in at.button]
    at.segmented_control(key=state.SAMPLE_VERSION_WIDGET_KEY).set_value("3.6").run()
    keys = [b.key for b in at.button]
    assert "sample-v3_6/events/system.json" in keys and "sample-events/message.json" not in keys
    at.button(key="sample-v3_6/events/message.json").click().run()
    _clean(at)
    assert at.session_state[state.TEXT_KEY] == (SAMPLES / "v3_6" / "events" / "message.json").read_text()
    assert at.session_state[state.VERSION_KEY] == "3.6" and _report(at).ok


def test_the_json_schema_download_is_the_versions():
    at = _run(V36_MESSAGE, version="3.6")
    (download,) = [d for d in at.get("download_button") if d.proto.label == "JSON Schema"]
    assert "in v3.6" in download.proto.help
    at = _run(V32_MESSAGE, version="3.2")
    (download,) = [d for d in at.get("download_button") if d.proto.label == "JSON Schema"]
    assert "in v3.2" in download.proto.help


# -- migration ------------------------------------------------------------------------------------
def test_migrate_shows_a_diff_and_the_notes_and_apply_replaces_the_text():
    at = _run(V36_MESSAGE)
    assert at.selectbox(key=state.MIGRATE_TARGET_KEY).value is None
    at.selectbox(key=state.MIGRATE_TARGET_KEY).set_value("3.2").run()
    _clean(at)
    diffs = [c.value for c in at.code if c.language == "diff"]
    assert diffs, [c.language for c in at.code]
    assert '-  "visibility": "all"' in diffs[0] and '+  "recipients": "all"' in diffs[0]
    assert diffs[0].startswith("--- v3.6\n+++ v3.2")
    at.button(key="migrate-apply").click().run()
    _clean(at)
    assert at.session_state[state.TEXT_KEY] == V36_MESSAGE.replace('"visibility"', '"recipients"')
    assert at.session_state[state.VERSION_KEY] == "3.2"
    assert _report(at).version == "3.2" and _report(at).ok
    assert "Migrated from v3.6 to v3.2" in _texts(at.success)


@pytest.mark.parametrize("payload", [
    {"type": "message", "text": "x", "visibility": "all",
     "properties": {"ns": {f"k{i}": "v" * 40 for i in range(6_000)}}},          # 300 KB
    {"type": "message", "text": "x", "visibility": "all", **{f"extra_{i}": i for i in range(600)}},
], ids=["large", "many-issues"])
def test_a_costly_payload_gets_the_matrix_on_demand(payload):
    at = _run(json.dumps(payload))
    assert not _matrix(at) and state.MATRIX_CACHE_KEY not in at.session_state
    at.button(key="ask-matrix").click().run()
    _clean(at)
    assert list(_matrix(at)) == list(catalog.VERSIONS)
    assert "ask-matrix" not in [b.key for b in at.button]
