"""The rules the models of v3.3 to v3.7 add, with the pages' words (ids as in spec/rules.py).

Kept apart from spec/rules.py while the versions are integrated: RULES | VERSION_RULES is the
full table.
"""
from __future__ import annotations

from playground.spec.rules import Rule

_R = [
    # -- v3.3 ---------------------------------------------------------------------------------
    Rule("button-target-not-url", "warning", "target on a button that is not a url button",
         "elements.buttons.target: Should be used for the url button type. — but the page's own Rich message "
         "sample gives its phone button \"target\": \"current\". (v3.3 to v3.7)"),
    Rule("form-field-options", "warning", "options on a form field that offers no choice",
         "Form sample: options are given to radio, select and checkbox fields; the Form fields table lists "
         "only type, id and label. (v3.3)"),
]

_R += [
    # -- v3.4 ---------------------------------------------------------------------------------
    Rule("user-visibility-missing", "warning", "An agent has no visibility, which the Agent table marks required",
         "Agent: visibility: required; Possible values: all or agents — but the page's own Chat summary sample "
         "has an agent without it. (v3.4 to v3.7)"),
]
_R += [
    # -- v3.6 ---------------------------------------------------------------------------------
    Rule("system-details-json", "error", "A System event's details must be a serialized JSON string",
         "details: Returned: always — the page's sample returns it as JSON text in a string. (v3.6)"),
    Rule("system-event-request", "error", "A System event cannot be sent",
         "It is not possible to send a System event in API version 3.6. (v3.6, v3.7)"),
    Rule("deleted-event-visibility-missing", "warning", "A Deleted event has no visibility, which its table says is always returned",
         "Deleted event: visibility: Returned: always — but the page's own Deleted event sample has none. (v3.6, v3.7)"),
    Rule("ecommerce-template", "warning", "elements.ecommerce on a rich message whose template is not ecommerce",
         "elements.ecommerce: This element is only present for rich messages with template_id set to ecommerce. (v3.6)"),
]
_R += [
    # -- v3.7 ---------------------------------------------------------------------------------
    Rule("chat-info-last-event-place", "warning", "last_event_per_type at the top of a chat info",
         "Changelog v3.7: last_event_per_type moved inside last_thread_info — but the page's own Chat info "
         "sample keeps it at the top. (v3.7)"),
    Rule("customer-field-untabled", "warning", "A customer field v3.7's table no longer lists",
         "v3.7 Customer table: no phone_number, no omnichannel (v3.6's has both) — but v3.7's own Customer "
         "sample carries both and the changelog removes neither. (v3.7)"),
]

VERSION_RULES: dict[str, Rule] = {r.id: r for r in _R}
