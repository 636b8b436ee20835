"""Every rule the validator applies: a stable id, its default severity, and the spec's words.

`python -m playground rules` prints this table; every Issue carries one of these ids.
Quotes are verbatim from the v3.2 spec (agent-chat-api-data-structures.txt) or, marked
"NOTES", from LiveChat's public docs summarised in spec/NOTES.md.
"""
from __future__ import annotations

from dataclasses import dataclass

from playground.spec import limits


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: str
    title: str
    spec: str | None = None
    versions: tuple[str, ...] | None = None    # the API versions whose models apply it; None: every one


_R = [
    # -- input --------------------------------------------------------------------------------
    Rule("json-empty", "error", "The text is empty"),
    Rule("json-syntax", "error", "The text is not valid JSON"),
    Rule("json-bom", "error", "The text starts with a byte order mark (BOM)"),
    Rule("json-binary", "error", "The input is binary or not valid UTF-8"),
    Rule("json-too-large", "error", f"The text is larger than the validator's bound of {limits.MAX_INPUT_BYTES // (1024 * 1024)} MB"),
    Rule("json-too-deep", "error", f"The JSON nests deeper than {limits.MAX_DEPTH} levels"),
    Rule("json-nan", "error", "NaN and Infinity are not JSON"),
    Rule("json-number-too-long", "error", "An integer has more digits than the validator reads"),
    Rule("json-duplicate-key", "warning", "A key appears twice in one object; the last one wins"),
    Rule("json-lone-surrogate", "warning", "A string or key holds half of a UTF-16 surrogate pair; the API replaces it with U+FFFD"),
    Rule("json-not-object", "error", "The structure must be a JSON object (or a list, for chat_summaries)"),
    Rule("structure-unknown", "error", "The structure could not be detected"),
    Rule("internal", "error", "The validator met something it did not expect (a bug: please report it)"),
    Rule("structure-name", "error", "The structure name is not one the playground knows"),
    # -- generic, from the models' tables -------------------------------------------------------
    Rule("required-field", "error", "A field the spec marks as required is missing"),
    Rule("wrong-type", "error", "A field has the wrong JSON type"),
    Rule("enum-value", "error", "A field holds a value outside its documented list"),
    Rule("unknown-field", "warning", "A key the spec does not define (kept, but check its spelling)"),
    Rule("event-type", "error", "Unknown event type",
         "These are the available event types: File, Filled form, Message, Rich message, Custom, System message."),
    Rule("user-type", "error", "Unknown user type", "Users ... we can distinguish: Agent, My profile, Customer"),
    Rule("form-field-type", "error", "Unknown filled form field type",
         "type: Possible values: checkbox, email, name, question, textarea, group_chooser, radio, select"),
    # -- timestamps -----------------------------------------------------------------------------
    Rule("timestamp-utc-micro", "error", "Timestamp must be RFC 3339 in UTC with microseconds",
         "created_at: Date & time format with a resolution of microseconds, UTC string."),
    Rule("timestamp-rfc3339", "error", "Timestamp must be an RFC 3339 date-time",
         "events_seen_up_to: RFC 3339 datetime string"),
    # -- recipients -----------------------------------------------------------------------------
    Rule("recipients", "error", "recipients must be all or agents", "recipients: Possible values: all (default), agents"),
    Rule("recipients-default", "warning", "recipients is missing: the server uses its default, all",
         "recipients: required: yes; Possible values: all (default), agents"),
    Rule("recipients-missing-response", "error", "A returned event has no recipients (the table: always returned)",
         "recipients: Returned: always", versions=("3.2", "3.3")),
    # -- message --------------------------------------------------------------------------------
    Rule("message-text-size", "error", f"Message text is larger than {limits.MAX_TEXT_BYTES} bytes in UTF-8",
         "Max. raw text size is 16 KB (one UTF-8 char like emoji 😁 can use up to 4 B); to send more, split text into several messages."),
    Rule("postback-type-value", "error", "postback.type and postback.value go together",
         "postback.type: Should be used together with postback.value (when one of them is present, the other is required)."),
    # -- rich message ---------------------------------------------------------------------------
    Rule("rich-template", "error", "template_id must be cards, sticker or quick_replies",
         "template_id: Defines how every Rich Message will be presented. Values: cards, sticker, or quick_replies."),
    Rule("rich-elements-max", "error", f"At most {limits.MAX_ELEMENTS} elements", "elements: Can contain up to 10 element objects."),
    Rule("rich-buttons-max", "error", f"At most {limits.MAX_BUTTONS} buttons in one element",
         "elements.buttons: Displays buttons. Can contain up to 13 button objects."),
    Rule("rich-element-field-missing", "warning", "An element lacks title, subtitle or image, which the request table marks required",
         "elements.title / elements.subtitle / elements.image: Required: yes — but NOTES: the Rich Messages guide and later API versions make title/subtitle/image optional, and real integrations send cards with only elements[0].image.url."),
    Rule("button-type", "error", "Button type must be webview, message, url or phone",
         "elements.buttons.type: Possible values: webview, message, url, phone."),
    Rule("button-type-value-missing", "warning", "A button has no type and value, which the request table marks required",
         "elements.buttons.type / elements.buttons.value: Required: yes; Should be used together — but the spec's own Rich message sample has buttons \"yes\" and \"no\" with neither."),
    Rule("button-type-value-pair", "error", "Button type and value go together",
         "elements.buttons.type: Should be used together with elements.buttons.value."),
    Rule("webview-height", "error", "webview_height must be compact, full or tall",
         "elements.buttons.webview_height: Possible values: compact, full, tall."),
    Rule("webview-height-required", "error", "A webview button needs webview_height",
         "elements.buttons.webview_height: Required only for the webview buttontype."),
    Rule("webview-height-not-webview", "warning", "webview_height on a button that is not a webview",
         "elements.buttons.webview_height: Required only for the webview buttontype. — but the spec's sample gives its phone button \"webview_height\": \"tall\"."),
    Rule("button-unsafe-url", "warning", "The chat widget drops url and webview buttons whose value is a javascript: or data: URL",
         "NOTES: The widget drops url and webview buttons whose value uses a javascript: or data: scheme, even with control characters between the letters."),
    Rule("sticker-image", "error", "A sticker needs elements[0].image.url",
         "NOTES: sticker: only elements[0].image is shown ... a sticker needs elements[0].image.url."),
    Rule("sticker-ignored", "warning", "The widget shows only a sticker's first image",
         "NOTES: sticker: only elements[0].image is shown (name as alt text), at most 300x300 px, no bubble."),
    Rule("quick-replies-ignored", "warning", "The widget uses only the first quick_replies element",
         "NOTES: quick_replies: only the first element is used: its title is shown as a normal message bubble and its buttons as small reply chips under it; other elements are ignored."),
    # -- file -----------------------------------------------------------------------------------
    Rule("file-cdn", "warning", "File url should point to the LiveChat CDN",
         "url: Has to point to the LiveChat CDN. It's recommended to use the URL returned by upload_file."),
    Rule("file-image-fields", "warning", "thumbnail_url, thumbnail2x_url, width and height come only with images",
         "thumbnail_url, thumbnail2x_url: only for images; size, width, height: only for images"),
    # -- forms ----------------------------------------------------------------------------------
    Rule("group-id-number", "error", "group_chooser answer needs a numeric group_id",
         "answer.group_id: Required: yes; Data type: number; For group_chooser"),
    Rule("answer-id-type", "warning", "An answer id is a number where the table says string",
         "answer.id: Data type: string — but the Filled form fields sample has \"id\": 2 (a number) where the Filled form sample has \"id\": \"2\"."),
    Rule("email-answer", "warning", "An email field's answer does not look like an e-mail address"),
    # -- system message ----------------------------------------------------------------------------
    Rule("system-message-type-unknown", "warning", "system_message_type is not in the documented list (applications may define their own)",
         "system_message_type: Required: yes; System message type"),
    Rule("text-vars-unused", "warning", "A %placeholder% in text has no value in text_vars", "text_vars: Variables used in the text"),
    # -- users ----------------------------------------------------------------------------------
    Rule("routing-status", "error", "routing_status must be accepting_chats, not_accepting_chats or offline",
         "routing_status: Returned only if the Agent is currently logged in."),
    Rule("session-fields-pair", "error", "Each session_fields item is one key:value pair",
         "session_fields: An array of custom object-enclosed key:value pairs. Expires along with the session."),
    # -- chats ----------------------------------------------------------------------------------
    Rule("properties-shape", "error", "properties maps namespace -> name -> value",
         "Properties are key-value storages. They can be set within a chat, a thread, or an event."),
    Rule("thread-restricted-events", "warning", "A thread with restricted_access should have no events",
         "events: Doesn't exists if restricted_access is present. — but the spec's Thread sample has both."),
    Rule("last-event-type-key", "warning", "A last_event_per_type key differs from its event's type"),
    Rule("spec-sample-typo", "warning", "A misspelled key the spec's own sample carries",
         "Chat / Chat summary samples: \"properites\" — the tables name the field \"properties\"."),
]

# The rules the models of v3.3 to v3.7 add, with their pages' words.
_R += [
    # -- v3.3 ---------------------------------------------------------------------------------
    Rule("button-target-not-url", "warning", "target on a button that is not a url button",
         "elements.buttons.target: Should be used for the url button type. — but the page's own Rich message "
         "sample gives its phone button \"target\": \"current\". (v3.3 to v3.7)",
         versions=('3.3', '3.4', '3.5', '3.6', '3.7')),
    Rule("form-recipients-missing", "warning", "A returned Form event has no recipients, which its table says is always returned",
         "Form: recipients: Returned: always — but the page's own Form sample has none. (v3.3)",
         versions=('3.3',)),
    Rule("form-field-options", "warning", "options on a form field that offers no choice",
         "Form sample: options are given to radio, select and checkbox fields; the Form fields table lists "
         "only type, id and label. (v3.3)",
         versions=('3.3', '3.4', '3.5', '3.6', '3.7')),

    # -- v3.4 ---------------------------------------------------------------------------------
    Rule("user-visibility-missing", "warning", "An agent has no visibility, which the Agent table marks required",
         "Agent: visibility: required; Possible values: all or agents — but the page's own Chat summary sample "
         "has an agent without it. (v3.4 to v3.7)",
         versions=('3.4', '3.5', '3.6', '3.7')),
]
_R += [
    # -- v3.6 ---------------------------------------------------------------------------------
    Rule("system-details-json", "error", "A System event's details must be a serialized JSON string",
         "details: Returned: always — the page's sample returns it as JSON text in a string. (v3.6)",
         versions=('3.6', '3.7')),
    Rule("system-event-request", "error", "A System event cannot be sent",
         "It is not possible to send a System event in API version 3.6. (v3.6, v3.7)",
         versions=('3.6', '3.7')),
    Rule("deleted-event-visibility-missing", "warning", "A Deleted event has no visibility, which its table says is always returned",
         "Deleted event: visibility: Returned: always — but the page's own Deleted event sample has none. (v3.6, v3.7)",
         versions=('3.6', '3.7')),
    Rule("ecommerce-template", "warning", "elements.ecommerce on a rich message whose template is not ecommerce",
         "elements.ecommerce: This element is only present for rich messages with template_id set to ecommerce. (v3.6)",
         versions=('3.6', '3.7')),
]
_R += [
    # -- v3.7 ---------------------------------------------------------------------------------
    Rule("chat-info-last-event-place", "warning", "last_event_per_type at the top of a chat info",
         "Changelog v3.7: last_event_per_type moved inside last_thread_info — but the page's own Chat info "
         "sample keeps it at the top. (v3.7)",
         versions=('3.7',)),
    Rule("customer-field-untabled", "warning", "A customer field v3.7's table no longer lists",
         "v3.7 Customer table: no phone_number, no omnichannel (v3.6's has both) — but v3.7's own Customer "
         "sample carries both and the changelog removes neither. (v3.7)",
         versions=('3.7',)),
]

RULES: dict[str, Rule] = {r.id: r for r in _R}
