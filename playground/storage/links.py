"""Short links to saved payloads: ``http://host/?s=<id>``, and how they are told from share links.

A share link (playground.authoring.sharelink) always carries the payload itself in ``p`` and may
name the structure in ``s``. A short link carries ``s`` alone. So: ``p`` present -> a share link
(its ``s`` is a structure name); ``s`` without ``p`` -> the id of a saved payload. Every share link
ever made has ``p``, so old links keep opening as before.

To make the two unambiguous by their look as well, an id is never something a structure name
could be: structure names match ``[a-z][a-z0-9_]{0,39}``; ids are 16 characters of base64url
(``secrets.token_urlsafe(12)``: 96 random bits) and are drawn again in the rare case (about 1 in
9 000) that one would match that pattern. A ``?s=message`` link therefore gets a message saying it
names a structure, i.e. a share link that lost its ``p``.
"""
from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit, urlunsplit

from playground.authoring import sharelink

PARAM_ID = sharelink.PARAM_STRUCTURE       # "s"
ID_BYTES = 12                              # 96 bits of randomness -> 16 characters
ID_LENGTH = 16
_ID = re.compile(r"^[A-Za-z0-9_-]{16}$")
_STRUCTURE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")   # sharelink's own rule for `s`


class BadId(ValueError):
    """Not an id this playground could have made; ``str(err)`` is a message for a person."""


def new_id() -> str:
    while True:
        candidate = secrets.token_urlsafe(ID_BYTES)
        if not _STRUCTURE_NAME.match(candidate):
            return candidate


def _one(params: Mapping, name: str) -> str | None:
    v = params.get(name)
    if isinstance(v, (list, tuple)):
        v = v[-1] if v else None
    return v if v is None or isinstance(v, str) else str(v)


def saved_id_in(params: Mapping) -> str | None:
    """The saved payload's id a query string asks for, or None (no ``s``, or a share link)."""
    if _one(params, sharelink.PARAM_PAYLOAD) is not None:
        return None
    value = _one(params, PARAM_ID)
    return value if value is not None else None


def check_id(value: str) -> str:
    """The id itself, or BadId saying why it cannot be one."""
    if not isinstance(value, str) or not value.strip():
        raise BadId("The link's `s` is empty: a link to a saved payload ends in `?s=` and 16 characters.")
    value = value.strip()
    if _ID.match(value):
        return value
    if _STRUCTURE_NAME.match(value):
        raise BadId(f"`{value}` is a structure name, not the id of a saved payload: this looks like a "
                    "share link that lost its `p=` part (the payload). Ask for the whole link again.")
    shown = "".join(c if c.isprintable() and c != "`" else "?" for c in value[:24]) + ("…" if len(value) > 24 else "")
    raise BadId(f"`{shown}` is not the id of a saved payload: ids made here are {ID_LENGTH} letters, "
                "digits, `-` or `_`. The link may have been cut or changed when it was copied.")


def build_url(base_url: str, payload_id: str) -> str:
    """``base_url`` with ``?s=<id>`` as its whole query (any query or fragment of base_url is dropped)."""
    scheme, netloc, path, _q, _f = urlsplit(base_url)
    return urlunsplit((scheme, netloc, path or "/", urlencode({PARAM_ID: payload_id}), ""))
