"""Agent Chat API v3.4 (legacy): what changed from v3.3.

CATALOG: structure name -> (request model, response model); SAMPLES: name -> sample paths under
samples/; TITLES: v3.4 adds no structure; CHANGES: what changed from v3.3.
"""
from playground.spec.limits import DEFAULT_RECIPIENTS, RECIPIENTS, Audience
from playground.spec.versioning import PAGE_SAMPLES, Change, sample_paths, standard_catalog
from playground.spec.v3_3 import forms
from playground.spec.v3_4 import chats, events, users

VERSION = "3.4"

CATALOG = standard_catalog(events, users, chats, forms)

SAMPLES = sample_paths("v3_4", PAGE_SAMPLES)

TITLES: dict[str, tuple[str, str, str]] = {}

_RENAMED = "All Events had the recipients field renamed to visibility."
_FORM_TYPE = "The Form and Filled Form events have a new field, form_type."
_ACCESSIBLE = ("There are new properties: previous_accessible_thread_id and next_accessible_thread_id, which "
               "can be returned by the List Archives method.")
CHANGES = [
    *[Change("renamed", name, "visibility", "recipients", "visibility", _RENAMED)
      for name in ("message", "rich_message", "file", "form", "filled_form", "custom", "system_message")],
    Change("renamed", "thread", "events[].visibility", "recipients", "visibility", _RENAMED),
    Change("renamed", "chat", "threads[].events[].visibility", "recipients", "visibility", _RENAMED),
    Change("added", "form", "form_type", None, "form_type", _FORM_TYPE),
    Change("added", "filled_form", "form_type", None, "form_type", _FORM_TYPE),
    Change("added", "agent", "visibility", None, "visibility", "Users now have a new field, visibility."),
    Change("added", "customer", "visibility", None, "visibility", "Users now have a new field, visibility."),
    Change("added", "thread", "previous_accessible_thread_id", None, "previous_accessible_thread_id", _ACCESSIBLE),
    Change("added", "thread", "next_accessible_thread_id", None, "next_accessible_thread_id", _ACCESSIBLE),
]

AUDIENCE = Audience(field="visibility", choices=RECIPIENTS, default=DEFAULT_RECIPIENTS)
