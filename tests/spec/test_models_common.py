"""playground/models/common.py: base model, timestamps, properties, access, image."""
from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from playground.spec import common as cm


def test_the_base_model_is_strict_and_keeps_unknown_keys():
    assert cm.Model.model_config["extra"] == "allow" and cm.Model.model_config["strict"] is True
    img = cm.Image.model_validate({"url": "https://e.com/a.png", "alt": "x"})
    assert img.model_extra == {"alt": "x"}
    with pytest.raises(ValidationError):
        cm.Image.model_validate({"url": "https://e.com/a.png", "width": "640"})


@pytest.mark.parametrize("ts,ok", [
    ("2017-10-12T15:19:21.010200Z", True), ("2020-05-12T12:31:46.999999Z", True),
    ("2017-10-12T15:19:21Z", False), ("2017-10-12T15:19:21.010Z", False), ("2017-10-12T15:19:21.0102000Z", False),
    ("2017-10-12T15:19:21.010200+00:00", False), ("2017-10-12T15:19:21.010200z", False),
    ("2017-02-30T15:19:21.010200Z ", False), ("2017-00-12T15:19:21.010200Z", False),
    ("2020-02-29T15:19:21.010200Z", True), ("2000-02-29T15:19:21.010200Z", True),
    # not days of the calendar
    ("2017-02-30T15:19:21.010200Z", False), ("2019-02-29T15:19:21.010200Z", False),
    ("1900-02-29T15:19:21.010200Z", False), ("2017-04-31T15:19:21.010200Z", False),
    # a final newline, and digits of other scripts, are not RFC 3339
    ("2017-10-12T15:19:21.010200Z\n", False), ("\u0662\u0660\u0661\u0667-10-12T15:19:21.010200Z", False),
])
def test_utc_micro_timestamp(ts, ok):
    ad = TypeAdapter(cm.UtcMicroTimestamp)
    if ok:
        assert ad.validate_python(ts) == ts
    else:
        with pytest.raises(ValidationError) as e:
            ad.validate_python(ts)
        assert e.value.errors()[0]["type"] == "timestamp-utc-micro"


def test_properties_are_namespace_name_value():
    ad = TypeAdapter(cm.Properties)
    value = {"lc2": {"welcome_message": True}, "ns": {"n": None, "l": [1, "a"], "o": {"deep": 1.5}}}
    assert ad.validate_python(value) == value
    for bad in ({"ns": "flat"}, {"ns": [1]}, ["ns"]):
        with pytest.raises(ValidationError):
            ad.validate_python(bad)


def test_wrapped_documents():
    assert cm.AccessDoc.model_validate({"access": {"group_ids": [1, 2]}}).access.group_ids == [1, 2]
    assert cm.PropertiesDoc.model_validate({"properties": {"a": {"b": "c"}}}).properties == {"a": {"b": "c"}}
    with pytest.raises(ValidationError):
        cm.Access.model_validate({})


@pytest.mark.parametrize("ts,ok", [
    ("2017-10-12T17:19:21+02:00", True), ("2020-02-29T00:00:00Z", True), ("2019-02-29T00:00:00Z", False),
    ("2017-06-31T00:00:00+01:00", False), ("2017-10-12T17:19:21+02:00\n", False),
    ("\u0968\u0966\u0967\u096d-10-12T17:19:21Z", False),
])
def test_rfc3339_timestamp(ts, ok):
    ad = TypeAdapter(cm.Rfc3339Timestamp)
    if ok:
        assert ad.validate_python(ts) == ts
    else:
        with pytest.raises(ValidationError) as e:
            ad.validate_python(ts)
        assert e.value.errors()[0]["type"] == "timestamp-rfc3339"
