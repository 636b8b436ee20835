"""playground/models/forms.py: filled form fields, a union discriminated by `type`."""
from __future__ import annotations

from typing import get_args

import pytest
from pydantic import TypeAdapter, ValidationError

from playground.spec import limits as L
from playground.spec.v3_2 import forms as f

from _payloads import sample

FIELD = TypeAdapter(f.FormField)


def test_field_types_match_the_limits():
    tags = {t for m in f.FORM_FIELD_MODELS for t in get_args(m.model_fields["type"].annotation)}
    assert tags == set(L.FORM_FIELD_TYPES)
    text_tags = set(get_args(f.TextField.model_fields["type"].annotation)) | {"email"}
    assert text_tags == set(L.TEXT_ANSWER_FIELD_TYPES)
    assert set(get_args(f.OptionField.model_fields["type"].annotation)) == set(L.OPTION_ANSWER_FIELD_TYPES)


@pytest.mark.parametrize("rel", ["common/filled_form_fields.json"])
def test_sample_round_trips(rel):
    data = sample(rel)
    obj = f.FilledFormFields.model_validate(data)
    assert obj.model_dump(mode="json", by_alias=True, exclude_unset=True) == data
    assert [type(x).__name__ for x in obj.fields] == ["TextField", "EmailField", "OptionField", "CheckboxField",
                                                     "GroupChooserField"]


@pytest.mark.parametrize("field,model", [
    ({"type": "name", "id": "1", "label": "Name", "answer": "Thomas"}, f.TextField),
    ({"type": "question", "id": "1", "label": "Q", "answer": ""}, f.TextField),
    ({"type": "textarea", "id": "1", "label": "T", "answer": "a\nb"}, f.TextField),
    ({"type": "email", "id": "1", "label": "E", "answer": "t@example.com"}, f.EmailField),
    ({"type": "radio", "id": "1", "label": "R", "answer": {"id": "0", "label": "Support"}}, f.OptionField),
    ({"type": "select", "id": "1", "label": "S", "answer": {"id": "0", "label": "Sales"}}, f.OptionField),
    ({"type": "checkbox", "id": "1", "label": "C", "answers": []}, f.CheckboxField),
    ({"type": "checkbox", "id": "1", "label": "C", "answers": [{"id": "0", "label": "it"}]}, f.CheckboxField),
    ({"type": "group_chooser", "id": "1", "label": "G", "answer": {"id": "2", "group_id": 1, "label": "M"}},
     f.GroupChooserField),
    ({"type": "group_chooser", "id": "1", "label": "G", "answer": {"id": 2, "group_id": 0, "label": "M"}},
     f.GroupChooserField),
])
def test_each_field_type_and_its_answer_shape(field, model):
    assert type(FIELD.validate_python(field)) is model


@pytest.mark.parametrize("field,etype,loc", [
    ({"type": "name", "id": "1", "label": "N", "answer": {"id": "0", "label": "x"}}, "string_type", ("name", "answer")),
    ({"type": "radio", "id": "1", "label": "R", "answer": "Support"}, "model_type", ("radio", "answer")),
    ({"type": "radio", "id": "1", "label": "R", "answer": {"id": 0, "label": "x"}}, "string_type", ("radio", "answer", "id")),
    ({"type": "checkbox", "id": "1", "label": "C", "answer": {"id": "0", "label": "x"}}, "missing", ("checkbox", "answers")),
    ({"type": "group_chooser", "id": "1", "label": "G", "answer": {"id": "2", "group_id": "1", "label": "M"}},
     "int_type", ("group_chooser", "answer", "group_id")),
    ({"type": "group_chooser", "id": "1", "label": "G", "answer": {"id": "2", "group_id": True, "label": "M"}},
     "int_type", ("group_chooser", "answer", "group_id")),
    ({"type": "group_chooser", "id": "1", "label": "G", "answer": {"id": "2", "label": "M"}},
     "missing", ("group_chooser", "answer", "group_id")),
    ({"type": "name", "id": 1, "label": "N", "answer": "x"}, "string_type", ("name", "id")),
    ({"type": "name", "id": "1", "answer": "x"}, "missing", ("name", "label")),
    ({"type": "rating", "id": "1", "label": "N", "answer": "x"}, "union_tag_invalid", ()),
    ({"id": "1", "label": "N", "answer": "x"}, "union_tag_not_found", ()),
])
def test_field_errors(field, etype, loc):
    with pytest.raises(ValidationError) as e:
        FIELD.validate_python(field)
    err = e.value.errors()[0]
    assert (err["type"], err["loc"]) == (etype, loc)


def test_unknown_keys_in_fields_are_kept():
    field = {"type": "name", "id": "1", "label": "N", "answer": "x", "required": True}
    obj = FIELD.validate_python(field)
    assert obj.model_extra == {"required": True}
    assert FIELD.dump_python(obj, mode="json", exclude_unset=True) == field
