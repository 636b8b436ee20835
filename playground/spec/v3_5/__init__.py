"""Agent Chat API v3.5 (legacy): its data structures page is v3.4's, word for word (only links
and one heading's case differ), so its models are v3.4's; its samples are its own page's."""
from playground.spec.versioning import PAGE_SAMPLES, Change, sample_paths
from playground.spec.v3_4 import CATALOG  # noqa: F401

VERSION = "3.5"

SAMPLES = sample_paths("v3_5", PAGE_SAMPLES)

TITLES: dict[str, tuple[str, str, str]] = {}

# The v3.5 changelog changes methods and pushes (list_archives filters, groups_status_updated,
# tag pushes), no data structure.
CHANGES: list[Change] = []
