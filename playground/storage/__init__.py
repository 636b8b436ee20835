"""Saved payloads and their short links (``/?s=<id>``): a core package, no Streamlit.

- ``settings``: where payloads are stored (SQLite file or PostgreSQL URL) and the bounds on saving,
  from environment variables over a config mapping (the app's ``[storage]`` secrets) over defaults.
- ``store``: ``open_store(settings)`` -> a Store with ``save(...)`` / ``load(id)`` / ``stats()``;
  SaveRefused, NotFound, Expired, StorageUnavailable carry messages for a person.
- ``links``: ids, the short link's URL, and how ``?s=<id>`` is told from a share link's ``s``.

Layer: above ``authoring`` (it reads the share link's parameter names) and ``spec``; only
``playground/app`` imports it.
"""
from playground.storage import links, settings
from playground.storage.settings import Settings, SettingsError
from playground.storage.store import (Expired, NotFound, SavedPayload, SaveRefused, StorageError,
                                      StorageUnavailable, Store, open_store)

__all__ = ["links", "settings", "Settings", "SettingsError", "Store", "open_store", "SavedPayload",
           "StorageError", "StorageUnavailable", "NotFound", "Expired", "SaveRefused"]
