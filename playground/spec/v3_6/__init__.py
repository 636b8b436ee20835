"""Agent Chat API v3.6 (stable): what changed from v3.5.

CATALOG: structure name -> (request model, response model); SAMPLES: name -> sample paths under
samples/; TITLES: (title, section, note) of the names v3.6 adds; CHANGES: what changed from v3.5.
"""
from playground.spec.versioning import PAGE_SAMPLES, Change, sample_paths, standard_catalog
from playground.spec.v3_3 import forms
from playground.spec.v3_6 import chats, events, users

VERSION = "3.6"

CATALOG = {
    **standard_catalog(events, users, chats, forms),
    "deleted_event": (events.DeletedEvent, events.DeletedEvent),
    "cart": (users.Cart, users.Cart),
    "cart_item": (users.CartItem, users.CartItem),
}

NEW_SAMPLES = {"system": ("events/system",), "deleted_event": ("events/deleted_event",),
               "cart": ("users/cart",), "cart_item": ("users/cart_item",)}
SAMPLES = sample_paths("v3_6", {**PAGE_SAMPLES, **NEW_SAMPLES})

TITLES = {
    "system": ("System", "Events", "System event is an extension and a future replacement for System message. "
               "Similarly, it is a native system event sent in specific situations."),
    "deleted_event": ("Deleted event", "Other common structures",
                      "The Deleted Event is returned to agents with the normal role in place of the original event."),
    "cart": ("Cart", "Users", "A customer's shopping cart."),
    "cart_item": ("Cart item", "Users", "One item of a customer's shopping cart."),
}

_DELETED = "A new structure for the Deleted Event was added."
_CARTS = "The Customer data structure has a new carts field containing an array of Cart objects."
CHANGES = [
    Change("added", "system", "", None, "system", "A new structure for the System event was added."),
    Change("added", "deleted_event", "", None, "deleted_event", _DELETED),
    *[Change("added", name, "deleted", None, "deleted", words)
      for name, words in (("message", _DELETED), ("file", _DELETED), ("form", _DELETED),
                            ("filled_form", _DELETED), ("custom", _DELETED))],
    Change("added", "rich_message", "template_id", None, "ecommerce",
           "Defines how every Rich Message will be presented. Values: cards, sticker, quick_replies or ecommerce."),
    Change("added", "rich_message", "elements[].ecommerce", None, "ecommerce",
           "The Rich Message data structure has a new field, ecommerce."),
    Change("added", "message", "postback.ecommerce", None, "ecommerce",
           "The Message data structure has a new field, postback.ecommerce."),
    Change("added", "thread", "customer_visit", None, "customer_visit",
           "The Thread data structure has a new customer_visit field."),
    Change("renamed", "customer", "visit", "last_visit", "visit",
           "The name of the last_visit field was changed to visit in the Customer data structure."),
    Change("renamed", "chat", "users[].visit", "last_visit", "visit",
           "The name of the last_visit field was changed to visit in the Customer data structure."),
    Change("renamed", "chat_summary", "users[].visit", "last_visit", "visit",
           "The name of the last_visit field was changed to visit in the Customer data structure."),
    Change("added", "customer", "tickets", None, "tickets",
           "The Customer data structure now contains information about HelpDesk tickets (when available)."),
    Change("added", "customer", "statistics.tickets_count", None, "tickets_count",
           "The Customer data structure now contains information about HelpDesk tickets (when available)."),
    Change("added", "customer", "phone_number", None, "phone_number",
           "The Customer data structure now contains information about phone number and omnichannel data."),
    Change("added", "customer", "omnichannel", None, "omnichannel",
           "The Customer data structure now contains information about phone number and omnichannel data."),
    Change("added", "customer", "address", None, "address",
           "The Customer data structure now contains the customer's address information."),
    Change("added", "customer", "carts", None, "carts", _CARTS),
    Change("added", "cart", "", None, "cart", _CARTS),
    Change("added", "cart_item", "", None, "cart_item", "An array of Cart Item objects."),
]
