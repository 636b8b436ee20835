"""Share links: exact round trip, a size bound, and clear messages for damaged or hostile links."""
from __future__ import annotations

import base64
import zlib
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.authoring import sharelink as sl
from playground.spec import catalog

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _token(raw: bytes, version: str = sl.VERSION) -> str:
    return version + "." + base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@given(st.text(max_size=2000))
@settings(max_examples=300, deadline=None)
def test_round_trip_any_text(text):
    assert sl.decode_text(sl.encode_text(text)) == text


@given(st.text(max_size=300), st.sampled_from([None, "message", "rich_message", "chat_summaries"]),
       st.sampled_from(sl.MODES))
@settings(max_examples=200, deadline=None)
def test_round_trip_params(text, structure, mode):
    shared = sl.decode(sl.encode(text, structure, mode))
    assert shared == sl.SharedPayload(text, structure, mode)


def test_round_trip_through_a_url_keeps_cyrillic_emoji_and_whitespace():
    text = '{\n\t"type": "message",  "text": "Привет, мир 👋🏽 — ünïcödé\\u00e9",\r\n "recipients":"all"}'
    url = sl.build_url("http://localhost:8765/?old=1#frag", text, "message", "request")
    parts = urlsplit(url)
    assert parts.netloc == "localhost:8765" and parts.fragment == ""
    params = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert set(params) == {sl.PARAM_PAYLOAD, sl.PARAM_STRUCTURE, sl.PARAM_MODE}
    assert sl.decode(params) == sl.SharedPayload(text, "message", "request")


def test_every_sample_fits_in_a_link():
    for path in sorted(SAMPLES.rglob("*.json")):
        text = path.read_text(encoding="utf-8")
        token = sl.encode_text(text)
        assert len(token) <= sl.MAX_TOKEN_CHARS
        assert sl.decode_text(token) == text


def test_detect_and_response_are_left_out_of_the_link():
    assert set(sl.encode("{}")) == {sl.PARAM_PAYLOAD}


def test_token_is_url_safe():
    token = sl.encode_text("ÿ" * 50 + "??//++==" * 40)
    assert token.startswith("1.")
    assert all(c.isalnum() or c in "-_." for c in token)


def test_too_large_payload_gets_a_clear_message():
    import random
    rnd = random.Random(1)
    text = "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(20_000))
    with pytest.raises(sl.ShareLinkTooLarge) as e:
        sl.encode_text(text)
    assert "8,000" in str(e.value) and e.value.size > sl.MAX_TOKEN_CHARS
    # a large but repetitive payload still fits: the bound is on the link, not the text
    assert sl.decode_text(sl.encode_text("a" * 200_000)) == "a" * 200_000


def test_more_than_the_text_bound_is_refused_when_encoding():
    with pytest.raises(sl.ShareLinkTooLarge):
        sl.encode_text(" " * (sl.MAX_TEXT_BYTES + 1))


@pytest.mark.parametrize("token, words", [
    ("", "no payload"),
    ("eJyrVkrLz1eyUkpKLFKqBQA", "format"),                 # no version prefix
    ("2.eJyrVkrLz1eyUkpKLFKqBQA", "version '2'"),
    ("1.not base64!!", "base64url"),
    ("1.a", "base64url"),                                   # impossible length
    ("1." + "A" * 20, "decompressed"),                      # valid base64, not zlib
    ("1." + "x" * (sl.MAX_TOKEN_CHARS + 100), "at most"),
])
def test_damaged_links_get_clear_messages(token, words):
    with pytest.raises(sl.ShareLinkError) as e:
        sl.decode_text(token)
    assert words in str(e.value)


def test_truncated_link_is_reported_as_cut():
    token = sl.encode_text('{"type": "message", "text": "' + "hello world " * 50 + '"}')
    with pytest.raises(sl.ShareLinkError) as e:
        sl.decode_text(token[: len(token) // 2])
    assert "cut" in str(e.value)


def test_zip_bomb_is_refused_without_expanding_it():
    token = _token(zlib.compress(b"[" * (5 * 1024 * 1024), 9))   # ~5 KB of link -> 5 MB
    assert len(token) <= sl.MAX_TOKEN_CHARS
    with pytest.raises(sl.ShareLinkError) as e:
        sl.decode_text(token)
    assert "expands to more than" in str(e.value)


def test_not_utf8_is_refused():
    with pytest.raises(sl.ShareLinkError) as e:
        sl.decode_text(_token(zlib.compress(b"\xff\xfe\x00binary")))
    assert "not UTF-8" in str(e.value)


def test_trailing_garbage_is_refused():
    with pytest.raises(sl.ShareLinkError) as e:
        sl.decode_text(_token(zlib.compress(b"{}") + b"junk"))
    assert "extra bytes" in str(e.value)


@pytest.mark.parametrize("params, words", [
    ({}, "no payload"),
    ({"p": sl.encode_text("{}"), "m": "both"}, "request, response or detect"),
    ({"p": sl.encode_text("{}"), "s": "<script>"}, "structure"),
])
def test_bad_params(params, words):
    with pytest.raises(sl.ShareLinkError) as e:
        sl.decode(params)
    assert words in str(e.value)


def test_repeated_params_take_the_last_value():
    p = sl.encode_text("{}")
    assert sl.decode({"p": ["garbage", p], "m": ["response", "request"]}).mode == "request"
    assert sl.has_link({"p": p}) and not sl.has_link({"s": "message"})


def test_a_lone_surrogate_survives_the_link():
    text = '{"text": "half \ud83d of an emoji"}'     # what an editor leaves after deleting half
    assert sl.decode_text(sl.encode_text(text)) == text


# -- the API version (`v`) -----------------------------------------------------------------------
@pytest.mark.parametrize("version", catalog.VERSIONS)
def test_the_version_round_trips_through_a_url(version):
    url = sl.build_url("http://localhost:8501/", '{"type": "message"}', "message", "request", version)
    params = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert params[sl.PARAM_API_VERSION] == version
    assert sl.decode(params) == sl.SharedPayload('{"type": "message"}', "message", "request", version)


def test_detect_is_left_out_of_the_link_and_an_old_link_means_detect():
    assert sl.PARAM_API_VERSION not in sl.encode("{}", version=sl.DETECT)
    assert sl.PARAM_API_VERSION not in sl.encode("{}", version=None)
    old = {"p": sl.encode_text("{}"), "s": "message"}          # a link made before versions
    shared = sl.decode(old)
    assert shared.version is None and shared.notes == ()
    assert sl.decode({**old, "v": "detect"}).version is None


def test_a_version_written_with_a_v_is_read():
    assert sl.decode({"p": sl.encode_text("{}"), "v": "v3.6"}).version == "3.6"


def test_encoding_an_unknown_version_is_refused():
    with pytest.raises(catalog.UnknownVersion):
        sl.encode("{}", version="9.9")


@pytest.mark.parametrize("value", ["9.9", "3.10", "3", "latest", "<script>alert(1)</script>",
                                   "3.6;rm -rf /", "\x00\u202e3.6", "3." + "6" * 5000])
def test_a_foreign_or_hostile_version_falls_back_to_detect_with_a_clear_note(value):
    shared = sl.decode({"p": sl.encode_text('{"a": 1}'), "v": value})
    assert shared.text == '{"a": 1}' and shared.version is None
    (note,) = shared.notes
    assert "does not know" in note and "detected from the payload instead" in note
    assert "3.2, 3.3, 3.4, 3.5, 3.6, 3.7" in note
    assert len(note) < 300 and note.isprintable()


def test_repeated_versions_take_the_last():
    assert sl.decode({"p": sl.encode_text("{}"), "v": ["3.2", "3.7"]}).version == "3.7"
