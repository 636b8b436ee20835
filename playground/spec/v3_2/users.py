"""Users: agent, my profile, customer (with its last visit, statistics and session fields)."""
from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from playground.spec.common import Model, Rfc3339Timestamp, spec


class Agent(Model):
    __label__ = "Agent"
    id: str = spec("Agent ids are e-mail addresses.")
    type: Literal["agent"] = spec("agent", rule="user-type")
    name: str | None = spec(None, default=None)
    email: str | None = spec(None, default=None)
    present: bool | None = spec(None, default=None)
    events_seen_up_to: Rfc3339Timestamp | None = spec("RFC 3339 datetime string; the timestamp of the most recent event seen by the Agent—all the previous events are considered seen.", default=None)
    avatar: str | None = spec("Avatar URL; real payloads omit the scheme (cdn.livechatinc.com/avatars/1.png).", default=None)
    routing_status: Literal["accepting_chats", "not_accepting_chats", "offline"] | None = spec(
        "Returned only if the Agent is currently logged in.", default=None, rule="routing-status")


class MyProfile(Agent):
    __label__ = "My profile"
    permission: str | None = spec("The agent's permission, e.g. administrator.", default=None)


class Geolocation(Model):
    __label__ = "Geolocation"
    country: str | None = spec(None, default=None)
    country_code: str | None = spec(None, default=None)
    region: str | None = spec(None, default=None)
    city: str | None = spec(None, default=None)
    timezone: str | None = spec(None, default=None)
    latitude: str | None = spec(None, default=None)
    longitude: str | None = spec(None, default=None)


class VisitedPage(Model):
    __label__ = "Visited page"
    opened_at: Rfc3339Timestamp | None = spec(None, default=None)
    url: str | None = spec(None, default=None)
    title: str | None = spec(None, default=None)


class Visit(Model):
    __label__ = "Last visit"
    started_at: Rfc3339Timestamp | None = spec(None, default=None)
    ended_at: Rfc3339Timestamp | None = spec(None, default=None)
    referrer: str | None = spec(None, default=None)
    ip: str | None = spec(None, default=None)
    user_agent: str | None = spec(None, default=None)
    geolocation: Geolocation | None = spec(None, default=None)
    last_pages: list[VisitedPage] | None = spec(None, default=None)


class Statistics(Model):
    __label__ = "Customer statistics"
    chats_count: int | None = spec(None, default=None, ge=0)
    threads_count: int | None = spec(None, default=None, ge=0)
    visits_count: int | None = spec(None, default=None, ge=0)
    page_views_count: int | None = spec(None, default=None, ge=0)
    greetings_shown_count: int | None = spec(None, default=None, ge=0)
    greetings_accepted_count: int | None = spec(None, default=None, ge=0)


def _single_pair(item: dict[str, str]) -> dict[str, str]:
    if len(item) != 1:
        raise PydanticCustomError(
            "session-fields-pair",
            "This session_fields item has {n} keys; each item must enclose exactly one key:value pair",
            {"n": len(item)})
    return item


# One item of session_fields: an object enclosing exactly one key:value pair (checked per item,
# so an error points at the offending item, not at the whole list).
SessionField = Annotated[dict[str, str], AfterValidator(_single_pair)]


class Customer(Model):
    __label__ = "Customer"
    id: str = spec("Customer ids are UUIDs or 32-hex strings.")
    type: Literal["customer"] = spec("customer", rule="user-type")
    name: str | None = spec(None, default=None)
    email: str | None = spec(None, default=None)
    avatar: str | None = spec(None, default=None)
    last_visit: Visit | None = spec(None, default=None)
    session_fields: list[SessionField] | None = spec(
        "An array of custom object-enclosed key:value pairs. Expires along with the session.",
        default=None, rule="session-fields-pair")
    statistics: Statistics | None = spec(None, default=None)
    priv_lc2_customer_id: str | None = spec("Private: the customer's LiveChat 2 id.", default=None,
                                            alias="__priv_lc2_customer_id")
    agent_last_event_created_at: Rfc3339Timestamp | None = spec(None, default=None)
    customer_last_event_created_at: Rfc3339Timestamp | None = spec(None, default=None)
    created_at: Rfc3339Timestamp | None = spec(None, default=None)
    present: bool | None = spec(None, default=None)
    events_seen_up_to: Rfc3339Timestamp | None = spec("RFC 3339 datetime string", default=None)


User = Annotated[Union[Agent, Customer], Field(discriminator="type")]
