"""Where saved payloads go and how short links are told from share links (no database here)."""
from __future__ import annotations

from pathlib import Path

import pytest

from playground.authoring import sharelink
from playground.spec import limits
from playground.storage import SettingsError, links, settings


def test_defaults_sqlite_under_the_users_data_folder_never_the_repo():
    s = settings.load({"HOME": "/home/someone"}, {})
    assert s.backend == "sqlite"
    assert s.sqlite_path == Path("/home/someone/.local/share/livechat-playground/saved-payloads.sqlite3")
    assert settings.load({"XDG_DATA_HOME": "/data"}, {}).sqlite_path == Path(
        "/data/livechat-playground/saved-payloads.sqlite3")
    assert (s.max_bytes, s.saves_per_minute, s.max_count, s.max_total_bytes, s.expire_days) == (
        limits.MAX_INPUT_BYTES, 10, 100_000, 2 * 1024 ** 3, None)


def test_environment_over_config_over_defaults():
    config = {"db_path": "/from/config.db", "saves_per_minute": 3, "max_count": "7", "expire_days": 2}
    s = settings.load({}, config)
    assert (s.sqlite_path, s.saves_per_minute, s.max_count, s.expire_days) == (Path("/from/config.db"), 3, 7, 2.0)
    s = settings.load({settings.ENV_DB_PATH: "/from/env.db", settings.ENV_PER_MINUTE: "5"}, config)
    assert (s.sqlite_path, s.saves_per_minute, s.max_count) == (Path("/from/env.db"), 5, 7)
    secrets_file = {"db_url": "postgresql://u:secret@db.internal:5433/pg"}
    s = settings.load({settings.ENV_DB_PATH: "/from/env.db"}, secrets_file)   # any env location wins
    assert (s.backend, s.sqlite_path, s.db_url) == ("sqlite", Path("/from/env.db"), None)
    s = settings.load({}, {**secrets_file, "db_path": "/ignored.db"})         # a URL beats a path
    assert s.backend == "postgresql" and s.db_url == "postgresql://u:secret@db.internal:5433/pg"
    assert s.where() == "PostgreSQL u@db.internal:5433/pg"          # no password in what is shown


@pytest.mark.parametrize("url, backend, where", [
    ("postgres://h/db", "postgresql", "postgres://h/db"),
    ("postgresql+psycopg://u@h/db", "postgresql", "postgresql://u@h/db"),
    ("sqlite:////abs/file.sqlite3", "sqlite", Path("/abs/file.sqlite3")),
    ("sqlite:///rel/file.sqlite3", "sqlite", Path("rel/file.sqlite3")),
])
def test_database_urls(url, backend, where):
    s = settings.load({settings.ENV_DB_URL: url}, {})
    assert s.backend == backend
    assert (s.db_url if backend == "postgresql" else s.sqlite_path) == where


@pytest.mark.parametrize("env, words", [
    ({settings.ENV_DB_URL: "mysql://h/db"}, "PLAYGROUND_DB_URL must be a postgresql://"),
    ({settings.ENV_DB_URL: "sqlite://"}, "names no SQLite file"),
    ({settings.ENV_MAX_BYTES: "lots"}, "PLAYGROUND_SAVE_MAX_BYTES must be a whole number"),
    ({settings.ENV_PER_MINUTE: "-1"}, "PLAYGROUND_SAVES_PER_MINUTE must be 0 (no limit) or more"),
    ({settings.ENV_MAX_TOTAL_BYTES: "1.5e9"}, "PLAYGROUND_SAVE_MAX_TOTAL_BYTES must be a whole number"),
    ({settings.ENV_EXPIRE_DAYS: "soon"}, "PLAYGROUND_SAVE_EXPIRE_DAYS must be a number of days"),
    ({settings.ENV_EXPIRE_DAYS: "0"}, "positive number of days"),
    ({settings.ENV_EXPIRE_DAYS: "nan"}, "positive number of days"),
])
def test_bad_settings_name_the_variable(env, words):
    with pytest.raises(SettingsError, match=words.replace("(", r"\(").replace(")", r"\)")):
        settings.load(env, {})


def test_bad_config_values_name_the_config_key():
    with pytest.raises(SettingsError, match=r"\[storage\] max_count must be a whole number"):
        settings.load({}, {"max_count": "many"})
    with pytest.raises(SettingsError, match=r"\[storage\] db_url must be a postgresql://"):
        settings.load({}, {"db_url": "mysql://x"})


def test_ids_are_unguessable_and_never_a_structure_name():
    ids = {links.new_id() for _ in range(20_000)}
    assert len(ids) == 20_000
    for pid in ids:
        assert links.check_id(pid) == pid and len(pid) == links.ID_LENGTH
        with pytest.raises(sharelink.ShareLinkError):       # as a share link's `s` it is no structure
            sharelink.decode({"p": sharelink.encode_text("{}"), "s": pid})


def test_a_link_with_p_is_a_share_link_and_s_alone_a_saved_id():
    share = sharelink.encode('{"type": "message"}', "message", "request")
    assert links.saved_id_in(share) is None                 # old share links open as before
    assert links.saved_id_in({"s": "AbCdEfGhIjKlMnOp"}) == "AbCdEfGhIjKlMnOp"
    assert links.saved_id_in({"s": ["x", "AbCdEfGhIjKlMnOp"]}) == "AbCdEfGhIjKlMnOp"
    assert links.saved_id_in({}) is None and links.saved_id_in({"m": "request"}) is None
    assert links.build_url("http://h:8501/editor?p=1.x&s=message#top", "AbCdEfGhIjKlMnOp") == \
        "http://h:8501/editor?s=AbCdEfGhIjKlMnOp"
    assert links.build_url("http://h", "Ab-_EfGhIjKlMnOp") == "http://h/?s=Ab-_EfGhIjKlMnOp"
