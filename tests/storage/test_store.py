"""Saved payloads on real databases: SQLite (a temp file) and PostgreSQL (PLAYGROUND_TEST_PG_URL).

Every test that takes ``store`` or ``make_settings`` runs on both backends.
"""
from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from playground.spec import limits
from playground.storage import (Expired, NotFound, SaveRefused, StorageUnavailable, links, open_store,
                                settings)

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024


class Clock:
    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_round_trip_keeps_every_character_and_field(store):
    text = '{\r\n\t"type": "message", "text": "Привет 👋🏽 \\ud800", "x": "\u0000"\n}\n\ud800'
    saved = store.save(text, structure="message", mode="request", version="3.4",
                       title="  a\ttitle\nwith\u202e junk  ", client="c1")
    assert links.check_id(saved.id) == saved.id
    back = store.load(saved.id)
    assert back == saved
    assert back.text == text and back.structure == "message" and back.mode == "request"
    assert back.version == "3.4" and back.title == "a title with junk"
    assert back.size == len(text.encode("utf-8", "surrogatepass"))
    detect = store.load(store.save("{}", client="c1").id)
    assert (detect.structure, detect.mode, detect.version, detect.title) == (None, "response", None, None)


def test_saved_payloads_are_immutable_a_new_save_is_a_new_id(store):
    first = store.save('{"n": 1}', client="c")
    second = store.save('{"n": 1}', client="c")
    assert first.id != second.id
    assert store.load(first.id).text == store.load(second.id).text == '{"n": 1}'
    assert not hasattr(store, "update") and not hasattr(store, "delete")
    assert store.stats() == (2, 16)


def test_a_1_mb_payload_round_trips(store):
    text = '{"type": "custom", "content": {"blob": "' + ("Ж0123456789abcdef" * 62_000)[:MB - 10] + '"}}'
    assert len(text.encode()) > MB
    saved = store.save(text, structure="custom", client="big")
    assert store.load(saved.id).text == text


def test_the_size_bound_is_the_validators_unless_set_lower(make_settings):
    store = open_store(make_settings(PLAYGROUND_SAVES_PER_MINUTE=0))
    assert store.settings.max_bytes == limits.MAX_INPUT_BYTES
    with pytest.raises(SaveRefused) as e:
        store.save("x" * (limits.MAX_INPUT_BYTES + 1))
    assert e.value.reason == "too-large"
    assert "5,242,881 bytes" in str(e.value) and "limited to 5,242,880 bytes (5.0 MB)" in str(e.value)
    small = open_store(make_settings(PLAYGROUND_SAVE_MAX_BYTES=1000))
    assert small.load(small.save("é" * 500).id).size == 1000          # 1000 bytes: fits exactly
    with pytest.raises(SaveRefused, match="1,001 bytes; saved payloads are limited to 1,000 bytes"):
        small.save("é" * 500 + "!")
    # asking for more than the validator reads is held at its bound
    assert open_store(make_settings(PLAYGROUND_SAVE_MAX_BYTES=10**9)).settings.max_bytes == limits.MAX_INPUT_BYTES


def test_a_payload_at_the_5_mb_bound_is_saved(make_settings):
    store = open_store(make_settings())
    text = "[" + " " * (limits.MAX_INPUT_BYTES - 2) + "]"
    assert store.load(store.save(text).id).text == text


def test_empty_and_invalid_fields_are_refused_with_a_message(store):
    for text in ("", "  \n\t"):
        with pytest.raises(SaveRefused, match="nothing to save"):
            store.save(text)
    with pytest.raises(SaveRefused, match="request or response"):
        store.save("{}", mode="sideways")
    with pytest.raises(SaveRefused, match="API version"):
        store.save("{}", version="9.9")
    with pytest.raises(SaveRefused, match="structure name"):
        store.save("{}", structure="<script>")
    assert store.stats() == (0, 0)


def test_rate_limit_per_session_per_minute(make_settings):
    clock = Clock()
    store = open_store(make_settings(PLAYGROUND_SAVES_PER_MINUTE=3), clock=clock)
    for _ in range(3):
        store.save("{}", client="alice")
        clock.now += 5
    with pytest.raises(SaveRefused) as e:
        store.save("{}", client="alice")
    assert e.value.reason == "rate" and e.value.retry_after == 45
    assert "saved 3 payloads in the last minute" in str(e.value)
    assert "at most 3 saves a minute from one session. Try again in 45 seconds." in str(e.value)
    store.save("{}", client="bob")                      # another session has its own budget
    clock.now += 46                                     # the first save has left the window
    store.save("{}", client="alice")
    assert open_store(make_settings(PLAYGROUND_SAVES_PER_MINUTE=0)).settings.saves_per_minute == 0


def test_total_quota_by_count_and_by_bytes(make_settings):
    store = open_store(make_settings(PLAYGROUND_SAVE_MAX_COUNT=2))
    store.save("{}", client="a")
    store.save("{}", client="b")
    with pytest.raises(SaveRefused) as e:
        store.save("{}", client="c")
    assert e.value.reason == "quota-count"
    assert "storage is full: it holds 2 saved payloads" in str(e.value) and "Download" in str(e.value)

    store = open_store(make_settings(PLAYGROUND_SAVE_MAX_COUNT=0, PLAYGROUND_SAVE_MAX_TOTAL_BYTES=2_000))
    store.save("x" * 1_000, client="a")                # 4 + 1000 bytes stored now
    with pytest.raises(SaveRefused) as e:
        store.save("y" * 1_000, client="b")
    assert e.value.reason == "quota-bytes" and "2,000 bytes" in str(e.value)
    store.save("z" * 990, client="b")                  # what still fits is taken
    assert store.stats() == (4, 4 + 1_000 + 990)


def test_expiry_only_when_the_operator_sets_one(make_settings):
    clock = Clock()
    forever = open_store(make_settings(), clock=clock)
    kept = forever.save('{"old": true}')
    clock.now += 10 * 365 * 86400
    assert forever.load(kept.id).text == '{"old": true}'

    store = open_store(make_settings(PLAYGROUND_SAVE_EXPIRE_DAYS=30), clock=clock)
    fresh = store.save('{"fresh": true}')
    clock.now += 31 * 86400
    with pytest.raises(Expired, match="has expired: this playground keeps saved payloads for 30 days"):
        store.load(fresh.id)
    store.save("{}")                                    # a save deletes what has expired
    assert store.stats() == (1, 2)


@pytest.mark.parametrize("bad, words", [
    ("", "empty"),
    ("message", "is a structure name"),
    ("rich_message", "share link that lost its `p=`"),
    ("../../etc/passwd", "not the id of a saved payload"),
    ("AAAAAAAAAAAAAAA!", "not the id"),
    ("A" * 5000, "not the id"),
    ("'; DROP TABLE saved_payloads; --", "not the id"),
    ("\ud800\x00<script>", "not the id"),
])
def test_bad_ids_are_refused_with_a_message(store, bad, words):
    store.save("{}")                                    # the table exists
    with pytest.raises(NotFound) as e:
        store.load(bad)
    assert words in str(e.value)
    str(e.value).encode("utf-8")                        # printable: no half surrogate in a message
    assert store.stats() == (1, 2)


def test_an_unknown_id_is_not_found(store):
    with pytest.raises(NotFound, match="nothing has been saved"):
        store.load(links.new_id())                      # no table yet
    store.save("{}")
    with pytest.raises(NotFound, match="no saved payload with the id `AAAAAAAAAAAAAAAA`"):
        store.load("AAAAAAAAAAAAAAAA")


def test_concurrent_saves_from_many_threads(make_settings):
    store = open_store(make_settings(PLAYGROUND_SAVES_PER_MINUTE=0))
    threads, per_thread = 16, 8
    results: list[tuple[str, str]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def work(n: int) -> None:
        try:
            start.wait()
            for i in range(per_thread):
                text = f'{{"thread": {n}, "i": {i}, "pad": "{"x" * (n * 100)}"}}'
                saved = store.save(text, client=f"t{n}")
                with lock:
                    results.append((saved.id, text))
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert not errors, errors
    assert len(results) == threads * per_thread
    assert len({pid for pid, _ in results}) == len(results)         # ids unique
    for pid, text in results:                                        # all retrievable, exact
        assert store.load(pid).text == text
    assert store.stats()[0] == threads * per_thread


SAVER = """
import sys
from playground.storage import open_store, settings
store = open_store(settings.load())
pad = "y" * 300_000
i = 0
while True:
    saved = store.save('{"i": %d, "pad": "%s"}' % (i, pad), client="killed-%d" % i)
    print(saved.id, i, flush=True)
    i += 1
"""


def test_a_process_killed_mid_save_loses_nothing_committed(make_settings, tmp_path):
    cfg = make_settings()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop(settings.ENV_DB_URL, None)
    env.pop(settings.ENV_DB_PATH, None)
    if cfg.backend == "postgresql":
        env[settings.ENV_DB_URL] = cfg.db_url
    else:
        env[settings.ENV_DB_PATH] = str(cfg.sqlite_path)
    committed: dict[str, int] = {}
    for round_ in range(3):                             # kill it three times, at different moments
        proc = subprocess.Popen([sys.executable, "-c", SAVER], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=env, cwd=tmp_path, text=True)
        try:
            for _ in range(3 + round_ * 2):
                line = proc.stdout.readline()
                assert line, proc.stderr.read()
                pid, i = line.split()
                committed[pid] = int(i)
            time.sleep(0.003 * round_)                  # mid-save: the loop does nothing else
            proc.send_signal(signal.SIGKILL)
            rest, _err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
        for line in rest.splitlines():                  # printed before the kill landed
            pid, i = line.split()
            committed[pid] = int(i)
        assert proc.returncode == -signal.SIGKILL
    store = open_store(cfg)
    for pid, i in committed.items():
        assert store.load(pid).text.startswith('{"i": %d, ' % i)
    count, _ = store.stats()
    assert len(committed) <= count <= len(committed) + 3   # at most one committed-but-unprinted per kill
    assert store.load(store.save("{}").id).text == "{}"    # and the database takes saves again
    if cfg.backend == "sqlite":
        with sqlite3.connect(cfg.sqlite_path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


# -- SQLite files that are missing, damaged or cannot be made --------------------------------------
def _sqlite(path: Path, **env):
    return open_store(settings.load({settings.ENV_DB_PATH: str(path), **env}, {}))


def test_missing_database_file_is_not_found_and_not_created_by_a_load(db_path):
    store = _sqlite(db_path)
    with pytest.raises(NotFound, match="nothing has been saved on this playground server yet"):
        store.load("AAAAAAAAAAAAAAAA")
    assert not db_path.exists() and not db_path.parent.exists()
    saved = store.save("{}")                            # the first save creates folder and file
    assert db_path.exists()
    db_path.unlink()                                    # the file is deleted under the app
    with pytest.raises(NotFound, match="does not exist"):
        store.load(saved.id)


@pytest.mark.parametrize("damage", ["garbage", "zeroed-pages", "truncated-header"])
def test_a_damaged_database_file_gives_a_clear_message(db_path, damage):
    store = _sqlite(db_path)
    saved = store.save('{"a": 1}' * 2000)
    for suffix in ("-wal", "-shm"):                     # checkpointed into the main file at close
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    raw = bytearray(db_path.read_bytes())
    if damage == "garbage":
        raw = bytearray(b"this is not an SQLite database at all\n" * 300)
    elif damage == "zeroed-pages":
        raw[100:] = b"\x00" * (len(raw) - 100)
    else:
        raw = raw[:50]
    db_path.write_bytes(bytes(raw))
    for action in (lambda: store.load(saved.id), lambda: store.save("{}"), store.stats):
        with pytest.raises(StorageUnavailable) as e:
            action()
        message = str(e.value)
        assert "Saved payloads are unavailable right now" in message and "tell whoever runs" in message
        assert "damaged" in message or "failed" in message, message
        assert str(db_path) not in message              # server paths stay in the log
        assert str(db_path) in e.value.detail


def test_a_database_folder_that_cannot_be_made_gives_a_clear_message(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = _sqlite(blocker / "sub" / "saved.sqlite3")
    with pytest.raises(StorageUnavailable, match="folder cannot be created. Nothing was saved"):
        store.save("{}")


def test_an_unreachable_postgres_server_gives_a_clear_message():
    port = _closed_port()
    store = open_store(settings.load({settings.ENV_DB_URL: f"postgresql://nobody@127.0.0.1:{port}/x"}, {}))
    for action in (lambda: store.save("{}"), lambda: store.load("AAAAAAAAAAAAAAAA")):
        with pytest.raises(StorageUnavailable, match="database server cannot be reached"):
            action()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
