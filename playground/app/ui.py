"""Small Streamlit helpers every page uses: the last-resort guard, Markdown escaping, samples.

- ``guard(main)``: run a page's main function; an unexpected exception becomes a friendly
  ``st.error`` (and the traceback goes to the server log), never Streamlit's exception box.
- ``md(text)``: escape text a user typed before it goes into ``st.markdown`` / ``st.caption``
  (Markdown and Streamlit's ``:color[...]`` / ``$...$`` directives are shown literally).
- ``sample_gallery(version)``: one API version's samples grouped like its spec page (Events,
  Users, Other common structures), from ``playground.spec.catalog``.
- ``version_label(version)``: "v3.6 · stable", the way every page names a version.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from playground.app import state
from playground.spec import catalog

log = logging.getLogger("playground.app")

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
_MD_LIST_START = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)]))")


def md(text: object, limit: int | None = 2000) -> str:
    """Escape any text for Markdown (and cut it at `limit` characters, marking the cut)."""
    s = str(text)
    if limit is not None and len(s) > limit:
        s = s[:limit] + " …"
    s = _MD_SPECIAL.sub(r"\\\1", s.replace("\r", " ").replace("\n", " "))
    return _MD_LIST_START.sub(
        lambda m: m.group(1) + ("\\" + m.group(2) if m.group(2) else m.group(3) + "\\" + m.group(4)), s)


def code(text: object, limit: int | None = 200) -> str:
    """Inline code span for any text (backticks inside are handled; newlines flattened)."""
    s = str(text)
    if limit is not None and len(s) > limit:
        s = s[:limit] + "…"
    s = s.replace("\r", " ").replace("\n", " ")
    run = max((len(m) for m in re.findall(r"`+", s)), default=0)
    fence = "`" * (run + 1)
    pad = " " if s.startswith("`") or s.endswith("`") or not s.strip() else ""
    return f"{fence}{pad}{s}{pad}{fence}"


_CODE_SPAN = re.compile(r"`([^`\n]{1,300})`")


def md_code(text: object, limit: int | None = 2000) -> str:
    """Like md(), but the message's own `code spans` stay code spans (their content escaped by
    being code). The core writes field names in backticks; anything a user typed ends up either
    in a code span or escaped, never as Markdown."""
    s = str(text)
    if limit is not None and len(s) > limit:
        s = s[:limit] + " …"
    out, pos = [], 0
    for m in _CODE_SPAN.finditer(s):
        out.append(md(s[pos:m.start()], None))
        out.append(code(m.group(1), None))
        pos = m.end()
    out.append(md(s[pos:], None))
    return "".join(out)


def guard(main: Callable[[], None], page: str = "This page") -> None:
    """Run a page; show a friendly error instead of a traceback if something unexpected breaks.

    Streamlit's own control flow (st.rerun, st.stop, st.switch_page) is a BaseException and
    passes through untouched.
    """
    try:
        main()
    except Exception as exc:  # noqa: BLE001 - the last resort, by design
        log.exception("%s failed", page)
        st.error(
            f"{page} hit an unexpected problem and stopped ({type(exc).__name__}). Your payload "
            "is safe: it is kept in this session. Try Format, load a sample, or reload the page; "
            "if it happens again, please report what you did.",
            icon=":material/error:",
        )


def show_flashes() -> None:
    """Show (once) the messages queued with state.flash() before a rerun."""
    for kind, message in state.pop_flashes():
        getattr(st, kind, st.info)(message)


@dataclass(frozen=True)
class Sample:
    title: str          # e.g. "Rich message"
    structure: str | None
    path: Path
    version: str = catalog.DEFAULT_VERSION   # the API version whose page shows it

    @property
    def key(self) -> str:
        return self.path.relative_to(state.SAMPLES_DIR).as_posix()


_DIR_SECTIONS = {"events": "Events", "users": "Users", "common": "Other common structures",
                 "chats": "Other common structures"}
SECTION_ORDER = catalog.SECTIONS


def _title_from_path(p: Path) -> str:
    return p.stem.replace("_", " ").capitalize()


def sample_folder(version: str) -> Path:
    """Where a version's samples live: samples/ itself for the default (v3.2, the seed's
    samples), samples/v3_X/ for the others."""
    if version == catalog.DEFAULT_VERSION:
        return state.SAMPLES_DIR
    return state.SAMPLES_DIR / ("v" + version.replace(".", "_"))


def _unlisted_samples(version: str, seen: set[Path]) -> list[Path]:
    """The sample files of a version's folder that its catalog does not list (never another
    version's folder: samples/v3_X/ sit inside samples/)."""
    folder = sample_folder(version)
    out = []
    for p in sorted(folder.rglob("*.json")):
        inner = p.relative_to(folder).parts
        if version == catalog.DEFAULT_VERSION and inner[0].startswith("v3_"):
            continue
        if p.resolve() not in seen:
            out.append(p.resolve())
    return out


@st.cache_data(show_spinner=False, max_entries=16)
def sample_gallery(version: str = catalog.DEFAULT_VERSION) -> dict[str, list[Sample]]:
    """{section: [Sample, ...]} of one API version, in the spec's order; every sample file of
    that version appears exactly once.

    Sections and titles come from playground.spec.catalog; a sample file in the version's folder
    that the catalog does not list still appears, under the section of its folder.
    """
    groups: dict[str, list[Sample]] = {s: [] for s in SECTION_ORDER}
    seen: set[Path] = set()
    for name, s in catalog.structures(version).items():
        paths = [Path(p).resolve() for p in (getattr(s, "samples", None) or ())]
        for p in paths:
            if p in seen or not p.is_file():
                continue
            seen.add(p)
            title = s.title
            if len(paths) > 1 and p.stem != name:
                title = f"{title} — {p.stem.replace('_', ' ')}"
            groups.setdefault(s.section, []).append(Sample(title, name, p, version))
    for p in _unlisted_samples(version, seen):
        seen.add(p)
        section = _DIR_SECTIONS.get(p.parent.name, "Other common structures")
        groups.setdefault(section, []).append(Sample(_title_from_path(p), None, p, version))
    return {k: v for k, v in groups.items() if v}


@st.cache_data(show_spinner=False, max_entries=64)
def read_sample(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


STATUS_WORDS = {"preview": "developer preview"}


def version_status(version: str) -> str:
    """What LiveChat's docs call the version today: decommissioned, legacy, stable, developer preview."""
    status = catalog.STATUS.get(version, "")
    return STATUS_WORDS.get(status, status)


def version_label(version: str) -> str:
    status = version_status(version)
    return f"v{version} · {status}" if status else f"v{version}"
