"""One payload under every API version at once: the matrix of verdicts.

    for verdict in matrix(text):        # one per version, oldest first
        verdict.version, verdict.status, verdict.ok, verdict.errors, verdict.warnings

The text is read once (bounds, JSON, the places of its values: core.parse); each version then
checks the same data with its own models. A structure given by name is checked under the
versions that have it; a version without it gets a verdict with one structure-name error.
"""
from __future__ import annotations

from dataclasses import dataclass

from playground.spec import catalog
from playground.spec.catalog import VERSIONS
from playground.validation.core import MODES, check, parse
from playground.validation import modes
from playground.validation.messages import _issue
from playground.validation.report import Report


@dataclass(frozen=True)
class Verdict:
    version: str
    status: str          # catalog.STATUS: "stable", "legacy", "preview" or "decommissioned"
    ok: bool             # no error under this version
    errors: int
    warnings: int
    report: Report       # the full report under this version

    @property
    def words(self) -> str:
        """"valid", "valid, 2 warnings", "3 errors, 1 warning": the matrix cell for a person."""
        parts = [] if self.errors else ["valid"]
        if self.errors:
            parts.append(f"{self.errors} error{'s' * (self.errors != 1)}")
        if self.warnings:
            parts.append(f"{self.warnings} warning{'s' * (self.warnings != 1)}")
        return ", ".join(parts)

    def as_dict(self) -> dict:
        return {"version": self.version, "status": self.status, "ok": self.ok, "errors": self.errors,
                "warnings": self.warnings, "structure": self.report.structure}


def matrix(text: str | bytes, structure: str | None = None, mode: str = "response") -> list[Verdict]:
    """The verdict of `text` under every version, oldest first (see the module). Each report
    also carries version_fits and version_reason: the versions the payload's fields fit and why
    (detect.detect_version; version_detected stays False, the version being the row's)."""
    parsed = parse(text)
    mode_reason = ""
    if mode == modes.DETECT:     # one mode for every row, from the server's fields
        probe = Report(structure=structure, detected_by="", mode="response", data=None)
        mode, mode_reason = modes.assume(probe, parsed.data, parsed.ok), probe.mode_reason
    mode = mode if mode in MODES else "response"
    fits: tuple[str, ...] = ()
    reason = ""
    if parsed.ok:
        guess = parsed.guess(structure, mode)
        fits, reason = guess.fits, guess.reason
    out: list[Verdict] = []
    shared: dict = {}   # versions sharing a model check the data once
    for version in VERSIONS:
        report = Report(structure=structure, detected_by="", mode=mode, data=None, version=version,
                        version_fits=fits, version_reason=reason, mode_detected=bool(mode_reason),
                        mode_reason=mode_reason)
        if structure is not None and structure not in catalog.checkable(version):
            report.issues.append(_issue("structure-name", "", 1, 1,
                                        f"v{version} has no structure {structure!r}; it has: "
                                        + ", ".join(catalog.checkable(version)) + "."))
        else:
            _checked(parsed, structure, mode, version, report, shared)
        errors = len(report.errors)
        out.append(Verdict(version, catalog.STATUS[version], errors == 0, errors, len(report.warnings), report))
    return out


def _checked(parsed, structure, mode, version, report, shared) -> None:
    try:
        check(parsed, structure, mode, version, report, shared)
    except Exception as exc:  # the same last guard as validate()
        report.issues.append(_issue("internal", "", 1, 1,
                                    f"The validator failed on this input ({type(exc).__name__}); "
                                    "this is a bug in the playground, not in your payload."))
