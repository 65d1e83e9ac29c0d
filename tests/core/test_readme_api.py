"""Every Python example in core/README_API.md and README.md runs against the sample server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.pure  # no QGIS application needed: the fast lane (make test-fast)

REPO = Path(__file__).resolve().parents[2]
README = REPO / "core" / "README_API.md"
EXAMPLES = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.DOTALL)
MAIN_README_EXAMPLES = re.findall(
    r"```python\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), flags=re.DOTALL
)


def test_readme_has_examples():
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize("index", range(len(EXAMPLES)))
def test_readme_example_runs(index, sample_server, capsys, tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))  # the examples' mkdtemp() output lands here
    code = EXAMPLES[index].replace("http://127.0.0.1:8765", sample_server)
    exec(compile(code, f"README_API.md example {index + 1}", "exec"), {"__name__": "readme_example"})
    assert capsys.readouterr().out.strip()  # each example prints what it shows


def test_main_readme_has_an_example():
    assert MAIN_README_EXAMPLES


@pytest.mark.parametrize("index", range(len(MAIN_README_EXAMPLES)))
def test_main_readme_example_runs(index, sample_server, capsys):
    code = MAIN_README_EXAMPLES[index].replace("http://127.0.0.1:8765", sample_server)
    exec(compile(code, f"README.md example {index + 1}", "exec"), {"__name__": "readme_example"})
    out = capsys.readouterr().out
    assert "Countries → United States of America" in out and "elevation:" in out
