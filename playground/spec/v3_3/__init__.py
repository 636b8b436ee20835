"""Agent Chat API v3.3 (decommissioned): what changed from v3.2.

CATALOG: structure name -> (request model, response model); SAMPLES: name -> sample paths under
samples/; TITLES: (title, section, note) of the names v3.3 adds; CHANGES: what changed from v3.2.
"""
from playground.spec.versioning import PAGE_SAMPLES, Change, sample_paths, standard_catalog
from playground.spec.v3_3 import chats, events, forms, users

VERSION = "3.3"

CATALOG = standard_catalog(events, users, chats, forms)

SAMPLES = sample_paths("v3_3", PAGE_SAMPLES)

TITLES = {
    "form": ("Form", "Events", "The Form event contains an empty form to be filled out by the customer."),
    "form_fields": ("Form fields", "Other common structures", "A component of the Form event."),
}

_EVENTS = "Events, users & data structures"
CHANGES = [
    Change("added", "form", "", None, "form",
           "There's a new event type, Form that allows for sending an empty form to fill out."),
    Change("added", "form_fields", "", None, "form_fields", "A component of the Form event."),
    Change("added", "file", "alternative_text", None, "alternative_text",
           "The File event has a new parameter for images, alternative_text."),
    Change("added", "rich_message", "elements[].image.alternative_text", None, "alternative_text",
           "The Rich Message data structure has a new parameter for images, alternative_text."),
    Change("added", "rich_message", "elements[].buttons[].target", None, "target",
           "The Rich Message data structure has a new property for buttons, target."),
    *[Change("added", "customer", name, None, name,
             "The Customer data structure has new properties: followed, online, group_ids, state, email_verified.")
      for name in ("email_verified", "followed", "online", "group_ids", "state")],
    *[Change("added", name, "fields[].type", None, "subject",
             "In the Filled form fields and Form fields data structures, the type property has a new possible "
             "value, subject. It's a new type that can appear in ticket forms.")
      for name in ("filled_form_fields", "filled_form")],   # the Filled form event holds the same fields
    Change("added", "thread", "tags", None, "tags", "An array of tags. Returned only if a thread was tagged."),
]
