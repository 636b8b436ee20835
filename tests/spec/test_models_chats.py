"""playground/models/chats.py: threads, chats, chat summaries, list_chats pages."""
from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from playground.spec.v3_2 import chats as c
from playground.spec.v3_2 import events as ev

from _payloads import sample


@pytest.mark.parametrize("rel,tp", [("chats/chat.json", c.Chat), ("chats/chat_summary.json", c.ChatSummary),
                                    ("chats/thread.json", c.Thread), ("chats/chat_summaries.json", c.ChatSummaries),
                                    ("chats/list_chats_response.json", c.ChatSummaries)])
def test_samples_round_trip_with_unknown_keys(rel, tp):
    data = sample(rel)
    ad = TypeAdapter(tp)
    obj = ad.validate_python(data)
    assert ad.dump_python(obj, mode="json", by_alias=True, exclude_unset=True) == data
    assert ad.dump_python(ad.validate_json(ad.dump_json(obj, by_alias=True, exclude_unset=True)),
                          mode="json", by_alias=True, exclude_unset=True) == data


def test_the_properites_typo_is_kept_as_an_extra():
    chat = c.Chat.model_validate(sample("chats/chat.json"))
    assert chat.properties is None and "properites" in chat.model_extra


def test_thread_events_are_response_events():
    t = c.Thread.model_validate(sample("chats/thread.json"))
    assert all(isinstance(e, ev.MessageResponse) for e in t.events)
    with pytest.raises(ValidationError):   # a request event (no id, created_at, author_id) is not a thread event
        c.Thread.model_validate({**sample("chats/thread.json"), "events": [{"type": "message", "text": "x"}]})


def test_thread_requires_active_and_created_at():
    with pytest.raises(ValidationError) as e:
        c.Thread.model_validate({"id": "K"})
    assert sorted(x["loc"] for x in e.value.errors()) == [("active",), ("created_at",)]


def test_last_event_per_type_events_need_no_recipients():
    s = c.ChatSummary.model_validate(sample("chats/chat_summary.json"))
    assert s.last_event_per_type["message"].event.recipients is None
    assert isinstance(s.last_event_per_type["system_message"].event, ev.SystemMessageResponse)


def test_chat_summaries_is_a_list_or_a_list_chats_page():
    ad = TypeAdapter(c.ChatSummaries)
    assert isinstance(ad.validate_python([]), list)
    page = ad.validate_python(sample("chats/list_chats_response.json"))
    assert isinstance(page, c.ListChatsResponse) and len(page.chats_summary) == 2
    with pytest.raises(ValidationError):
        ad.validate_python({"found_chats": 1})


def test_queue_numbers_are_non_negative():
    q = {"position": 0, "wait_time": 0, "queued_at": "2020-05-07T07:11:28.288340Z"}
    c.Queue.model_validate(q)
    for bad in ({"position": -1}, {"wait_time": -5}, {"queued_at": "2020-05-07T07:11:28Z"}):
        with pytest.raises(ValidationError):
            c.Queue.model_validate({**q, **bad})


def test_access_group_ids_are_integers():
    c.Chat.model_validate({"id": "PJ", "access": {"group_ids": [0]}})
    for bad in (["1"], [1.5], "0", [True]):
        with pytest.raises(ValidationError):
            c.Chat.model_validate({"id": "PJ", "access": {"group_ids": bad}})
