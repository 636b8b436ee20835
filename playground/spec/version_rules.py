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

VERSION_RULES: dict[str, Rule] = {r.id: r for r in _R}
