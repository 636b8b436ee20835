"""playground.presentation.generate: deterministic, realistic, varied synthetic chat summaries; its CLI."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from playground.presentation import generate as G
from playground.validation import validate_data

ROOT = Path(__file__).resolve().parents[2]
UTC_MICRO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")


@pytest.fixture(scope="module")
def big():
    return G.generate(2000, seed=21)


def test_same_seed_same_output_other_seed_other_output():
    a = json.dumps(G.generate_chat_summaries(300, seed=4))
    assert a == json.dumps(G.generate_chat_summaries(300, seed=4))
    assert a != json.dumps(G.generate_chat_summaries(300, seed=5))
    # Deterministic across processes too (no hash-order or clock dependence).
    code = "import json; from playground.presentation.generate import generate_chat_summaries as g; print(json.dumps(g(300, seed=4)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={"PYTHONHASHSEED": "123", "PATH": ""}, check=True).stdout.strip()
    assert out == a


def test_a_prefix_is_stable_and_the_share_does_not_change_valid_items():
    ten = G.generate_chat_summaries(10, seed=9, invalid_share=0)
    assert G.generate_chat_summaries(20, seed=9, invalid_share=0)[:10] == ten
    clean = G.generate(400, seed=9, invalid_share=0)
    broken = G.generate(400, seed=9, invalid_share=0.1)
    assert len(broken.defects) == 40 and not clean.defects
    for i, (a, b) in enumerate(zip(clean.items, broken.items)):
        assert (a == b) == (i not in broken.defects), i


def test_bounds():
    assert G.generate_chat_summaries(0) == []
    for bad in (-1, G.MAX_N + 1):
        with pytest.raises(ValueError):
            G.generate(bad)
    with pytest.raises(ValueError):
        G.generate(10, invalid_share=1.5)


def test_variety(big):
    valid = [s for i, s in enumerate(big.items) if i not in big.defects]
    threads = [s["last_thread_summary"] for s in valid]
    active = Counter(t["active"] for t in threads)
    assert active[True] > 200 and active[False] > 1000
    queued = [t for t in threads if "queue" in t]
    assert len(queued) > 100 and all(t["active"] for t in queued)
    assert all(not any(u["type"] == "agent" for u in s["users"]) for s in valid if "queue" in s["last_thread_summary"])
    assert len({g for s in valid for g in s["access"]["group_ids"]}) == 6
    agents = {u["id"] for s in valid for u in s["users"] if u["type"] == "agent"}
    assert len(agents) == 12 and all("@" in a for a in agents)
    countries = Counter(s["users"][0]["last_visit"]["geolocation"]["country"] for s in valid)
    assert len(countries) >= 15 and countries.most_common(1)[0][0] == "United States"
    types = Counter(k for s in valid for k in s["last_event_per_type"])
    assert {"message", "rich_message", "file", "filled_form", "system_message", "custom"} <= set(types)
    props = Counter(f"{ns}.{k}" for s in valid for ns, d in s["properties"].items() for k in d)
    assert {"routing.continuous", "routing.pinned", "source.client_id"} <= set(props)
    assert any("rating" in s["last_thread_summary"]["properties"] for s in valid)
    templates = Counter(s["last_event_per_type"]["rich_message"]["event"]["template_id"]
                        for s in valid if "rich_message" in s["last_event_per_type"])
    assert set(templates) == {"cards", "quick_replies", "sticker"}
    assert len({s["id"] for s in big.items if "id" in s}) == len([s for s in big.items if "id" in s])


def test_shape_follows_the_spec(big):
    s = big.items[0] if 0 not in big.defects else big.items[1]
    assert list(s) == ["id", "last_thread_summary", "users", "last_event_per_type", "properties", "access", "is_followed"]
    t = s["last_thread_summary"]
    assert UTC_MICRO.match(t["created_at"])
    for kind, entry in s["last_event_per_type"].items():
        assert entry["event"]["type"] == kind
        assert entry["thread_id"] == t["id"] and entry["thread_created_at"] == t["created_at"]
        assert UTC_MICRO.match(entry["event"]["created_at"]) and entry["event"]["created_at"] > t["created_at"]
        assert "recipients" not in entry["event"]          # NOTES: last_event_per_type events carry none
        assert entry["event"]["id"].startswith(t["id"] + "_")
    assert "2024-03-04" <= t["created_at"][:10] <= "2024-03-31"     # START + SPAN_DAYS


def test_valid_items_are_valid_and_each_defect_is_an_error(big):
    assert set(Counter(big.defects.values())) == set(G.DEFECTS)
    assert len(big.defects) == 40
    for i, s in enumerate(big.items):
        issues = validate_data(s, "chat_summary", "response")
        errors = [x for x in issues if x.severity == "error"]
        if i in big.defects:
            assert errors, (i, big.defects[i])
        else:
            assert not errors, (i, [x.message for x in errors])


def test_file_urls_are_on_the_livechat_cdn(big):
    files = [s["last_event_per_type"]["file"]["event"] for s in big.items if "file" in s.get("last_event_per_type", {})]
    assert files and all(f["url"].startswith("https://cdn.livechat-files.com/api/file/lc/att/") for f in files)


# -- command line -----------------------------------------------------------------------------

def test_cli_prints_a_list(capsys):
    assert G.cli_generate(["--kind", "chat_summaries", "--n", "3", "--seed", "8"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == G.generate_chat_summaries(3, 8)


def test_cli_list_chats_format_to_a_file(tmp_path, capsys):
    out = tmp_path / "page.json"
    assert G.cli_generate(["--n", "4", "--seed", "1", "--format", "list_chats", "--out", str(out),
                           "--invalid-share", "0"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert list(data) == ["chats_summary", "found_chats", "next_page_id", "previous_page_id"]
    assert data["found_chats"] == 4 and data["chats_summary"] == G.generate_chat_summaries(4, 1, 0)
    assert "wrote 4 chat summaries" in capsys.readouterr().err
    assert not [i for i in validate_data(data, "chat_summaries") if i.severity == "error"]


@pytest.mark.parametrize("argv, words", [
    (["--n", "-5"], "--n must be between"),
    (["--n", "x"], "invalid int value"),
    (["--kind", "threads"], "invalid choice"),
    (["--invalid-share", "2"], "--invalid-share must be between"),
    (["--n", "1", "--out", "/nonexistent-dir/x.json"], "cannot write"),
])
def test_cli_usage_errors(argv, words, capsys):
    assert G.cli_generate(argv) != 0
    assert words in capsys.readouterr().err


def test_python_dash_m_playground_samples_generate():
    out = subprocess.run([sys.executable, "-m", "playground", "samples", "generate", "--kind", "chat_summaries",
                          "--n", "2", "--seed", "3"], capture_output=True, text=True, cwd=ROOT, check=True)
    assert json.loads(out.stdout) == G.generate_chat_summaries(2, 3)


# -- every API version; a page at a time ------------------------------------------------------

from playground.spec.catalog import VERSIONS  # noqa: E402


@pytest.mark.parametrize("version", VERSIONS)
def test_each_version_is_valid_in_that_version_and_shaped_as_it(version):
    g = G.generate(300, seed=6, version=version)
    name = "chat_info" if version == "3.7" else "chat_summary"
    for i, s in enumerate(g.items):
        issues = validate_data(s, name, "response", version=version)
        errors = [x for x in issues if x.severity == "error"]
        assert bool(errors) == (i in g.defects), (i, g.defects.get(i), [x.message for x in errors])
    s = next(s for i, s in enumerate(g.items) if i not in g.defects)
    customer = s["users"][0]
    at = VERSIONS.index(version)
    assert ("visit" in customer) == (at >= VERSIONS.index("3.6")) != ("last_visit" in customer)
    assert ("tickets_count" in customer["statistics"]) == (at >= VERSIONS.index("3.6"))
    events = [e["event"] for e in (s["last_thread_info"] if version == "3.7" else s)["last_event_per_type"].values()]
    assert all(("visibility" in e) == (at >= VERSIONS.index("3.4")) for e in events)
    assert ("last_thread_info" in s) == (version == "3.7") != ("last_thread_summary" in s)


def test_versions_share_the_chats_and_the_defects():
    a, b = G.generate(200, seed=3, version="3.2"), G.generate(200, seed=3, version="3.7")
    assert a.defects == b.defects
    assert [s.get("id") for s in a.items] == [s.get("id") for s in b.items]
    assert [s["last_thread_summary"]["id"] for s in a.items] == [s["last_thread_info"]["id"] for s in b.items]


def test_stream_pages_are_generate_and_any_page_is_made_again_alike():
    stream = G.Stream(2_345, seed=12, version="3.6", page_size=500)
    pages = list(stream.pages())
    assert len(pages) == len(stream) == 5 and [len(p) for p in pages] == [500, 500, 500, 500, 345]
    assert [s for p in pages for s in p] == G.generate(2_345, seed=12, version="3.6").items
    for p in (3, 0, 4):
        assert stream.page(p) == pages[p]
    assert stream.item(1_234) == pages[2][234]


def test_a_chat_id_drawn_again_in_the_first_pass_is_drawn_again_when_a_page_is_made_again():
    stream = G.Stream(40, seed=1, page_size=10)
    first = list(stream.pages())
    assert stream._rejected == [[], [], [], []]          # no collision in so few ids
    # As if the first pass had met page 2's fourth id on an earlier page: making page 2 again
    # must skip it as that pass did (the ids before it stay, the ones after move on).
    taken = first[2][3]["id"]
    stream._rejected[2] = [taken]
    again = stream.page(2)
    assert [s["id"] for s in again[:3]] == [s["id"] for s in first[2][:3]]
    assert taken not in {s["id"] for s in again}


def test_list_chats_page_per_version_and_cli_version(capsys):
    assert list(G.as_list_chats([], version="3.7")) == ["chats_info", "found_chats", "next_page_id", "previous_page_id"]
    assert list(G.as_list_chats([], version="3.6"))[0] == "chats_summary"
    assert G.cli_generate(["--n", "3", "--seed", "2", "--version", "3.7", "--format", "list_chats"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["chats_info"] == G.generate_chat_summaries(3, 2, version="3.7")
    assert not [i for i in validate_data(data, "chats_info", version="3.7") if i.severity == "error"]
    assert G.cli_generate(["--version", "4.0"]) != 0
