"""`make deploy` links the checkout into a QGIS profile as arcgis_identify, and can run again."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def _deploy(profiles: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "deploy.py"), "--profiles-dir", str(profiles), "--profile", "dev"],
        capture_output=True,
        text=True,
        check=False,
    )


def test_deploy_links_the_checkout_and_is_repeatable(tmp_path):
    for _ in range(2):
        result = _deploy(tmp_path)
        assert result.returncode == 0, result.stderr
    link = tmp_path / "dev" / "python" / "plugins" / "arcgis_identify"
    assert link.is_symlink()
    assert link.resolve() == REPO_ROOT
    assert (link / "metadata.txt").is_file()


def test_deploy_refuses_to_replace_an_installed_copy(tmp_path):
    installed = tmp_path / "dev" / "python" / "plugins" / "arcgis_identify"
    installed.mkdir(parents=True)
    (installed / "metadata.txt").write_text("[general]\n")
    result = _deploy(tmp_path)
    assert result.returncode != 0
    assert "not a link" in result.stderr
    assert (installed / "metadata.txt").read_text() == "[general]\n"
