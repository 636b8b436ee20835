"""The editor's ace component: the patched streamlit-ace build is made from the installed package
(never committed), whole, once per stamp, and refuses a source it was not written for."""
from __future__ import annotations

import shutil
import threading

import pytest

from playground.app import ace_component as ace


def _chunk(folder):
    html = (folder / "index.html").read_text(encoding="utf-8")
    return next(p for p in (folder / "static" / "js").glob("main.*.chunk.js") if p.name in html)


def test_the_build_is_patched_at_the_three_places_and_has_the_assets():
    code = _chunk(ace.BUILD).read_text(encoding="utf-8")
    for before, after in ace.REWRITES:
        assert before not in code and after in code
    html = (ace.BUILD / "index.html").read_text(encoding="utf-8")
    assert './playground.js"></script></body>' in html and 'href="./playground.css"' in html
    assert (ace.BUILD / "playground.js").read_bytes() == (ace.ASSETS / "playground.js").read_bytes()


def test_made_once_whole_even_by_many_at_once(tmp_path):
    stamp = ace._stamp()
    out: list = []
    threads = [threading.Thread(target=lambda: out.append(ace._made_in(tmp_path, stamp))) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(out) == 6 and len(set(out)) == 1
    assert [p.name for p in tmp_path.iterdir()] == [stamp]          # no half-made folder left
    assert ace.REWRITES[0][1] in _chunk(out[0]).read_text(encoding="utf-8")


def test_a_source_without_the_expected_code_is_refused(tmp_path, monkeypatch):
    source = tmp_path / "src"
    shutil.copytree(ace.SOURCE, source)
    chunk = _chunk(source)
    chunk.write_text(chunk.read_text(encoding="utf-8").replace("enableLiveAutocompletion=!0", "x"), encoding="utf-8")
    monkeypatch.setattr(ace, "SOURCE", source)
    with pytest.raises(ace.AcePatchError, match="streamlit-ace==0.1.1"):
        ace._made_in(tmp_path / "out", "s")
    assert not (tmp_path / "out" / "s").exists()
