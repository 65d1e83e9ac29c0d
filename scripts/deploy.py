"""Links this checkout into a QGIS profile's plugin folder as `arcgis_identify` (for development)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def default_profiles_dir() -> Path:
    if sys.platform == "win32":
        return Path(os.environ["APPDATA"]) / "QGIS" / "QGIS3" / "profiles"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "QGIS" / "QGIS3" / "profiles"
    data_home = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return data_home / "QGIS" / "QGIS3" / "profiles"


def deploy(profiles_dir: Path, profile: str) -> Path:
    plugins_dir = profiles_dir / profile / "python" / "plugins"
    plugins_dir.mkdir(parents=True, exist_ok=True)
    link = plugins_dir / "arcgis_identify"
    if link.is_symlink() or link.is_file():
        link.unlink()
    elif link.exists():
        raise SystemExit(f"{link} exists and is not a link; remove it first (it may be an installed copy).")
    link.symlink_to(REPO_ROOT, target_is_directory=True)
    return link


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profiles-dir", type=Path, default=default_profiles_dir())
    parser.add_argument("--profile", default="default")
    args = parser.parse_args(argv)
    link = deploy(args.profiles_dir, args.profile)
    print(f"Linked {link} -> {REPO_ROOT}")
    print("Restart QGIS and enable 'ArcGIS Identify' in Plugins > Manage and Install Plugins.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
