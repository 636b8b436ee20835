"""The catalog: structures looked up by (API version, name), unknown versions, every sample reachable."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import Field

from playground import detect, validate, validate_data
from playground.spec import catalog, v3_2
from playground.spec.catalog import (ABOUT, DEFAULT_VERSION, SAMPLES_DIR, STRUCTURES, VERSIONS, Structure,
                                     UnknownVersion)
from playground.spec.common import Model
from playground.spec.limits import Audience

# A folder of samples/ named after a version (3.3/, v3.3/, v3_3/) holds that version's samples.
VERSION_FOLDER = re.compile(r"^v?\d+[._]\d+$")
BAD_VERSIONS = ["9.9", "3.1", "", " 3.2", "3.2 ", "v3.2", 3.2, None]


# -- versions and lookups --------------------------------------------------------------------
def test_versions_name_every_registered_package_and_the_default_is_one_of_them():
    assert VERSIONS == ("3.2", "3.3", "3.4", "3.5", "3.6", "3.7")
    assert DEFAULT_VERSION in VERSIONS
    assert v3_2.VERSION == "3.2"


def test_lookup_by_version_and_name_gives_the_version_packages_models():
    for name, (request_model, response_model) in v3_2.CATALOG.items():
        st = catalog.get("3.2", name)
        assert isinstance(st, Structure)
        assert (st.name, st.version) == (name, "3.2")
        assert st.request_model is request_model and st.response_model is response_model
        assert st.model("request") is request_model and st.model("response") is response_model
    assert catalog.get("3.2", "message").request_model is v3_2.MessageRequest
    assert catalog.get("3.2", "rich_message").response_model is v3_2.RichMessageResponse


def test_structures_keep_the_version_packages_order_and_stay_the_same_objects():
    assert list(catalog.structures("3.2")) == list(v3_2.CATALOG)
    assert catalog.structures("3.2") is catalog.structures()   # the default version
    assert catalog.structures("3.2")["chat"] is catalog.get("3.2", "chat")


def test_structures_alias_is_the_default_versions_dict():
    assert STRUCTURES is catalog.structures(DEFAULT_VERSION)


def test_titles_sections_and_notes_are_shared_by_name():
    for version in VERSIONS:
        for name, st in catalog.structures(version).items():
            about = ABOUT[name]
            assert (st.title, st.section, st.note, st.wrapper) == (about.title, about.section, about.note,
                                                                   about.wrapper)
            assert st.section in catalog.SECTIONS
    assert catalog.get("3.2", "access").wrapper == "access"
    assert catalog.get("3.2", "properties").wrapper == "properties"
    assert catalog.get("3.2", "chat_summaries").title == "Chat summaries"


def test_names_cover_every_version_in_order():
    assert catalog.names()[:len(v3_2.CATALOG)] == tuple(v3_2.CATALOG)
    for version in VERSIONS:
        assert set(catalog.structures(version)) <= set(catalog.names())


def test_every_version_package_declares_the_agreed_interface():
    for version in VERSIONS:
        st = catalog.structures(version)
        for name, models in st.items():
            assert name in ABOUT, f"v{version}: {name} has no title in catalog.ABOUT"
        assert set(catalog.all_samples(version)) <= {(n, p) for n, s in st.items() for p in s.samples}
    assert isinstance(v3_2.CATALOG, dict) and isinstance(v3_2.SAMPLES, dict)
    assert all(isinstance(pair, tuple) and len(pair) == 2 for pair in v3_2.CATALOG.values())
    assert set(v3_2.SAMPLES) <= set(v3_2.CATALOG)
    assert all(isinstance(p, str) and not Path(p).is_absolute() for ps in v3_2.SAMPLES.values() for p in ps)


def test_json_schema_names_the_structures_version():
    schema = catalog.get("3.2", "message").json_schema("request")
    assert schema["description"].startswith("LiveChat Agent Chat API v3.2: Message (request). ")


def test_an_unknown_structure_name_is_a_key_error_naming_the_known_ones():
    with pytest.raises(KeyError, match="'nope' is not a structure of v3.2; known: message, rich_message"):
        catalog.get("3.2", "nope")


# -- unknown versions ------------------------------------------------------------------------
@pytest.mark.parametrize("version", BAD_VERSIONS)
def test_an_unknown_version_is_a_value_error_listing_the_known_ones(version):
    for call in (lambda: catalog.structures(version), lambda: catalog.get(version, "message"),
                 lambda: catalog.all_samples(version), lambda: catalog.audience(version),
                 lambda: catalog.audience_field(version), lambda: catalog.check_version(version)):
        with pytest.raises(UnknownVersion) as info:
            call()
        assert isinstance(info.value, ValueError)
        assert info.value.version == version and info.value.known == VERSIONS
        assert str(info.value).endswith("is not an Agent Chat API version the playground knows; "
                                        "known versions: 3.2, 3.3, 3.4, 3.5, 3.6, 3.7.")


def test_check_version_gives_back_a_known_version():
    assert catalog.check_version("3.2") == "3.2"


@pytest.mark.parametrize("version", ["9.9", "", 3.2])
def test_validate_validate_data_and_detect_refuse_an_unknown_version(version):
    text = (SAMPLES_DIR / "events" / "message.json").read_text(encoding="utf-8")
    with pytest.raises(UnknownVersion, match="known versions: 3.2, 3.3, 3.4, 3.5, 3.6, 3.7"):
        validate(text, version=version)
    with pytest.raises(UnknownVersion, match="known versions: 3.2, 3.3, 3.4, 3.5, 3.6, 3.7"):
        validate(text, "message", "request", version)
    with pytest.raises(UnknownVersion, match="known versions: 3.2, 3.3, 3.4, 3.5, 3.6, 3.7"):
        validate_data(json.loads(text), "message", version=version)
    with pytest.raises(UnknownVersion, match="known versions: 3.2, 3.3, 3.4, 3.5, 3.6, 3.7"):
        detect(json.loads(text), version)


def test_the_version_is_checked_before_anything_else():
    with pytest.raises(UnknownVersion):
        validate(b"\x00binary", "no_such_structure", version="9.9")


def test_validate_reports_the_version_it_used():
    text = (SAMPLES_DIR / "events" / "message.json").read_text(encoding="utf-8")
    assert validate(text).version == DEFAULT_VERSION
    report = validate(text, version="3.2")
    assert report.ok and report.version == "3.2" and report.as_dict()["version"] == "3.2"


# -- the version really chooses the models ---------------------------------------------------
class _Shout(Model):
    type: str
    shout: str = Field(description="A field only the made-up version has.")


@pytest.fixture
def made_up_version(monkeypatch):
    """A second registered version "0.1" whose only structure, message, requires `shout`."""
    st = Structure("message", "Message", "Events", _Shout, _Shout, (), "", None, "0.1")
    monkeypatch.setitem(catalog._CATALOGS, "0.1", {"message": st})
    monkeypatch.setitem(catalog._AUDIENCES, "0.1", Audience("audience", ("all",), "all"))
    return "0.1"


def test_validate_uses_the_models_of_the_version_it_is_given(made_up_version):
    text = '{"type": "message", "text": "hi"}'
    assert validate(text, "message", "request", "3.2").ok
    report = validate(text, "message", "request", made_up_version)
    assert report.version == "0.1"
    assert [i.pointer for i in report.errors] == ["/shout"]        # required by 0.1's model only
    assert validate('{"type": "message", "shout": "HI"}', "message", "request", made_up_version).ok
    assert [i.rule for i in validate_data({"type": "message"}, "message", "request", made_up_version)
            if i.severity == "error"]
    assert not [i for i in validate_data({"type": "message", "text": "hi"}, "message", "request", "3.2")
                if i.severity == "error"]


def test_structure_names_are_those_of_the_version(made_up_version):
    report = validate('{"type": "agent", "id": "a@b.c"}', "agent", version=made_up_version)
    assert [i.rule for i in report.issues] == ["structure-name"]
    assert report.issues[0].message.endswith("use one of: message.")
    assert [i.rule for i in validate_data({}, "agent", version=made_up_version)] == ["structure-name"]


def test_detection_reads_the_versions_audience_field(made_up_version):
    assert detect({"type": "note", "recipients": "all"}, "3.2")[0] == "event"
    assert detect({"type": "note", "recipients": "all"}, made_up_version)[0] is None
    assert detect({"type": "note", "audience": "all"}, made_up_version)[0] == "event"


# -- the audience field ----------------------------------------------------------------------
def test_the_audience_field_of_v3_2_is_recipients_with_its_choices_and_default():
    assert catalog.audience("3.2") == Audience("recipients", ("all", "agents"), "all")
    assert catalog.audience_field("3.2") == catalog.audience_field() == "recipients"


def test_every_event_of_every_version_has_its_audience_field():
    for version in VERSIONS:
        field = catalog.audience_field(version)
        for name in catalog.EVENT_NAMES:
            st = catalog.get(version, name)
            for model in (st.request_model, st.response_model):
                names = {info.alias or key for key, info in model.model_fields.items()}
                assert field in names, (version, name, model.__name__)


# -- every sample reachable ------------------------------------------------------------------
def _v3_2_sample_files() -> set[Path]:
    """Every JSON file under samples/ outside a version's own folder: the v3.2 seed's samples."""
    return {p.resolve() for p in SAMPLES_DIR.rglob("*.json")
            if not VERSION_FOLDER.match(p.relative_to(SAMPLES_DIR).parts[0])}


def test_every_v3_2_sample_is_reachable_from_the_catalog():
    reached = [p.resolve() for _, p in catalog.all_samples("3.2")]
    assert len(reached) == len(set(reached)), "a sample is listed twice"
    assert set(reached) == _v3_2_sample_files()
    assert catalog.all_samples() == catalog.all_samples("3.2")


def test_every_sample_path_exists_and_validates_as_its_structure():
    for name, path in catalog.all_samples("3.2"):
        assert path.is_file(), path
        report = validate(path.read_bytes(), name, version="3.2")
        assert report.ok, (name, path, [i.message for i in report.errors])


def test_sample_paths_are_the_packages_relative_paths_under_samples():
    for name, rels in v3_2.SAMPLES.items():
        assert catalog.get("3.2", name).samples == tuple(SAMPLES_DIR / rel for rel in rels)
    assert [p.name for p in catalog.get("3.2", "chat_summaries").samples] == [
        "chat_summaries.json", "list_chats_response.json"]
    assert catalog.get("3.2", "event").samples == ()
