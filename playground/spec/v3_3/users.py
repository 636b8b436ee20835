"""v3.3 users: the customer's new fields (`email_verified`; `followed`, `online`, `group_ids`,
`state` from the changelog and the sample). Agent and my profile are unchanged."""
from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field

from playground.spec.common import spec
from playground.spec.v3_2 import users as previous
from playground.spec.v3_2.users import Agent, MyProfile  # noqa: F401


class Customer(previous.Customer):
    email_verified: bool | None = spec("Specifies if the customer confirmed their email address. See Request "
                                       "Email Verification.", default=None)
    followed: bool | None = spec("Whether the agent follows the customer (changelog: a new property).", default=None)
    online: bool | None = spec("Whether the customer is online (changelog: a new property).", default=None)
    group_ids: list[int] | None = spec("The groups the customer is in (changelog: a new property).", default=None)
    state: str | None = spec("The customer's state, e.g. browsing (changelog: a new property).", default=None)


User = Annotated[Union[Agent, Customer], Field(discriminator="type")]
