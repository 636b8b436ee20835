"""Every limit and enumeration of the Agent Chat API v3.2 data structures, once.

Models, messages, the JSON Schema, the composers' choices and the reference page all read
these constants; nothing else restates them.
"""
from __future__ import annotations

import re
from typing import NamedTuple

# The version these constants were written for (the seed). Which version a payload is checked
# against is the caller's choice: playground.spec.catalog (VERSIONS, DEFAULT_VERSION).
API_VERSION = "3.2"

MAX_TEXT_BYTES = 16 * 1024          # message.text, counted in UTF-8 bytes
MAX_ELEMENTS = 10                   # rich_message.elements
MAX_BUTTONS = 13                    # rich_message.elements[].buttons
MAX_FILE_BYTES = 10 * 1024 * 1024   # uploads (NOTES.md)
STICKER_MAX_PX = 300                # the widget shows a sticker at most 300x300

RECIPIENTS = ("all", "agents")
DEFAULT_RECIPIENTS = "all"


class Audience(NamedTuple):
    """The event field that says who sees an event (v3.2 `recipients`; a later version renames
    it), its values and its documented default. Read it through catalog.audience(version)."""
    field: str
    choices: tuple[str, ...]
    default: str

TEMPLATE_IDS = ("cards", "sticker", "quick_replies")
BUTTON_TYPES = ("webview", "message", "url", "phone")
WEBVIEW_HEIGHTS = ("compact", "full", "tall")
ROUTING_STATUSES = ("accepting_chats", "not_accepting_chats", "offline")
USER_TYPES = ("agent", "customer")
EVENT_TYPES = ("message", "rich_message", "file", "filled_form", "custom", "system_message")
TEXT_ANSWER_FIELD_TYPES = ("name", "email", "question", "textarea")
OPTION_ANSWER_FIELD_TYPES = ("radio", "select")
FORM_FIELD_TYPES = ("checkbox", "email", "name", "question", "textarea", "group_chooser", "radio", "select")

# File URLs should point to the LiveChat CDN (NOTES.md: cdn.livechat-files.com, cdn.livechatinc.com).
LIVECHAT_CDN_HOSTS = ("cdn.livechat-files.com", "cdn.livechatinc.com")

SYSTEM_MESSAGE_TYPES = (
    "agent_added", "agent_joined", "agent_left", "agent_removed",
    "archived_customer_disconnected", "chat_transferred", "customer_added", "customer_banned",
    "customer_removed", "customer_updated", "manual_archived_agent", "manual_archived_customer",
    "rating.chat_commented", "rating.chat_rated", "rating.chat_rating_canceled",
    "routing.archived_deleted", "routing.archived_disconnected", "routing.archived_inactive",
    "routing.archived_offline", "routing.archived_other", "routing.archived_remotely_signed_out",
    "routing.archived_signed_out", "routing.assigned_deleted", "routing.assigned_disconnected",
    "routing.assigned_inactive", "routing.assigned_other", "routing.assigned_remotely_signed_out",
    "routing.assigned_signed_out", "routing.idle", "routing.unassigned_deleted",
    "routing.unassigned_disconnected", "routing.unassigned_other",
    "routing.unassigned_remotely_signed_out", "routing.unassigned_signed_out", "system_archived",
    "transcript_requested", "transcript_sent",
)
# A %name% placeholder in a system message's text, filled from text_vars[name] (group 1: the
# name). One pattern for the validator's check, the preview and the generated sample data.
TEXT_VAR_PLACEHOLDER = re.compile(r"%([A-Za-z0-9_]+)%")

# Input bounds of the validator itself (documented in the README).
MAX_INPUT_BYTES = 5 * 1024 * 1024   # larger text is refused with one clear error
MAX_DEPTH = 256                     # deeper nesting is refused (the spec's deepest is 7)
