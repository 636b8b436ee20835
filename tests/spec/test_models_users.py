"""playground/models/users.py: agent, my profile, customer."""
from __future__ import annotations

from typing import get_args

import pytest
from pydantic import TypeAdapter, ValidationError

from playground.spec import limits as L
from playground.spec.v3_2 import users as u

from _payloads import sample


@pytest.mark.parametrize("rel,cls", [("users/agent.json", u.Agent), ("users/my_profile.json", u.MyProfile),
                                     ("users/customer.json", u.Customer)])
def test_samples_round_trip(rel, cls):
    data = sample(rel)
    obj = cls.model_validate(data)
    assert obj.model_dump(mode="json", by_alias=True, exclude_unset=True) == data
    assert cls.model_validate_json(obj.model_dump_json(by_alias=True, exclude_unset=True)) == obj


def test_private_customer_id_keeps_its_wire_name():
    data = sample("users/customer.json")
    obj = u.Customer.model_validate(data)
    assert obj.priv_lc2_customer_id == "test_771305.dafea66e5c"
    assert "__priv_lc2_customer_id" in obj.model_dump(by_alias=True, exclude_unset=True)
    assert not obj.model_extra


def test_routing_statuses_match_the_limits():
    ann = u.Agent.model_fields["routing_status"].annotation
    assert tuple(a for lit in get_args(ann) for a in get_args(lit)) == L.ROUTING_STATUSES


def test_user_union_by_type():
    users = TypeAdapter(list[u.User]).validate_python([sample("users/agent.json"), sample("users/customer.json")])
    assert [type(x) for x in users] == [u.Agent, u.Customer]


@pytest.mark.parametrize("ts", ["2017-10-12T15:19:21.010200Z", "2017-10-12T15:19:21Z", "2017-10-12T15:19:21.010Z",
                                "2017-10-12T17:19:21+02:00", "2017-10-12T09:49:21.5-05:30", "2017-10-12t15:19:21z",
                                "2016-12-31T23:59:60Z"])
def test_user_timestamps_accept_rfc3339_with_offsets(ts):
    u.Customer.model_validate({**sample("users/customer.json"), "created_at": ts, "events_seen_up_to": ts})
    u.Agent.model_validate({**sample("users/agent.json"), "events_seen_up_to": ts})


@pytest.mark.parametrize("ts", ["2017-10-12", "2017-10-12T15:19", "12/10/2017 15:19", "2017-10-12T15:19:21+0200",
                                "2017-10-12T25:19:21Z", "yesterday", ""])
def test_user_timestamps_reject_what_is_not_rfc3339(ts):
    with pytest.raises(ValidationError) as e:
        u.Agent.model_validate({**sample("users/agent.json"), "events_seen_up_to": ts})
    assert e.value.errors()[0]["type"] == "timestamp-rfc3339"


def test_session_fields_are_single_pairs():
    base = sample("users/customer.json")
    u.Customer.model_validate({**base, "session_fields": [{"a": "1"}, {"a": "2"}]})
    with pytest.raises(ValidationError) as e:
        u.Customer.model_validate({**base, "session_fields": [{"a": "1"}, {}, {"b": "1", "c": "2"}]})
    assert [(x["type"], x["loc"]) for x in e.value.errors()] == [
        ("session-fields-pair", ("session_fields", 1)), ("session-fields-pair", ("session_fields", 2))]


def test_statistics_are_non_negative_integers():
    base = sample("users/customer.json")
    for bad in (-1, 1.5, "3"):
        with pytest.raises(ValidationError):
            u.Customer.model_validate({**base, "statistics": {"chats_count": bad}})


def test_ids_are_required_and_types_fixed():
    with pytest.raises(ValidationError):
        u.Agent.model_validate({"type": "agent"})
    with pytest.raises(ValidationError):
        u.Agent.model_validate({"id": "a@b.c", "type": "customer"})
    assert u.MyProfile.model_validate({"id": "a@b.c", "type": "agent", "permission": "normal"}).permission == "normal"
