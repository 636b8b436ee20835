"""LiveChat Payload Playground: compose, validate, preview and understand Agent Chat API payloads."""
from playground.spec.catalog import DEFAULT_VERSION, STRUCTURES, VERSIONS, UnknownVersion  # noqa: F401
from playground.validation.report import Issue, Report  # noqa: F401
from playground.validation import detect, validate, validate_data  # noqa: F401

__all__ = ["validate", "validate_data", "detect", "Report", "Issue", "STRUCTURES", "VERSIONS",
           "DEFAULT_VERSION", "UnknownVersion"]
