"""v3.3 forms: the `subject` field type, and the form fields of the new Form event."""
from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field

from playground.spec.common import Model, spec
from playground.spec.v3_2 import forms as previous

FIELD_TYPES_NOTE = ("Possible values: checkbox, email, name, question, subject, textarea, group_chooser, "
                    "radio, select")
FORM_FIELD_TYPES = ("checkbox", "email", "name", "question", "subject", "textarea", "group_chooser", "radio", "select")


class TextField(previous.TextField):
    """`subject` is new: "a new type that can appear in ticket forms" (changelog); its answer is text."""
    type: Literal["name", "question", "textarea", "subject"] = spec(FIELD_TYPES_NOTE)


FORM_FIELD_MODELS = (TextField, previous.EmailField, previous.OptionField, previous.CheckboxField,
                     previous.GroupChooserField)
FilledFormField = Annotated[Union[FORM_FIELD_MODELS], Field(discriminator="type")]  # type: ignore[valid-type]


class FilledFormFields(previous.FilledFormFields):
    fields: list[FilledFormField] = spec("The fields a form contains.")


# -- form fields (new): the empty form of a Form event ----------------------------------------

class FormOption(previous.Option):
    __label__ = "Form field option"
    id: str = spec("An identifier of the option (the Form sample's `options`).")
    group_id: int | None = spec("For group_chooser: the group the option stands for. The page does not list "
                                "it for a Form; the Filled form answer of a group_chooser is this option "
                                "with its group_id (id, group_id, label).", default=None, rule="group-id-number")
    label: str = spec("Option label (the Form sample's `options`).")


class FormField(Model):
    """One field of an empty form. The Form fields table lists type, id and label; the Form
    sample also gives each field `required` and, for choices, `options`."""
    __label__ = "Form field"
    type: Literal[FORM_FIELD_TYPES] = spec(FIELD_TYPES_NOTE, rule="form-field-type")  # type: ignore[valid-type]
    id: str = spec("Field id, for all field types")
    label: str = spec("Field label; for all field types")
    required: bool | None = spec("Whether the customer must fill the field (the Form sample).", default=None)
    options: list[FormOption] | None = spec("The options a customer can choose, for radio, select and "
                                            "checkbox (the Form sample).", default=None)

    @classmethod
    def spec_findings(cls, data, mode, ctx):
        if "options" in data and data.get("type") not in ("radio", "select", "checkbox", "group_chooser"):
            yield (("options",), "form-field-options",
                   f"A {data.get('type')!r} field has `options`; the Form sample gives options only to "
                   "radio, select and checkbox fields, so the form will not show them.")


class FormFields(Model):
    """The Form fields sample: {"fields": [...]}."""
    __label__ = "Form fields"
    fields: list[FormField] = spec("The fields a form contains.")
