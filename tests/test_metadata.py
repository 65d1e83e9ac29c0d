"""metadata.txt has every field the official QGIS plugin repository asks for."""

from __future__ import annotations

import configparser
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
REQUIRED = [
    "name",
    "qgisMinimumVersion",
    "description",
    "about",
    "version",
    "author",
    "email",
    "homepage",
    "tracker",
    "repository",
    "tags",
    "category",
    "icon",
    "changelog",
    "experimental",
    "supportsQt6",
]


def _metadata() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive (qgisMinimumVersion)
    assert parser.read(REPO_ROOT / "metadata.txt", encoding="utf-8")
    return parser["general"]


def test_every_required_field_present_and_non_empty():
    meta = _metadata()
    missing = [key for key in REQUIRED if not meta.get(key, "").strip()]
    assert missing == []


def test_field_values():
    meta = _metadata()
    assert meta["name"] == "ArcGIS Identify"
    assert meta["qgisMinimumVersion"] == "3.22"
    assert meta["supportsQt6"] == "True"
    assert meta["category"] == "Web"
    assert meta["experimental"] in {"True", "False"}
    assert (REPO_ROOT / meta["icon"]).is_file()
    for word in ("MapServer", "ImageServer"):
        assert word in meta["about"]
    version = meta["version"]
    assert all(part.isdigit() for part in version.split("."))
    assert version in meta["changelog"]


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def test_qgis_versions_admitted_from_3_22_through_4_x():
    """QGIS's plugin manager offers the plugin to every version between the two bounds: QGIS 4 (Qt 6) included."""
    meta = _metadata()
    low, high = _version(meta["qgisMinimumVersion"]), _version(meta["qgisMaximumVersion"])
    for version in [(3, 22), (3, 40), (3, 44), (4, 0), (4, 2), (4, 98), (4, 99)]:
        assert low <= version <= high, f"QGIS {version} outside {low}..{high}"
    assert meta["supportsQt6"] == "True"  # QGIS 4 builds on Qt 6 install only plugins that say so


def test_version_matches_changelog_file():
    meta = _metadata()
    changelog = (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {meta['version']}" in changelog
