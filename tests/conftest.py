"""Fixtures every test folder shares."""
from __future__ import annotations

import pytest

from tests.live.standin import StandIn


@pytest.fixture(scope="module")
def standin():
    """The stand-in LiveChat Web API (tests/live/standin.py) on 127.0.0.1, one per test module;
    tests reset() it to clear what it recorded and any failure it was told to give."""
    with StandIn() as api:
        yield api
