"""v3.4 users: chat users have `visibility` ("Users now have a new field, visibility")."""
from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field

from playground.spec.common import TableRequired, spec
from playground.spec.v3_3 import users as previous
from playground.spec.v3_3.users import MyProfile  # noqa: F401
from playground.spec.v3_4.events import Visibility


AGENT_VISIBILITY_WHY = "the page's own Chat summary sample has an agent without it"


class Agent(previous.Agent):
    __table_required__ = {"visibility": TableRequired("user-visibility-missing", AGENT_VISIBILITY_WHY)}
    visibility: Visibility | None = spec("Required. Possible values: all or agents", default=None)

    @classmethod
    def spec_findings(cls, data, mode, ctx):
        yield from super().spec_findings(data, mode, ctx)
        if "visibility" not in data:
            yield ((), "user-visibility-missing",
                   f"This agent has no `visibility`; the Agent table marks it required, but {AGENT_VISIBILITY_WHY}.")


class Customer(previous.Customer):
    visibility: Visibility | None = spec("Users now have a new field, visibility (changelog); the Customer "
                                         "table does not list it.", default=None)


User = Annotated[Union[Agent, Customer], Field(discriminator="type")]
