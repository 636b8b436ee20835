"""Fixtures for the saved-payload tests: a temp SQLite file, a fresh PostgreSQL schema, a store of each.

PostgreSQL: the tests use the server named by PLAYGROUND_TEST_PG_URL (``.ci/run`` starts a
throwaway one with ``.ci/start-postgres.sh`` and exports it). Each test gets its own schema
(dropped after), so tests never see each other's rows. Without the variable the PostgreSQL tests
are skipped in a plain local run, and FAIL under CI (CI=true): CI must run them.
"""
from __future__ import annotations

import os
import secrets

import psycopg
import pytest

from playground.storage import open_store, settings

PG_ENV = "PLAYGROUND_TEST_PG_URL"
BACKENDS = ["sqlite", "postgresql"]


def pg_server_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_ENV} is not set under CI: .ci/run must start PostgreSQL "
                        "(. .ci/start-postgres.sh) so that these tests run")
        pytest.skip(f"{PG_ENV} is not set: run `. .ci/start-postgres.sh` first (what .ci/run does) to "
                    "test saving on PostgreSQL")
    return url


@pytest.fixture
def pg_url():
    """A URL whose connections use a schema of their own (created here, dropped after)."""
    url = pg_server_url()
    schema = "t_" + secrets.token_hex(6)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data" / "saved.sqlite3"


@pytest.fixture(params=BACKENDS)
def make_settings(request, tmp_path):
    """make_settings(**env) -> Settings for this test's backend, with the given PLAYGROUND_* values."""
    if request.param == "postgresql":
        base = {settings.ENV_DB_URL: request.getfixturevalue("pg_url")}
    else:
        base = {settings.ENV_DB_PATH: str(tmp_path / "data" / "saved.sqlite3")}

    def make(**env):
        return settings.load({**base, **{k: str(v) for k, v in env.items()}}, {})
    make.backend = request.param
    return make


@pytest.fixture
def store(make_settings):
    return open_store(make_settings())
