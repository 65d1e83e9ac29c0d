"""The installable zip holds what a user needs and nothing else, and QGIS loads the plugin from it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

LOAD_FROM_UNZIPPED = """
import arcgis_identify
from pathlib import Path

def test_loads_from_the_unzipped_folder(qgis_iface):
    assert Path(arcgis_identify.__file__).resolve().parent == Path({plugin_dir!r}).resolve()
    qgis_iface.addPluginToWebMenu = lambda menu, action: None
    qgis_iface.removePluginWebMenu = lambda menu, action: None
    plugin = arcgis_identify.classFactory(qgis_iface)
    plugin.initGui()
    assert plugin.actions
    plugin.unload()
"""


@pytest.fixture(scope="module")
def plugin_zip(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "build_zip.py"), "--out", str(out)], check=True)
    (zip_path,) = out.glob("arcgis_identify-*.zip")
    return zip_path


def test_zip_has_the_plugin_under_one_top_folder(plugin_zip):
    names = zipfile.ZipFile(plugin_zip).namelist()
    assert {name.split("/")[0] for name in names} == {"arcgis_identify"}
    for needed in ("metadata.txt", "__init__.py", "plugin.py", "LICENSE", "icons/arcgis_identify.svg"):
        assert f"arcgis_identify/{needed}" in names
    assert any(name.startswith("arcgis_identify/core/") for name in names)


def test_zip_leaves_out_dev_files(plugin_zip):
    names = zipfile.ZipFile(plugin_zip).namelist()
    forbidden_parts = {"tests", "sampleserver", "scripts", ".ci", "__pycache__", ".venv", "demo-output", "dist"}
    forbidden_files = {"Makefile", "pyproject.toml", "requirements-dev.txt", ".gitignore"}
    for name in names:
        parts = set(name.split("/"))
        assert not parts & forbidden_parts, name
        assert name.split("/")[-1] not in forbidden_files, name
        assert not name.endswith(".pyc"), name


def test_qgis_loads_plugin_from_unzipped_folder(plugin_zip, tmp_path):
    plugins_dir = tmp_path / "plugins"
    zipfile.ZipFile(plugin_zip).extractall(plugins_dir)
    test_file = tmp_path / "test_unzipped.py"
    test_file.write_text(LOAD_FROM_UNZIPPED.format(plugin_dir=str(plugins_dir / "arcgis_identify")))
    # PYTHONPATH comes before the dev venv's link to the checkout, so the import finds the unzipped copy.
    env = dict(os.environ, PYTHONPATH=str(plugins_dir), QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(tmp_path),
            "-c",
            os.devnull,
            str(test_file),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
