"""Agent Chat API v3.7 (developer preview): what changed from v3.6.

CATALOG: structure name -> (request model, response model); chat_info and chats_info take the
place of chat_summary and chat_summaries. SAMPLES, TITLES (the new names) and CHANGES as in v3.3.
"""
from playground.spec.versioning import PAGE_SAMPLES, Change, sample_paths
from playground.spec import v3_6
from playground.spec.v3_7 import chats, users

VERSION = "3.7"

CATALOG = {
    **{name: models for name, models in v3_6.CATALOG.items() if name not in ("chat_summary", "chat_summaries")},
    "customer": (users.Customer, users.Customer),
    "chat": (chats.Chat, chats.Chat),
    "chat_info": (chats.ChatInfo, chats.ChatInfo),
    "chats_info": (chats.ChatsInfo, chats.ChatsInfo),
}

_PAGE = {name: stems for name, stems in {**PAGE_SAMPLES, **v3_6.NEW_SAMPLES}.items()
         if name not in ("chat_summary", "chat_summaries")}
SAMPLES = sample_paths("v3_7", {**_PAGE, "chat_info": ("chats/chat_info",), "chats_info": ()})

TITLES = {
    "chat_info": ("Chat info", "Other common structures",
                  "Chat info is similar to the Chat data structure. The difference is that Chat contains a thread "
                  "object, while Chat info includes last_thread_info."),
    "chats_info": ("Chats info", "Other common structures",
                   "A list of chat infos, or a list_chats response holding one under `chats_info`."),
}

_CHAT_INFO = ("The Chat summary data structure is renamed to Chat info and its field last_thread_summary is "
              "renamed to last_thread_info.")
_LIST = ("In the List Chats response, chats_summary was renamed to chats_info, and last_event_per_type moved "
         "inside last_thread_info.")
CHANGES = [
    Change("renamed", "chat_info", "", "chat_summary", "chat_info", _CHAT_INFO),
    Change("renamed", "chat_info", "last_thread_info", "last_thread_summary", "last_thread_info", _CHAT_INFO),
    Change("added", "chat_info", "last_thread_info.last_event_per_type", None, "last_event_per_type", _LIST),
    Change("renamed", "chats_info", "", "chat_summaries", "chats_info", _LIST),
    Change("renamed", "chats_info", "chats_info", "chats_summary", "chats_info", _LIST),
    Change("removed", "customer", "phone_number", "phone_number", None,
           "v3.7's Customer table no longer lists phone_number (its sample still has it; kept, with a warning)."),
    Change("removed", "customer", "omnichannel", "omnichannel", None,
           "v3.7's Customer table no longer lists omnichannel (its sample still has it; kept, with a warning)."),
]
