"""Saved payloads in a real database: embedded SQLite (the default) or PostgreSQL.

    store = open_store(settings.load())
    saved = store.save(text, structure="message", mode="request", version="3.6", title="demo",
                       client=<the browser session's id>)
    store.load(saved.id) == saved

A saved payload is immutable: there is no update; saving again makes a new id. The text is kept
as its UTF-8 bytes (``surrogatepass``), so every character comes back exactly: NUL, emoji, even
half a surrogate pair the editor can hold (neither SQLite's TEXT nor PostgreSQL's text can). A
SHA-256 of those bytes is stored beside them and checked on every load.

One save is one transaction that holds the store's write lock (SQLite: ``BEGIN IMMEDIATE``;
PostgreSQL: a transaction-level advisory lock), so the bounds hold exactly even with many app
replicas saving at once: the payload's size (checked before the database is touched), the saves
of one browser session in the last 60 seconds, and the total count and bytes stored. Each
refusal is a SaveRefused whose text says what the bound is and what to do.

Every operation opens its own connection and closes it (a store object holds only settings, so
one store may be shared by all threads and sessions). SQLite runs in WAL mode with
``synchronous=FULL``: a save that returned is on disk, and a process killed mid-save loses only
that save. Failures of the database itself (a damaged or missing file, an unreachable server)
are StorageUnavailable with a message for a person; ``detail`` holds what an operator needs
(logged, never shown: it may name server paths).

No Streamlit here.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import math
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg

from playground.spec import catalog
from playground.storage import links
from playground.storage.settings import Settings

log = logging.getLogger(__name__)

MODES = ("request", "response")
MAX_TITLE_CHARS = 200
MAX_CLIENT_CHARS = 64
RATE_WINDOW_SECONDS = 60
ID_ATTEMPTS = 5
_STRUCTURE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
PG_LOCK_KEY = 0x706C_6179_7361_7665 & 0x7FFF_FFFF_FFFF_FFFF   # "playsave": the saves' advisory lock

TABLE = "saved_payloads"
COLUMNS = "id, created_at, client, structure, mode, version, title, size_bytes, sha256, body"
SCHEMA = {
    "sqlite": [
        f"""CREATE TABLE IF NOT EXISTS {TABLE} (
            id TEXT PRIMARY KEY, created_at REAL NOT NULL, client TEXT NOT NULL,
            structure TEXT, mode TEXT NOT NULL, version TEXT, title TEXT,
            size_bytes INTEGER NOT NULL, sha256 TEXT NOT NULL, body BLOB NOT NULL)""",
        f"CREATE INDEX IF NOT EXISTS {TABLE}_client_time ON {TABLE} (client, created_at)",
        f"CREATE INDEX IF NOT EXISTS {TABLE}_time ON {TABLE} (created_at)",
        # the quota's COUNT/SUM read this small index, not every row's payload (100 000 rows of
        # 1 KB: ~100 ms a save without it)
        f"CREATE INDEX IF NOT EXISTS {TABLE}_size ON {TABLE} (size_bytes)",
    ],
    "postgresql": [
        f"""CREATE TABLE IF NOT EXISTS {TABLE} (
            id TEXT PRIMARY KEY, created_at DOUBLE PRECISION NOT NULL, client TEXT NOT NULL,
            structure TEXT, mode TEXT NOT NULL, version TEXT, title TEXT,
            size_bytes BIGINT NOT NULL, sha256 TEXT NOT NULL, body BYTEA NOT NULL)""",
        f"CREATE INDEX IF NOT EXISTS {TABLE}_client_time ON {TABLE} (client, created_at)",
        f"CREATE INDEX IF NOT EXISTS {TABLE}_time ON {TABLE} (created_at)",
        # the quota's COUNT/SUM read this small index, not every row's payload (100 000 rows of
        # 1 KB: ~100 ms a save without it)
        f"CREATE INDEX IF NOT EXISTS {TABLE}_size ON {TABLE} (size_bytes)",
    ],
}

UNAVAILABLE = ("Saved payloads are unavailable right now: {what}. Nothing was {done}; please tell whoever "
               "runs this playground.")


# -- results and errors -----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SavedPayload:
    id: str
    text: str
    structure: str | None          # None: detect it from the payload
    mode: str                      # "request" or "response"
    version: str | None            # an API version of catalog.VERSIONS; None: detect it
    title: str | None
    created_at: float              # seconds since the epoch (the saving server's clock)
    size: int                      # UTF-8 bytes of the text


class StorageError(Exception):
    """Saving or opening failed; ``str(err)`` is a message for a person, ``detail`` for the log."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.detail = detail


class StorageUnavailable(StorageError):
    """The database cannot be used: damaged or missing file, unreachable server, misconfiguration."""


class NotFound(StorageError):
    """No saved payload has this id (or it is not an id at all)."""


class Expired(NotFound):
    """The payload was saved longer ago than the operator keeps them."""


class SaveRefused(StorageError):
    """A bound refused the save. ``reason``: empty, too-large, invalid, rate, quota-count, quota-bytes."""

    def __init__(self, message: str, reason: str, retry_after: float | None = None):
        super().__init__(message)
        self.reason = reason
        self.retry_after = retry_after


# -- helpers ----------------------------------------------------------------------------------
def size_words(n: int) -> str:
    """1237561 -> '1,237,561 bytes (1.2 MB)'."""
    if n >= 1024 * 1024:
        return f"{n:,} bytes ({n / (1024 * 1024):.1f} MB)"
    if n >= 1024:
        return f"{n:,} bytes ({n / 1024:.0f} KB)"
    return f"{n:,} bytes"


def clean_title(title: str | None) -> str | None:
    """A title as stored: one line, printable, at most MAX_TITLE_CHARS; None when blank."""
    if title is None:
        return None
    text = str(title)
    text = "".join(" " if (not c.isprintable() or "\ud800" <= c <= "\udfff") else c for c in text)
    text = " ".join(text.split())[:MAX_TITLE_CHARS]
    return text or None


def _check_fields(structure: str | None, mode: str, version: str | None) -> None:
    if structure is not None and not (isinstance(structure, str) and _STRUCTURE_NAME.match(structure)):
        raise SaveRefused("The structure to save must be a structure name (lowercase letters, digits "
                          "and _) or Detect.", "invalid")
    if mode not in MODES:
        raise SaveRefused(f"The mode to save must be request or response, not {str(mode)[:20]!r}.", "invalid")
    if version is not None and version not in catalog.VERSIONS:
        raise SaveRefused(f"The API version to save must be one of {', '.join(catalog.VERSIONS)} or "
                          "Detect.", "invalid")


# -- the store ----------------------------------------------------------------------------------
class Store:
    """The operations, written once; the two backends differ only in how they connect and lock."""

    backend = ""
    placeholder = "?"

    def __init__(self, settings: Settings, clock: Callable[[], float] = time.time):
        self.settings = settings
        self.clock = clock

    # backends provide these two context managers, yielding a DB-API cursor
    def _write(self) -> contextlib.AbstractContextManager:    # pragma: no cover - abstract
        raise NotImplementedError

    def _read(self) -> contextlib.AbstractContextManager:     # pragma: no cover - abstract
        raise NotImplementedError

    def _sql(self, sql: str) -> str:
        return sql if self.placeholder == "?" else sql.replace("?", self.placeholder)

    def _schema(self, cur) -> None:
        for statement in SCHEMA[self.backend]:
            cur.execute(statement)

    def save(self, text: str, *, structure: str | None = None, mode: str = "response",
             version: str | None = None, title: str | None = None, client: str = "") -> SavedPayload:
        """Store the payload under a new id and return it; SaveRefused when a bound says no,
        StorageUnavailable when the database cannot be used."""
        if not isinstance(text, str):
            raise SaveRefused("Only text can be saved.", "invalid")
        _check_fields(structure, mode, version)
        raw = text.encode("utf-8", "surrogatepass")
        if not raw.strip():
            raise SaveRefused("There is nothing to save: the editor is empty.", "empty")
        limit = self.settings.max_bytes
        if len(raw) > limit:
            raise SaveRefused(f"This payload is {size_words(len(raw))}; saved payloads are limited to "
                              f"{size_words(limit)}. Nothing was saved; Download keeps it as a file.",
                              "too-large")
        title = clean_title(title)
        client = str(client)[:MAX_CLIENT_CHARS]
        digest = hashlib.sha256(raw).hexdigest()
        s = self.settings
        with self._write() as cur:
            now = self.clock()
            if s.expire_days:
                cur.execute(self._sql(f"DELETE FROM {TABLE} WHERE created_at < ?"),
                            (now - s.expire_days * 86400,))
            if s.saves_per_minute:
                cur.execute(self._sql(f"SELECT COUNT(*), MIN(created_at) FROM {TABLE} "
                                      "WHERE client = ? AND created_at > ?"),
                            (client, now - RATE_WINDOW_SECONDS))
                recent, oldest = cur.fetchone()
                if recent >= s.saves_per_minute:
                    wait = max(1, math.ceil((oldest or now) + RATE_WINDOW_SECONDS - now))
                    raise SaveRefused(
                        f"You have saved {recent} payloads in the last minute; this playground takes at "
                        f"most {s.saves_per_minute} saves a minute from one session. Try again in "
                        f"{wait} second{'s' if wait != 1 else ''}.", "rate", retry_after=wait)
            if s.max_count or s.max_total_bytes:
                cur.execute(f"SELECT COUNT(*), COALESCE(SUM(size_bytes), 0) FROM {TABLE}")
                count, total = cur.fetchone()
                if s.max_count and count >= s.max_count:
                    raise SaveRefused(
                        f"This playground's storage is full: it holds {count:,} saved payloads, the most "
                        "its operator allows. Nothing was saved; Download keeps your payload as a file.",
                        "quota-count")
                if s.max_total_bytes and int(total) + len(raw) > s.max_total_bytes:
                    raise SaveRefused(
                        f"This playground's storage is full: saving {size_words(len(raw))} more would "
                        f"pass the {size_words(s.max_total_bytes)} its operator allows in all. Nothing "
                        "was saved; Download keeps your payload as a file.", "quota-bytes")
            for _ in range(ID_ATTEMPTS):
                payload_id = links.new_id()
                cur.execute(self._sql(f"INSERT INTO {TABLE} ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                      "ON CONFLICT (id) DO NOTHING"),
                            (payload_id, now, client, structure, mode, version, title, len(raw), digest, raw))
                if cur.rowcount == 1:
                    break
            else:    # 96 random bits colliding five times running: the random source is broken
                raise StorageUnavailable(UNAVAILABLE.format(what="no free id could be drawn", done="saved"),
                                         "five id collisions in a row")
        return SavedPayload(id=payload_id, text=text, structure=structure, mode=mode, version=version,
                            title=title, created_at=now, size=len(raw))

    def load(self, payload_id: str) -> SavedPayload:
        """The payload saved under this id; NotFound (or Expired) when there is none,
        StorageUnavailable when the database cannot be read."""
        try:
            payload_id = links.check_id(payload_id)
        except links.BadId as e:
            raise NotFound(str(e)) from None
        with self._read() as cur:
            cur.execute(self._sql(f"SELECT {COLUMNS} FROM {TABLE} WHERE id = ?"), (payload_id,))
            row = cur.fetchone()
        if row is None:
            raise NotFound(f"There is no saved payload with the id `{payload_id}` here. Check that the "
                           "link was copied whole; links from another playground server open only there.")
        _id, created_at, _client, structure, mode, version, title, size, digest, body = row
        body = bytes(body)
        if len(body) != size or hashlib.sha256(body).hexdigest() != digest:
            raise StorageUnavailable(UNAVAILABLE.format(what="this saved payload is damaged in the database",
                                                        done="loaded"),
                                     f"row {payload_id}: {len(body)} bytes stored, {size} expected, or its "
                                     "SHA-256 differs")
        s = self.settings
        if s.expire_days and created_at < self.clock() - s.expire_days * 86400:
            raise Expired(f"The saved payload `{payload_id}` has expired: this playground keeps saved "
                          f"payloads for {s.expire_days:g} days.")
        return SavedPayload(id=payload_id, text=body.decode("utf-8", "surrogatepass"), structure=structure,
                            mode=mode if mode in MODES else "response",
                            version=version if version in catalog.VERSIONS else None, title=title,
                            created_at=float(created_at), size=size)

    def stats(self) -> tuple[int, int]:
        """(saved payloads, bytes of payload) stored now."""
        try:
            with self._read() as cur:
                cur.execute(f"SELECT COUNT(*), COALESCE(SUM(size_bytes), 0) FROM {TABLE}")
                count, total = cur.fetchone()
        except NotFound:
            return 0, 0
        return int(count), int(total)


# -- SQLite -------------------------------------------------------------------------------------
def _sqlite_problem(e: sqlite3.Error) -> str:
    text = str(e).lower()
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return "its database file is damaged"
    if "locked" in text or "busy" in text:
        return "its database is busy; try again in a moment"
    if "readonly" in text or "read-only" in text:
        return "its database file cannot be written"
    if "unable to open" in text:
        return "its database file cannot be opened"
    if "disk" in text and "full" in text:
        return "the disk holding its database is full"
    return "its database failed"


class SQLiteStore(Store):
    backend = "sqlite"
    placeholder = "?"
    BUSY_TIMEOUT_S = 30

    def __init__(self, settings: Settings, clock: Callable[[], float] = time.time):
        super().__init__(settings, clock)
        self.path = Path(settings.sqlite_path)

    def _connect(self, create: bool) -> sqlite3.Connection:
        path = self.path.expanduser().absolute()
        if create:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StorageUnavailable(UNAVAILABLE.format(what="its database folder cannot be created",
                                                            done="saved"), f"{path.parent}: {e}") from None
        elif not path.exists():
            log.warning("saved payloads: %s does not exist (nothing saved yet, or moved)", path)
            raise NotFound("There is no saved payload with this id here: nothing has been saved on this "
                           "playground server yet (its database does not exist). Links from another "
                           "playground server open only there.", f"{path} does not exist")
        uri = path.as_uri() + ("?mode=rwc" if create else "?mode=rw")
        conn = sqlite3.connect(uri, uri=True, timeout=self.BUSY_TIMEOUT_S, isolation_level=None)
        try:
            conn.execute("PRAGMA synchronous=FULL")
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
        except BaseException:
            conn.close()
            raise
        return conn

    @contextlib.contextmanager
    def _session(self, create: bool, done: str) -> Iterator[sqlite3.Cursor]:
        conn = None
        try:
            conn = self._connect(create)
            cur = conn.cursor()
            if create:
                cur.execute("BEGIN IMMEDIATE")
                self._schema(cur)
            yield cur
            if create:
                cur.execute("COMMIT")
        except sqlite3.OperationalError as e:
            if not create and "no such table" in str(e).lower():
                raise NotFound("There is no saved payload with this id here: nothing has been saved on this "
                               "playground server yet.", str(e)) from None
            log.warning("saved payloads (%s): %s", self.settings.where(), e)
            raise StorageUnavailable(UNAVAILABLE.format(what=_sqlite_problem(e), done=done),
                                     f"{self.settings.where()}: {e}") from None
        except sqlite3.Error as e:
            log.warning("saved payloads (%s): %s", self.settings.where(), e)
            raise StorageUnavailable(UNAVAILABLE.format(what=_sqlite_problem(e), done=done),
                                     f"{self.settings.where()}: {e}") from None
        finally:
            if conn is not None:
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                conn.close()

    def _write(self):
        return self._session(create=True, done="saved")

    def _read(self):
        return self._session(create=False, done="loaded")


# -- PostgreSQL ---------------------------------------------------------------------------------
class PostgresStore(Store):
    """psycopg 3, one short connection per operation (saves are rare; no pool to size per replica)."""

    backend = "postgresql"
    placeholder = "%s"
    CONNECT_TIMEOUT_S = 5

    @contextlib.contextmanager
    def _session(self, write: bool, done: str) -> Iterator[psycopg.Cursor]:
        try:
            with psycopg.connect(self.settings.db_url, connect_timeout=self.CONNECT_TIMEOUT_S,
                                 application_name="livechat-playground") as conn:
                with conn.transaction(), conn.cursor() as cur:
                    if write:
                        # one save at a time across every replica: the bounds are counted exactly,
                        # and two replicas never race to create the table
                        cur.execute("SELECT pg_advisory_xact_lock(%s)", (PG_LOCK_KEY,))
                        self._schema(cur)
                    yield cur
        except psycopg.errors.UndefinedTable as e:
            raise NotFound("There is no saved payload with this id here: nothing has been saved on this "
                           "playground server yet.", str(e)) from None
        except psycopg.OperationalError as e:
            log.warning("saved payloads (%s): %s", self.settings.where(), e)
            raise StorageUnavailable(UNAVAILABLE.format(what="its database server cannot be reached", done=done),
                                     f"{self.settings.where()}: {e}") from None
        except psycopg.Error as e:
            log.warning("saved payloads (%s): %s", self.settings.where(), e)
            raise StorageUnavailable(UNAVAILABLE.format(what="its database failed", done=done),
                                     f"{self.settings.where()}: {e}") from None

    def _write(self):
        return self._session(write=True, done="saved")

    def _read(self):
        return self._session(write=False, done="loaded")


def open_store(settings: Settings, clock: Callable[[], float] = time.time) -> Store:
    """The store the settings name (nothing is opened until the first save or load)."""
    if settings.backend == "postgresql":
        return PostgresStore(settings, clock)
    return SQLiteStore(settings, clock)
