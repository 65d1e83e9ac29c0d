"""Every Python example in core/README_API.md runs against the sample server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "core" / "README_API.md"
EXAMPLES = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_readme_has_examples():
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize("index", range(len(EXAMPLES)))
def test_readme_example_runs(index, sample_server, capsys, tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))  # the examples' mkdtemp() output lands here
    code = EXAMPLES[index].replace("http://127.0.0.1:8765", sample_server)
    exec(compile(code, f"README_API.md example {index + 1}", "exec"), {"__name__": "readme_example"})
    assert capsys.readouterr().out.strip()  # each example prints what it shows
