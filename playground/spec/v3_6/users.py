"""v3.6 users: the customer's `visit` (was `last_visit`), phone number, tickets, carts,
omnichannel data and address; `statistics.tickets_count`."""
from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import Field

from playground.spec.common import Model, Rfc3339Timestamp, spec
from playground.spec.versioning import Revision
from playground.spec.v3_2.users import Statistics as PreviousStatistics, Visit
from playground.spec.v3_4 import users as previous
from playground.spec.v3_4.users import Agent, MyProfile  # noqa: F401


class Statistics(PreviousStatistics):
    tickets_count: int | None = spec("HelpDesk tickets of the customer (the Customer sample).", default=None, ge=0)


class Ticket(Model):
    __label__ = "Ticket"
    ticket_id: str = spec("The HelpDesk ticket's id (the Customer sample).")
    created_at: Rfc3339Timestamp = spec("When the ticket was created (the Customer sample).")


class CartItem(Model):
    __label__ = "Cart item"
    id: int = spec("The item ID.")
    quantity: int = spec("The quantity of the item in the cart.", ge=0)
    variant_id: int = spec("The variant ID of the item.")


class Cart(Model):
    __label__ = "Cart"
    store_uuid: str | None = spec("The unique identifier of the store.", default=None)
    store_platform: str | None = spec("The platform of the store (e.g., shopify).", default=None)
    customer_signed_in: bool | None = spec("Whether the customer is signed in.", default=None)
    subtotal: float | None = spec("Cart subtotal in the original currency.", default=None)
    total: float | None = spec("Cart total in the original currency.", default=None)
    subtotal_usd: float | None = spec("Cart subtotal converted to USD.", default=None)
    total_usd: float | None = spec("Cart total converted to USD.", default=None)
    currency: str | None = spec("The currency code (e.g., USD, EUR).", default=None)
    items: list[CartItem] | None = spec("An array of Cart Item objects.", default=None)
    last_updated_at: Rfc3339Timestamp | None = spec("RFC 3339 datetime string.", default=None)


class Address(Model):
    __label__ = "Address"
    address: str | None = spec(None, default=None)
    city: str | None = spec(None, default=None)
    country: str | None = spec(None, default=None)
    state: str | None = spec(None, default=None)
    postal_code: str | None = spec(None, default=None)


class Customer(Revision, previous.Customer):
    __renamed__ = {"last_visit": "visit"}
    visit: Visit | None = spec("The customer's visit (renamed from last_visit).", default=None)
    phone_number: str | None = spec(None, default=None)
    statistics: Statistics | None = spec(None, default=None)
    tickets: list[Ticket] | None = spec("Information about HelpDesk tickets (when available).", default=None)
    carts: list[Cart] | None = spec("An array of customer's shopping carts. See Cart for the object structure.",
                                    default=None)
    omnichannel: dict[str, Any] | None = spec("Omnichannel data (when available), by channel.", default=None)
    address: Address | None = spec("An object of the customer's address data.", default=None)


User = Annotated[Union[Agent, Customer], Field(discriminator="type")]
