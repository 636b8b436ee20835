"""Share links: the current payload, structure, mode and API version carried in a URL's query string.

A link looks like ``http://host/?p=1.eJyrVkrLz1eyUkpKLFKqBQA...&s=message&m=request&v=3.6``:

- ``p`` is the payload text: UTF-8, compressed with zlib (level 9), base64url without padding,
  prefixed with the format version and a dot (``1.``). Everything a user typed comes back
  byte for byte (Cyrillic, emoji, key order, whitespace).
- ``s`` is the structure name (absent when the structure is detected from the payload),
  ``m`` the mode (``request``, ``response`` or ``detect``: a response when the payload has the
  fields the server adds, else a request). A link without ``m`` means ``response``, what it
  meant before the mode could be detected.
- ``v`` the Agent Chat API version the payload is checked against (``3.2`` ... ``3.7``), absent
  when the version is detected from the payload. A link without ``v`` (every link made before
  versions existed) means "detect"; a ``v`` this playground does not know is not an error: the
  link opens with the version detected and ``SharedPayload.notes`` says why.

Bounds (documented in the README):

- ``MAX_TOKEN_CHARS``: the encoded payload may be at most 8 000 characters long. Links longer
  than ~8 KB are cut or refused by some browsers, proxies and chat tools; a payload that does
  not fit gets a clear :class:`ShareLinkTooLarge` instead of a broken link.
- ``MAX_TEXT_BYTES``: decoding stops once the text passes 1 MiB, so a hostile link built to
  expand enormously (a "zip bomb") costs at most that much memory and is refused.

No Streamlit here: pure functions, tested with pytest and hypothesis.
"""
from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

from playground.spec import catalog

VERSION = "1"
PARAM_PAYLOAD = "p"
PARAM_STRUCTURE = "s"
PARAM_MODE = "m"
PARAM_API_VERSION = "v"
PARAMS = (PARAM_PAYLOAD, PARAM_STRUCTURE, PARAM_MODE, PARAM_API_VERSION)
DETECT = "detect"                # the value of `v` (or its absence) meaning "detect the version"

MAX_TOKEN_CHARS = 8_000          # encoded payload (the value of `p`), version prefix included
MAX_TEXT_BYTES = 1024 * 1024     # decoded payload, UTF-8 bytes
MODES = ("request", "response", DETECT)   # DETECT: from the server's fields (validation/modes.py)

_B64URL = re.compile(r"^[A-Za-z0-9_-]*$")
_STRUCTURE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class ShareLinkError(ValueError):
    """A link that cannot be read; ``str(err)`` is a message for a person."""


class ShareLinkTooLarge(ShareLinkError):
    """The payload does not fit in a link of MAX_TOKEN_CHARS characters."""

    def __init__(self, message: str, size: int):
        super().__init__(message)
        self.size = size


@dataclass(frozen=True, slots=True)
class SharedPayload:
    text: str
    structure: str | None = None   # None: detect from the payload
    mode: str = "response"
    version: str | None = None     # an API version of catalog.VERSIONS; None: detect it
    notes: tuple[str, ...] = ()    # for a person: what the link asked for that could not be kept


def encode_text(text: str) -> str:
    """Text -> ``1.<base64url(zlib(utf-8))>``. Raises ShareLinkTooLarge past MAX_TOKEN_CHARS."""
    raw = text.encode("utf-8", "surrogatepass")
    if len(raw) > MAX_TEXT_BYTES:
        raise ShareLinkTooLarge(
            f"This payload is {len(raw):,} bytes; a share link carries at most "
            f"{MAX_TEXT_BYTES:,} bytes. Download it as a .json file and share the file instead.",
            size=len(raw))
    packed = base64.urlsafe_b64encode(zlib.compress(raw, 9)).rstrip(b"=").decode("ascii")
    token = f"{VERSION}.{packed}"
    if len(token) > MAX_TOKEN_CHARS:
        raise ShareLinkTooLarge(
            f"This payload needs a link of {len(token):,} characters even compressed; links are "
            f"kept under {MAX_TOKEN_CHARS:,} characters because longer ones get cut by browsers "
            "and chat tools. Download it as a .json file and share the file instead.",
            size=len(token))
    return token


def decode_text(token: str) -> str:
    """``1.<...>`` -> text. Raises ShareLinkError with a clear message for anything else."""
    if not isinstance(token, str) or not token:
        raise ShareLinkError("The share link has no payload (the `p` parameter is empty).")
    if len(token) > MAX_TOKEN_CHARS + 16:
        raise ShareLinkError(
            f"The share link's payload is {len(token):,} characters long; links made here are at "
            f"most {MAX_TOKEN_CHARS:,}. It was probably not made by this playground.")
    version, dot, packed = token.partition(".")
    if not dot:
        raise ShareLinkError(
            "The share link is not in a format this playground knows (it should start with "
            f"`{VERSION}.`); it may have been cut or edited.")
    if version != VERSION:
        shown = version[:12] if version.isprintable() else "?"
        raise ShareLinkError(
            f"The share link uses format version {shown!r}; this playground reads version "
            f"{VERSION!r}. Ask for a new link.")
    if not _B64URL.match(packed) or len(packed) % 4 == 1:
        raise ShareLinkError(
            "The share link is damaged: its payload is not valid base64url (it may have been cut "
            "or a character changed when it was copied).")
    try:
        compressed = base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4))
    except (binascii.Error, ValueError):
        raise ShareLinkError("The share link is damaged: its payload is not valid base64url.") from None
    d = zlib.decompressobj()
    try:
        raw = d.decompress(compressed, MAX_TEXT_BYTES + 1)
        if len(raw) > MAX_TEXT_BYTES or d.unconsumed_tail:
            raise ShareLinkError(
                f"The share link expands to more than {MAX_TEXT_BYTES:,} bytes; it was refused "
                "(links made here hold at most that much).")
        raw += d.flush(MAX_TEXT_BYTES + 1 - len(raw))
    except zlib.error:
        raise ShareLinkError(
            "The share link is damaged: its payload could not be decompressed (it may have been "
            "cut when it was copied).") from None
    if len(raw) > MAX_TEXT_BYTES:
        raise ShareLinkError(
            f"The share link expands to more than {MAX_TEXT_BYTES:,} bytes; it was refused.")
    if not d.eof:
        raise ShareLinkError(
            "The share link is incomplete: its payload ends early (it was probably cut when it "
            "was copied).")
    if d.unused_data:
        raise ShareLinkError("The share link is damaged: extra bytes follow its payload.")
    try:
        return raw.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError as e:
        raise ShareLinkError(
            f"The share link's payload is not UTF-8 text (bad byte at offset {e.start}).") from None


def encode(text: str, structure: str | None = None, mode: str = "response",
           version: str | None = None) -> dict[str, str]:
    """The query parameters of a link to this payload (structure None = detect; version None or
    DETECT = detect; any other version must be one of catalog.VERSIONS)."""
    params = {PARAM_PAYLOAD: encode_text(text)}
    if structure:
        params[PARAM_STRUCTURE] = structure
    if mode != "response":
        params[PARAM_MODE] = mode
    if version and version != DETECT:
        params[PARAM_API_VERSION] = catalog.check_version(version)
    return params


def _one(params: Mapping, name: str) -> str | None:
    v = params.get(name)
    if isinstance(v, (list, tuple)):
        v = v[-1] if v else None
    return v if v is None or isinstance(v, str) else str(v)


def has_link(params: Mapping) -> bool:
    return _one(params, PARAM_PAYLOAD) is not None


def decode(params: Mapping) -> SharedPayload:
    """Query parameters -> SharedPayload. Raises ShareLinkError with a message for a person."""
    token = _one(params, PARAM_PAYLOAD)
    if token is None:
        raise ShareLinkError("The link carries no payload (no `p` parameter).")
    text = decode_text(token)
    structure = _one(params, PARAM_STRUCTURE) or None
    if structure is not None and not _STRUCTURE_NAME.match(structure):
        raise ShareLinkError(
            "The share link names a structure that is not a structure name "
            "(lowercase letters, digits and _ only).")
    mode = _one(params, PARAM_MODE) or "response"
    if mode not in MODES:
        raise ShareLinkError(
            f"The share link's mode must be request, response or detect, not {mode[:20]!r}.")
    version, notes = decode_version(_one(params, PARAM_API_VERSION))
    return SharedPayload(text=text, structure=structure, mode=mode, version=version, notes=notes)


def decode_version(value: str | None) -> tuple[str | None, tuple[str, ...]]:
    """The ``v`` parameter -> (version or None for detect, notes). Never raises: a value that is
    not a known version (a future one, a typo, something hostile) falls back to detection, and
    the note says so (quoting at most 20 printable characters of it)."""
    if value is None or value.strip().lower() in ("", DETECT):
        return None, ()
    wanted = value.strip()
    wanted = wanted[1:] if wanted[:1] in "vV" else wanted
    if wanted in catalog.VERSIONS:
        return wanted, ()
    shown = "".join(c if c.isprintable() else "?" for c in value[:20]) + ("…" if len(value) > 20 else "")
    return None, (f"The share link asks for API version {shown!r}, which this playground does not "
                  "know (it knows " + ", ".join(catalog.VERSIONS) + "); the version is detected "
                  "from the payload instead.",)


def build_url(base_url: str, text: str, structure: str | None = None, mode: str = "response",
              version: str | None = None) -> str:
    """``base_url`` with the link's query string (any query or fragment of base_url is replaced)."""
    scheme, netloc, path, _q, _f = urlsplit(base_url)
    return urlunsplit((scheme, netloc, path or "/", urlencode(encode(text, structure, mode, version)), ""))
