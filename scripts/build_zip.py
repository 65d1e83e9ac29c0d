"""Builds the installable plugin zip: top folder `arcgis_identify`, only what a QGIS user needs."""

from __future__ import annotations

import argparse
import configparser
import sys
import zipfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_NAME = "arcgis_identify"
# Everything the plugin needs at run time; tests, the sample server and dev tooling stay out.
INCLUDED = [
    "__init__.py",
    "plugin.py",
    "metadata.txt",
    "LICENSE",
    "README.md",
    "CHANGELOG.md",
    "app",
    "core",
    "ui",
    "icons",
    "i18n",
]
EXCLUDED_NAMES = {"__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache"}
EXCLUDED_SUFFIXES = {".pyc", ".pyo", ".orig", ".rej", ".swp"}


def plugin_version() -> str:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(REPO_ROOT / "metadata.txt", encoding="utf-8")
    return parser["general"]["version"]


def plugin_files() -> list[Path]:
    files: list[Path] = []
    for entry in INCLUDED:
        path = REPO_ROOT / entry
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(REPO_ROOT)
                if (
                    child.is_file()
                    and not (set(relative.parts) & EXCLUDED_NAMES)
                    and child.suffix not in EXCLUDED_SUFFIXES
                ):
                    files.append(child)
    return files


def build_zip(out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{PACKAGE_NAME}-{plugin_version()}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in plugin_files():
            archive.write(path, f"{PACKAGE_NAME}/{path.relative_to(REPO_ROOT).as_posix()}")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(REPO_ROOT / "dist"), help="output folder")
    args = parser.parse_args(argv)
    target = build_zip(Path(args.out))
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
