"""Every Python example in core/README_API.md and README.md runs against the sample server and prints what the
README says it prints (the ```text block after it; `...` matches what differs from run to run)."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.pure  # no QGIS application needed: the fast lane (make test-fast)

REPO = Path(__file__).resolve().parents[2]
FENCED = re.compile(r"```(\w+)\n(.*?)```", flags=re.DOTALL)


def examples(path: Path) -> list[tuple[str, str | None]]:
    """(code, what it prints) of every ```python block of `path`, the latter from the ```text block right after it."""
    blocks = [(match.group(1), match.group(2)) for match in FENCED.finditer(path.read_text(encoding="utf-8"))]
    found = []
    for index, (language, body) in enumerate(blocks):
        if language == "python":
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            found.append((body, following[1] if following is not None and following[0] == "text" else None))
    return found


EXAMPLES = examples(REPO / "core" / "README_API.md")
MAIN_README_EXAMPLES = examples(REPO / "README.md")
CHECKER = doctest.OutputChecker()


def run(code: str, name: str, sample_server: str, capsys) -> str:
    code = code.replace("http://127.0.0.1:8765", sample_server)
    exec(compile(code, name, "exec"), {"__name__": "readme_example"})
    return capsys.readouterr().out


def assert_prints(out: str, expected: str | None) -> None:
    assert expected is not None, "the example is not followed by a ```text block of what it prints"
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    assert CHECKER.check_output(expected, out, flags), f"the README says:\n{expected}\nthe example printed:\n{out}"


def test_readme_has_examples():
    assert len(EXAMPLES) >= 6 and all(expected for _code, expected in EXAMPLES)


@pytest.mark.parametrize("index", range(len(EXAMPLES)))
def test_readme_example_prints_what_the_readme_says(index, sample_server, capsys, tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))  # the examples' mkdtemp() output lands here
    code, expected = EXAMPLES[index]
    assert_prints(run(code, f"README_API.md example {index + 1}", sample_server, capsys), expected)


def test_main_readme_has_an_example():
    assert MAIN_README_EXAMPLES and all(expected for _code, expected in MAIN_README_EXAMPLES)


@pytest.mark.parametrize("index", range(len(MAIN_README_EXAMPLES)))
def test_main_readme_example_prints_what_the_readme_says(index, sample_server, capsys):
    code, expected = MAIN_README_EXAMPLES[index]
    assert_prints(run(code, f"README.md example {index + 1}", sample_server, capsys), expected)
