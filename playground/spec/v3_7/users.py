"""v3.7 users: the Customer table no longer lists `phone_number` and `omnichannel`, while the
page's own Customer sample still carries them and the changelog removes neither: kept, with a
warning that quotes both places."""
from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field

from playground.spec.v3_6 import users as previous
from playground.spec.v3_6.users import Agent, Cart, CartItem, MyProfile  # noqa: F401


class Customer(previous.Customer):
    @classmethod
    def spec_findings(cls, data, mode, ctx):
        yield from super().spec_findings(data, mode, ctx)
        for key in ("phone_number", "omnichannel"):
            if key in data:
                yield ((key,), "customer-field-untabled",
                       f"`{key}` is not in v3.7's Customer table (v3.6's lists it), but v3.7's own Customer "
                       "sample carries it and the changelog does not remove it.")


User = Annotated[Union[Agent, Customer], Field(discriminator="type")]
