"""Validation: input bounds, the JSON text and positions, detection, the walk over the data and the
translation of errors into Issues. `validate(text) -> Report` is the entry point."""
from playground.validation.core import MODES, detect, validate, validate_data  # noqa: F401

__all__ = ["MODES", "detect", "validate", "validate_data"]
