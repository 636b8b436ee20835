"""What the server does with an event you send: request in, response out.

    response, added = simulate_response(request, "message", author_id="smith@example.com")

The response is the request plus what the API generates (``id``, ``created_at`` in UTC with
microseconds, ``author_id`` — the user whose token sent it) and what it fills in: the documented
default of ``recipients``, and for a file the ``name`` and ``content_type`` it learns from the
upload. Which fields exist only in the response is read from the models (the response model's
fields minus the request model's), so nothing here restates the spec's tables; the result is
checked against the response model before it is returned.

Per API version: every function takes `version` (default: the catalog's default, v3.2) and
reads that version's models, so a v3.6 request gets `visibility` (its documented default) and
v3.6's response fields.

Pure: no Streamlit, no network. ``now`` and ``id_factory`` make it deterministic for tests.
"""
from __future__ import annotations

import copy
import json
import mimetypes
import posixpath
import uuid
from datetime import datetime, timezone
from typing import Any, Callable
from urllib.parse import unquote, urlsplit

from playground.spec import catalog
from playground.spec.catalog import DEFAULT_VERSION, EVENT_NAMES, audience_field
from playground.validation.report import Issue
from playground.validation import validate_data
from playground.authoring.snippets import json_text

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"   # the spec's "resolution of microseconds, UTC"
DEFAULT_CONTENT_TYPE = "application/octet-stream"


class InvalidRequest(ValueError):
    """The request has errors: the server would refuse it, so there is no response to show."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        first = issues[0] if issues else None
        where = f" at {first.path}" if first is not None else ""
        super().__init__(f"The request is not valid ({len(issues)} error(s); first{where}: "
                         f"{first.message if first else '?'})")


def event_structure(request: Any, structure: str | None = None) -> str:
    """The event structure name of a request: `structure` itself, or (for None / "event") its type."""
    if structure in EVENT_NAMES:
        return structure
    t = request.get("type") if isinstance(request, dict) else None
    if structure in (None, "event") and t in EVENT_NAMES:
        return t
    raise ValueError(f"Only events have a send_event response; {structure or t!r} is not one of: "
                     + ", ".join(EVENT_NAMES) + ".")


def _fields(model: Any) -> dict[str, Any]:
    return {(f.alias or n): f for n, f in model.model_fields.items()}


def _structure(structure: str, version: str) -> catalog.Structure:
    return catalog.get(version, event_structure({}, structure))


def server_fields(structure: str, version: str = DEFAULT_VERSION) -> list[str]:
    """Fields only the response has (the server generates them), in the response model's order."""
    st = _structure(structure, version)
    req = _fields(st.request_model)
    return [k for k in _fields(st.response_model) if k not in req]


def generated_fields(structure: str, version: str = DEFAULT_VERSION) -> list[str]:
    """Of server_fields, those every response carries (required in the response model)."""
    st = _structure(structure, version)
    resp = _fields(st.response_model)
    return [k for k in server_fields(structure, version) if resp[k].is_required()]


def default_of(structure: str, key: str, version: str = DEFAULT_VERSION) -> Any:
    """The documented default the server applies to a request field (json_schema_extra default)."""
    st = _structure(structure, version)
    f = _fields(st.request_model).get(key)
    extra = f.json_schema_extra if f is not None and isinstance(f.json_schema_extra, dict) else {}
    return extra.get("default")


def request_from_response(event: dict, structure: str | None = None, version: str = DEFAULT_VERSION) -> dict:
    """The request that would produce this returned event: the same event without the fields
    only a response has (key order kept)."""
    name = event_structure(event, structure)
    drop = set(server_fields(name, version))
    return {k: copy.deepcopy(v) for k, v in event.items() if k not in drop}


def timestamp(now: datetime | None = None) -> str:
    """A created_at value: RFC 3339 in UTC with microseconds (a naive `now` is taken as UTC)."""
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    return now.astimezone(timezone.utc).strftime(TIMESTAMP_FORMAT)


def _file_name(url: str) -> str:
    path = urlsplit(url if "//" in url else "https://" + url).path
    name = posixpath.basename(unquote(path)) or "file"
    return name[:255]


def _content_type(name: str) -> str:
    guessed, _ = mimetypes.guess_type(name, strict=False)
    return guessed or DEFAULT_CONTENT_TYPE


def simulate_response(request: dict, structure: str, author_id: str, now: datetime | None = None,
                      id_factory: Callable[[], str] | None = None,
                      version: str = DEFAULT_VERSION) -> tuple[dict, list[str]]:
    """The event the API returns for this request: (response, keys the server added).

    Raises InvalidRequest when the request has errors (the API would refuse it) and ValueError
    when it is not an event or author_id is not a non-empty string.
    """
    if not isinstance(request, dict):
        raise ValueError("An event request is a JSON object.")
    if not isinstance(author_id, str) or not author_id.strip():
        raise ValueError("author_id must be a non-empty string (the id of the user who sends the event).")
    name = event_structure(request, structure)
    errors = [i for i in validate_data(request, name, "request", version) if i.severity == "error"]
    if errors:
        raise InvalidRequest(errors)

    st = _structure(name, version)
    resp_fields = _fields(st.response_model)
    made: dict[str, Any] = {}
    for key in generated_fields(name, version):
        if key == "id":
            made[key] = str((id_factory or (lambda: str(uuid.uuid4())))())
        elif key == "created_at":
            made[key] = timestamp(now)
        elif key == "author_id":
            made[key] = author_id
        elif key == "name":
            made[key] = _file_name(str(request.get("url", "")))
        elif key == "content_type":
            made[key] = _content_type(_file_name(str(request.get("url", ""))))
        else:  # a new response-only field in the models: say so rather than return an invalid event
            raise NotImplementedError(f"The playground does not know how the server fills {key!r}.")
    for key in resp_fields:
        if key not in request and key not in made:
            default = default_of(name, key, version)
            if default is not None:
                made[key] = default

    # The spec's order: id first; author_id, created_at (and defaults) right after type; a file's
    # name before its url and content_type after it; everything else as the request has it.
    response: dict[str, Any] = {}
    if "id" in made:
        response["id"] = made["id"]
    after_type = [k for k in ("author_id", "created_at", audience_field(version)) if k in made]
    for key, value in request.items():
        if key in made:
            continue               # the server's value wins over one sent in the request
        if key == "url" and "name" in made:
            response["name"] = made["name"]
        response[key] = copy.deepcopy(value)
        if key == "url" and "content_type" in made:
            response["content_type"] = made["content_type"]
        if key == "type":
            for k in after_type:
                response[k] = made[k]
    for key, value in made.items():
        response.setdefault(key, value)

    problems = [i for i in validate_data(response, name, "response", version) if i.severity == "error"]
    if problems:  # a bug here, not in the request
        raise RuntimeError("The simulated response does not validate: "
                           + "; ".join(f"{i.path}: {i.message}" for i in problems[:3]))
    added = [k for k in response if k in made]
    return response, added


def notes(request: dict, structure: str, added: list[str], version: str = DEFAULT_VERSION) -> list[str]:
    """What a learner should know about this response, in words (plain text)."""
    name = event_structure(request, structure)
    out: list[str] = []
    gen = [k for k in added if k in ("id", "created_at", "author_id")]
    if gen:
        text = "Generated by the server: " + ", ".join(gen) + "."
        if "created_at" in gen:
            text += " created_at is the time the server stored the event, in UTC with microseconds."
        if "author_id" in gen:
            text += " author_id is the user whose access token sent the event."
        else:
            text += f" A {st_title(name, version)} has no author_id: the system sends it."
        out.append(text)
    audience = audience_field(version)
    if audience in added:
        out.append(f"The request had no {audience}, so the server used the documented default, "
                   f"{default_of(name, audience, version)!r}.")
    if "name" in added or "content_type" in added:
        out.append("name and content_type come from the uploaded file; here they are guessed "
                   "from the url.")
    replaced = [k for k in request if k in added]
    if replaced:
        out.append("The request's own " + ", ".join(replaced) + " were replaced: only the server "
                   "sets them.")
    optional = [k for k in server_fields(name, version) if k not in added]
    if optional:
        out.append("Also returned when they apply, not simulated here: " + ", ".join(optional) + ".")
    return out


def st_title(name: str, version: str = DEFAULT_VERSION) -> str:
    return catalog.get(version, name).title.lower()


def sample_authors() -> list[tuple[str, str]]:
    """(id, label) of the users in the bundled samples: who can author an event."""
    out: list[tuple[str, str]] = []
    for key in ("agent", "my_profile", "customer"):
        st = catalog.structures(DEFAULT_VERSION).get(key)
        for p in (st.samples if st else ()):
            try:
                u = json.loads(p.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(u, dict) and isinstance(u.get("id"), str):
                label = f"{u.get('name') or u['id']} ({u.get('type', key)})"
                if all(u["id"] != i for i, _ in out):
                    out.append((u["id"], label))
    return out


def marked_json(response: dict, added: list[str]) -> str:
    """The response as pretty JSON in diff form: lines of keys the server added start with "+",
    the others with a space (for a code block in the "diff" language)."""
    lines = ["  {"]
    items = list(response.items())
    for i, (key, value) in enumerate(items):
        item = json_text(key) + ": " + json_text(value)
        item += "," if i < len(items) - 1 else ""
        mark = "+ " if key in added else "  "
        lines.extend(mark + "  " + ln for ln in item.split("\n"))
    lines.append("  }")
    return "\n".join(lines) + "\n"
