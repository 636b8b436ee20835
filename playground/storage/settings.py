"""Where saved payloads live and the bounds on saving, read from the environment and a config mapping.

Precedence, highest first: environment variables, then the ``config`` mapping (the app passes the
``[storage]`` table of ``.streamlit/secrets.toml``), then the defaults below. For the location,
either variable (PLAYGROUND_DB_URL first) beats either config key: PLAYGROUND_DB_PATH set for a
test wins over a ``db_url`` in someone's secrets file.

| environment variable | config key | default | meaning |
|---|---|---|---|
| PLAYGROUND_DB_URL | db_url | (none) | ``postgresql://user:pass@host:5432/db`` (or ``postgres://``) for PostgreSQL; ``sqlite:////abs/path.sqlite3`` also works |
| PLAYGROUND_DB_PATH | db_path | $XDG_DATA_HOME/livechat-playground/saved-payloads.sqlite3 (XDG_DATA_HOME defaults to ~/.local/share) | the SQLite file, used when no URL is set |
| PLAYGROUND_SAVE_MAX_BYTES | max_bytes | 5 MB (limits.MAX_INPUT_BYTES) | one payload's size, UTF-8 bytes; never above the validator's bound |
| PLAYGROUND_SAVES_PER_MINUTE | saves_per_minute | 10 | saves by one browser session in any 60 seconds; 0 = no limit |
| PLAYGROUND_SAVE_MAX_COUNT | max_count | 100 000 | payloads stored in all; 0 = no limit |
| PLAYGROUND_SAVE_MAX_TOTAL_BYTES | max_total_bytes | 2 GiB | bytes of payload stored in all; 0 = no limit |
| PLAYGROUND_SAVE_EXPIRE_DAYS | expire_days | (none: kept for ever) | payloads older than this are no longer opened, and are deleted at the next save |

A value that cannot be read (``PLAYGROUND_SAVE_MAX_BYTES=lots``) raises SettingsError with a message
naming the variable; the app shows it where saving would be.
"""
from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playground.spec import limits

ENV_DB_URL = "PLAYGROUND_DB_URL"
ENV_DB_PATH = "PLAYGROUND_DB_PATH"
ENV_MAX_BYTES = "PLAYGROUND_SAVE_MAX_BYTES"
ENV_PER_MINUTE = "PLAYGROUND_SAVES_PER_MINUTE"
ENV_MAX_COUNT = "PLAYGROUND_SAVE_MAX_COUNT"
ENV_MAX_TOTAL_BYTES = "PLAYGROUND_SAVE_MAX_TOTAL_BYTES"
ENV_EXPIRE_DAYS = "PLAYGROUND_SAVE_EXPIRE_DAYS"
CONFIG_SECTION = "storage"          # [storage] in .streamlit/secrets.toml

DEFAULT_PER_MINUTE = 10
DEFAULT_MAX_COUNT = 100_000
DEFAULT_MAX_TOTAL_BYTES = 2 * 1024 ** 3
DB_FILE_NAME = "saved-payloads.sqlite3"


class SettingsError(ValueError):
    """A setting that cannot be used; ``str(err)`` names it and says what it should be."""


@dataclass(frozen=True, slots=True)
class Settings:
    backend: str                      # "sqlite" or "postgresql"
    sqlite_path: Path | None = None   # the SQLite file (backend "sqlite")
    db_url: str | None = None         # the PostgreSQL URL (backend "postgresql")
    max_bytes: int = limits.MAX_INPUT_BYTES
    saves_per_minute: int = DEFAULT_PER_MINUTE          # 0: no limit
    max_count: int = DEFAULT_MAX_COUNT                  # 0: no limit
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES      # 0: no limit
    expire_days: float | None = None                    # None: never

    def where(self) -> str:
        """Where the payloads are stored, for an operator (a URL's password is left out)."""
        if self.backend == "sqlite":
            return f"SQLite file {self.sqlite_path}"
        parts = urlsplit(self.db_url or "")
        host = parts.hostname or "localhost"
        port = f":{parts.port}" if parts.port else ""
        user = f"{parts.username}@" if parts.username else ""
        return f"PostgreSQL {user}{host}{port}{parts.path}"


def default_sqlite_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    base = env.get("XDG_DATA_HOME") or str(Path(env.get("HOME") or Path.home()) / ".local" / "share")
    return Path(base) / "livechat-playground" / DB_FILE_NAME


def _pick(env: Mapping, config: Mapping, env_name: str, key: str):
    value = env.get(env_name)
    if value is not None and str(value).strip() != "":
        return value, env_name
    value = config.get(key)
    if value is not None and str(value).strip() != "":
        return value, f"[{CONFIG_SECTION}] {key}"
    return None, env_name


def _whole(env, config, env_name, key, default: int, what: str) -> int:
    value, where = _pick(env, config, env_name, key)
    if value is None:
        return default
    try:
        n = int(str(value).strip().replace("_", ""))
    except ValueError:
        raise SettingsError(f"{where} must be a whole number ({what}; 0 means no limit), not "
                            f"{_shown(value)}.") from None
    if n < 0:
        raise SettingsError(f"{where} must be 0 (no limit) or more, not {n}.")
    return n


def _shown(value) -> str:
    text = str(value)
    return repr("".join(c if c.isprintable() else "?" for c in text[:40]) + ("…" if len(text) > 40 else ""))


def _url_settings(url: str, where: str) -> tuple[str, Path | None, str | None]:
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme in ("postgresql", "postgres") or scheme.startswith("postgresql+"):
        if scheme.startswith("postgresql+"):         # an SQLAlchemy-style URL: psycopg takes the plain one
            url = "postgresql" + url[len(scheme):]
        return "postgresql", None, url
    if scheme == "sqlite":
        # sqlite:///relative/file or sqlite:////absolute/file, as SQLAlchemy writes them
        path = unquote(url[len("sqlite:///"):]) if url.lower().startswith("sqlite:///") else ""
        if not path:
            raise SettingsError(f"{where} names no SQLite file (write sqlite:///path/to/file.sqlite3).")
        return "sqlite", Path(path).expanduser(), None
    raise SettingsError(f"{where} must be a postgresql:// (or sqlite:///) URL, not one starting "
                        f"with {_shown(scheme or url[:12])}.")


def load(env: Mapping[str, str] | None = None, config: Mapping | None = None) -> Settings:
    """The settings in force: ``env`` (default os.environ) over ``config`` over the defaults."""
    env = os.environ if env is None else env
    config = config or {}
    # the location: an environment variable (URL, then path) beats the config (URL, then path)
    backend, sqlite_path, db_url = "sqlite", default_sqlite_path(env), None
    for source, where in ((env, ""), (config, f"[{CONFIG_SECTION}] ")):
        url = source.get(ENV_DB_URL if source is env else "db_url")
        path = source.get(ENV_DB_PATH if source is env else "db_path")
        if url is not None and str(url).strip():
            backend, sqlite_path, db_url = _url_settings(str(url).strip(), where + ("db_url" if where else ENV_DB_URL))
            break
        if path is not None and str(path).strip():
            sqlite_path = Path(str(path).strip()).expanduser()
            break
    max_bytes = _whole(env, config, ENV_MAX_BYTES, "max_bytes", limits.MAX_INPUT_BYTES, "bytes per payload")
    if max_bytes == 0 or max_bytes > limits.MAX_INPUT_BYTES:
        max_bytes = limits.MAX_INPUT_BYTES         # the validator reads no more than this anyway
    expire, expire_where = _pick(env, config, ENV_EXPIRE_DAYS, "expire_days")
    expire_days = None
    if expire is not None:
        try:
            expire_days = float(str(expire).strip())
        except ValueError:
            raise SettingsError(f"{expire_where} must be a number of days (e.g. 30), not {_shown(expire)}.") from None
        if not math.isfinite(expire_days) or expire_days <= 0:
            raise SettingsError(f"{expire_where} must be a positive number of days; leave it unset "
                                "to keep saved payloads for ever.")
    return Settings(
        backend=backend, sqlite_path=sqlite_path, db_url=db_url, max_bytes=max_bytes,
        saves_per_minute=_whole(env, config, ENV_PER_MINUTE, "saves_per_minute", DEFAULT_PER_MINUTE,
                                "saves per session per minute"),
        max_count=_whole(env, config, ENV_MAX_COUNT, "max_count", DEFAULT_MAX_COUNT, "saved payloads in all"),
        max_total_bytes=_whole(env, config, ENV_MAX_TOTAL_BYTES, "max_total_bytes", DEFAULT_MAX_TOTAL_BYTES,
                               "bytes stored in all"),
        expire_days=expire_days)
