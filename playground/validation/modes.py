"""Detection of the mode: is a payload a request (what you send) or a response (what the API returns)?

    mode, reason = detect_mode(data)         # ("response", "has `id`, `created_at` ...")

The server adds some fields to every event it stores: they are required in the response model of
(nearly) every event and absent from its request model. Which ones they are is read from the
models (`server_fields()`: `id`, `created_at` and `author_id` in every version so far; no field
name is written here). A payload that has any of them is a response; one that has none of them
is a request. An array (a list of events, chat summaries) goes by its objects: a response when at
least half of them carry a server field. Anything else (not JSON, a bare value) is checked as a
response, the shape the spec's samples have.

`validate(text, mode="detect")` calls `detect_mode` once the text is parsed and says on the
Report which mode was assumed (`mode_detected`, `mode_reason`); the editor, the CLI and share
links use it as their default.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from playground.spec import catalog

DETECT = "detect"
MODES = ("request", "response")
DETECTABLE = MODES + (DETECT,)


def _keys(model: Any) -> dict[str, Any]:
    return {(f.alias or name): f for name, f in getattr(model, "model_fields", {}).items()}


@lru_cache(maxsize=1)
def server_fields() -> tuple[str, ...]:
    """The fields the server adds to every event: required in the response model and absent from
    the request model of at least half of the (version, event structure) pairs, in the order the
    first such model declares them."""
    counts: dict[str, int] = {}
    pairs = 0
    for version in catalog.VERSIONS:
        for st in catalog.structures(version).values():
            request, response = st.model("request"), st.model("response")
            if request is response or not hasattr(response, "model_fields"):
                continue
            pairs += 1
            sent = _keys(request)
            for key, f in _keys(response).items():
                if key not in sent and f.is_required():
                    counts[key] = counts.get(key, 0) + 1
    return tuple(k for k, n in counts.items() if 2 * n >= pairs)


def _code_list(keys) -> str:
    return ", ".join(f"`{k}`" for k in keys)


def detect_mode(data: Any) -> tuple[str, str]:
    """("request" | "response", why, for a person) from the fields the payload has."""
    fields = server_fields()
    named = _code_list(fields)
    if isinstance(data, dict):
        found = [k for k in fields if k in data]
        if found:
            return "response", (f"has {_code_list(found)}, which the server adds to what it returns, "
                                "so it was checked as a response")
        return "request", (f"has none of the fields the server adds ({named}), so it was checked as "
                           "a request (what you send)")
    if isinstance(data, list):
        objects = [item for item in data if isinstance(item, dict)]
        if not objects:
            return "response", "an array without objects: checked as a response, like the spec's samples"
        with_fields = sum(1 for item in objects if any(k in item for k in fields))
        if 2 * with_fields >= len(objects):
            return "response", (f"{with_fields} of its {len(objects)} objects have fields the server adds "
                                f"({named}), so it was checked as a response")
        return "request", (f"{len(objects) - with_fields} of its {len(objects)} objects have none of the "
                           f"fields the server adds ({named}), so it was checked as a request")
    return "response", "not a JSON object: checked as a response, like the spec's samples"


def one_shape(version: str, structure: str | None) -> bool:
    """True when `structure` has one model for both modes in `version` (users, chats, threads...):
    the mode changes nothing there."""
    st = catalog.structures(version).get(structure or "")
    return st is not None and st.model("request") is st.model("response")


def assume(report: Any, data: Any, parsed: bool) -> str:
    """Step 3a of validate(mode="detect"): detect the mode, write it and why on `report`
    (mode, mode_detected, mode_reason) and return it."""
    if parsed:
        mode, reason = detect_mode(data)
    else:
        mode, reason = "response", "the text could not be read as JSON, so it was checked as a response"
    report.mode, report.mode_detected, report.mode_reason = mode, True, reason
    return mode


def explain(report: Any) -> None:
    """After the check: a structure with one shape for both modes says so instead."""
    if report.mode_detected and one_shape(report.version, report.structure):
        report.mode_reason = (f"`{report.structure}` has the same fields in requests and responses, so the "
                              "mode changes nothing; checked as a response")
        report.mode = "response"
