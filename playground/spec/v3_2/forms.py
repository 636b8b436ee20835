"""Filled form fields, a discriminated union on `type`, each with its answer shape."""
from __future__ import annotations

import re
from typing import Annotated, Literal, Union

from pydantic import Field

from playground.spec.common import Model, spec

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Option(Model):
    __label__ = "Answer option"
    id: str = spec("An identifier of each option a Customer can choose. For all field types.")
    label: str = spec("Answer label; for all field types")


class GroupOption(Model):
    __label__ = "Group chooser answer"
    __rules__ = ("answer-id-type",)
    id: str | int = spec("An identifier of each option a Customer can choose. For all field types.", rule="answer-id-type")
    group_id: int = spec("For group_chooser", rule="group-id-number")
    label: str = spec("Answer label; for all field types")

    @classmethod
    def spec_findings(cls, data, mode, ctx):
        if isinstance(data.get("id"), int) and not isinstance(data.get("id"), bool):
            yield (("id",), "answer-id-type",
                   "answer.id is a number; the table says string (\"id\": \"2\" in the Filled form sample), "
                   "the Filled form fields sample has a number (\"id\": 2). Both are accepted.")


class FieldBase(Model):
    id: str = spec("Field id, for all field types")
    label: str = spec("Field label; for all field types")


class TextField(FieldBase):
    __label__ = "Form field"
    type: Literal["name", "question", "textarea"] = spec(
        "Possible values: checkbox, email, name, question, textarea, group_chooser, radio, select")
    answer: str = spec("For all field types")


class EmailField(FieldBase):
    __label__ = "Email form field"
    __rules__ = ("email-answer",)
    type: Literal["email"] = spec("Possible values: checkbox, email, name, question, textarea, group_chooser, radio, select")
    answer: str = spec("For all field types", rule="email-answer")

    @classmethod
    def spec_findings(cls, data, mode, ctx):
        a = data.get("answer")
        if isinstance(a, str) and a and not _EMAIL.match(a):
            yield (("answer",), "email-answer", f"{a[:60]!r} does not look like an e-mail address.")


class OptionField(FieldBase):
    __label__ = "Choice form field"
    type: Literal["radio", "select"] = spec("Possible values: checkbox, email, name, question, textarea, group_chooser, radio, select")
    answer: Option = spec("For all field types")


class CheckboxField(FieldBase):
    __label__ = "Checkbox form field"
    type: Literal["checkbox"] = spec("Possible values: checkbox, email, name, question, textarea, group_chooser, radio, select")
    answers: list[Option] = spec("The options the customer ticked.")


class GroupChooserField(FieldBase):
    __label__ = "Group chooser form field"
    type: Literal["group_chooser"] = spec("Possible values: checkbox, email, name, question, textarea, group_chooser, radio, select")
    answer: GroupOption = spec("For all field types")


FORM_FIELD_MODELS = (TextField, EmailField, OptionField, CheckboxField, GroupChooserField)
FormField = Annotated[Union[FORM_FIELD_MODELS], Field(discriminator="type")]  # type: ignore[valid-type]


class FilledFormFields(Model):
    """The Filled form fields sample: {"fields": [...]}."""
    __label__ = "Filled form fields"
    fields: list[FormField] = spec("The fields a form contains.")
