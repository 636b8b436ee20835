"""URL checks shared by the validator and the preview: one place decides what is dangerous."""
from __future__ import annotations

import html as _html
import re
import unicodedata
from typing import Any
from urllib.parse import unquote

MAX_URL_CHARS = 8_192

# Characters a browser's URL parser strips or that hide what a URL says: C0/C1 controls, spaces,
# and the invisible / bidi / zero-width code points used to disguise a scheme.
INVISIBLE = re.compile(
    "[\x00-\x20\x7f-\x9f\u00a0\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8]")
_DANGEROUS = re.compile(r"^(javascript|data|vbscript|livescript|mocha):", re.I)


def dropped_scheme(value: Any) -> str | None:
    """The dangerous scheme (``javascript``, ``data``, ``vbscript``, ...) a URL value uses, else None.

    Sees through what the widget's own check sees through, and a little more: control
    characters, whitespace, zero-width and bidi characters between the letters, mixed case,
    HTML entities (``javascript&#58;``, ``&#x6A;avascript:``), percent-encoding and full-width
    letters. The chat widget drops url and webview buttons whose value is such a URL.
    """
    if not isinstance(value, str):
        return None
    s = value[:MAX_URL_CHARS]
    for _ in range(4):                    # nested entities: &amp;#58; -> &#58; -> :
        u = _html.unescape(s)
        if u == s:
            break
        s = u
    for _ in range(2):
        s = unquote(s)
    s = unicodedata.normalize("NFKC", s)  # full-width letters and colons
    s = INVISIBLE.sub("", s)
    m = _DANGEROUS.match(s)
    return m.group(1).lower() if m else None


# Host names reserved for documentation and tests (RFC 2606, RFC 6761): no real picture lives there.
_RESERVED_HOST = re.compile(r"(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost)\.?$", re.I)


def reserved_host(host: Any) -> bool:
    """True for a host reserved for examples (``example.com``, ``cdn.example.org``, ``x.test``,
    ``a.invalid``, ``localhost``): a URL there is a placeholder, never a resource worth fetching."""
    return isinstance(host, str) and bool(_RESERVED_HOST.search(host))
