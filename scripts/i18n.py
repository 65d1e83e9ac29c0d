"""Translations without pylupdate: extract the plugin's tr() strings into Qt .ts files, compile them with lrelease.

    python3 scripts/i18n.py update            # every i18n/arcgis_identify_<lang>.ts brought up to date
    python3 scripts/i18n.py update --add de   # ... and a new i18n/arcgis_identify_de.ts
    python3 scripts/i18n.py compile           # i18n/*.ts -> i18n/*.qm (needs lrelease, qttools5-dev-tools)

`update` reads every module with the standard library's ast. A module's translation helpers are its module-level
functions whose body calls `QCoreApplication.translate("<context>", ...)` (usually `tr(text)` and `_tr(text, n)`),
plus the helpers it imports from another module of the plugin. Every call of a helper, and every direct
`QCoreApplication.translate("<context>", "<text>", ...)`, must pass a literal string: anything else is an error (the
text could never be translated). A message whose text holds `%n` is a plural one (numerus).

Existing translations are kept; messages that are gone are kept as `type="vanished"` (reusable, not compiled) unless
`--drop-vanished`; new ones are `type="unfinished"`. The command prints, per language, what is new and what is
still unfinished: translate those in the .ts (any text editor or Qt Linguist), then `make translations`.
"""

from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

REPO_ROOT = Path(__file__).resolve().parent.parent
I18N_DIR = REPO_ROOT / "i18n"
TS_PREFIX = "arcgis_identify_"
SOURCE_FOLDERS = ("core", "app", "ui", "processing")
SOURCE_FILES = ("plugin.py", "__init__.py")
# Plural forms lrelease expects for a language (more in Qt's own list; 2 is the default for most).
NUMERUS_FORMS = {"ja": 1, "ko": 1, "zh": 1, "vi": 1, "th": 1, "id": 1, "ru": 3, "uk": 3, "pl": 3, "cs": 3, "sk": 3}


class ExtractionError(Exception):
    """A tr() call that cannot be extracted (its text is not a literal string)."""


@dataclass
class Message:
    context: str
    source: str
    locations: list[tuple[str, int]] = field(default_factory=list)

    @property
    def numerus(self) -> bool:
        return "%n" in self.source


@dataclass
class Translation:
    """What a .ts file holds for one message."""

    forms: list[str]
    kind: str = ""  # "", "unfinished", "vanished" or "obsolete"


# -- extraction ----------------------------------------------------------------------------------------
def source_files(root: Path = REPO_ROOT) -> list[Path]:
    files = [root / name for name in SOURCE_FILES if (root / name).is_file()]
    for folder in SOURCE_FOLDERS:
        files.extend(p for p in sorted((root / folder).rglob("*.py")) if "__pycache__" not in p.parts)
    return files


def _translate_context(call: ast.Call) -> str | None:
    """The literal context of a `<anything>.translate("ctx", ...)` call, else None."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "translate" and call.args:
        first = call.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value
    return None


def _own_helpers(tree: ast.Module) -> dict[str, str]:
    """{helper name: context} of the module-level functions that wrap QCoreApplication.translate."""
    helpers = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            for sub in ast.walk(node):
                if isinstance(sub, ast.Call) and _translate_context(sub) is not None:
                    second = sub.args[1] if len(sub.args) > 1 else None
                    # a helper passes its parameter through; a function translating a literal is not a helper
                    if isinstance(second, ast.Name):
                        helpers[node.name] = _translate_context(sub)
    return helpers


def _module_path(importer: Path, level: int, module: str | None, root: Path) -> Path | None:
    base = importer.parent
    for _ in range(level - 1):
        base = base.parent
    target = base.joinpath(*(module.split(".") if module else []))
    for candidate in (target.with_suffix(".py"), target / "__init__.py"):
        if candidate.is_file() and root in candidate.resolve().parents:
            return candidate
    return None


def _helpers(path: Path, root: Path, cache: dict[Path, dict[str, str]]) -> dict[str, str]:
    """{name: context} of the translation helpers usable in `path` (its own and the imported ones)."""
    if path in cache:
        return cache[path]
    cache[path] = {}  # an import cycle sees no helpers rather than recursing
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    helpers = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            module = _module_path(path, node.level, node.module, root)
            if module is None:
                continue
            imported = _helpers(module, root, cache)
            for alias in node.names:
                if alias.name in imported:
                    helpers[alias.asname or alias.name] = imported[alias.name]
    helpers.update(_own_helpers(tree))
    cache[path] = helpers
    return helpers


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def extract(root: Path = REPO_ROOT) -> list[Message]:
    """Every translatable message of the plugin, in file then line order (the first location decides)."""
    cache: dict[Path, dict[str, str]] = {}
    messages: dict[tuple[str, str], Message] = {}
    errors = []
    for path in source_files(root):
        relative = path.relative_to(root).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        helpers = _helpers(path, root, cache)
        helper_defs = {
            id(sub)
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name in helpers
            for sub in ast.walk(node)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or id(node) in helper_defs:
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id in helpers:
                context, text_node = helpers[func.id], (node.args[0] if node.args else None)
            elif _translate_context(node) is not None:
                context, text_node = _translate_context(node), (node.args[1] if len(node.args) > 1 else None)
            else:
                continue
            text = _literal(text_node)
            if text is None:
                shown = ast.unparse(text_node) if text_node is not None else "nothing"
                errors.append(f"{relative}:{node.lineno}: {shown} is not a literal string (tr() needs one)")
                continue
            message = messages.setdefault((context, text), Message(context, text))
            message.locations.append((relative, node.lineno))
    if errors:
        raise ExtractionError("\n".join(errors))
    return sorted(messages.values(), key=lambda m: (m.context, m.locations[0]))


# -- .ts files -----------------------------------------------------------------------------------------
def ts_path(language: str, folder: Path = I18N_DIR) -> Path:
    return folder / f"{TS_PREFIX}{language}.ts"


def languages(folder: Path = I18N_DIR) -> list[str]:
    return sorted(p.stem[len(TS_PREFIX) :] for p in folder.glob(f"{TS_PREFIX}*.ts"))


def read_ts(path: Path) -> dict[tuple[str, str], Translation]:
    """{(context, source): Translation} of an existing .ts file."""
    entries: dict[tuple[str, str], Translation] = {}
    if not path.is_file():
        return entries
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None:
                entries[(name, source)] = Translation([], "unfinished")
                continue
            forms = [f.text or "" for f in translation.iter("numerusform")]
            if message.get("numerus") != "yes":
                forms = [translation.text or ""]
            entries[(name, source)] = Translation(forms, translation.get("type", ""))
    return entries


def _numerus_count(language: str) -> int:
    return NUMERUS_FORMS.get(language.split("_")[0], 2)


def merge(
    messages: list[Message], old: dict[tuple[str, str], Translation], language: str, drop_vanished: bool = False
) -> tuple[list[tuple[Message, Translation]], list[Message]]:
    """(entries in file order, the messages that are new), keeping every known translation."""
    entries: list[tuple[Message, Translation]] = []
    new: list[Message] = []
    current = set()
    for message in messages:
        key = (message.context, message.source)
        current.add(key)
        known = old.get(key)
        count = _numerus_count(language) if message.numerus else 1
        if known is None:
            new.append(message)
            known = Translation([""] * count, "unfinished")
        else:
            forms = (known.forms + [""] * count)[:count]
            done = all(f.strip() for f in forms) and known.kind not in ("unfinished",)
            known = Translation(forms, "" if done else "unfinished")
        entries.append((message, known))
    if not drop_vanished:
        for (context, source), known in old.items():
            if (context, source) not in current and any(f.strip() for f in known.forms):
                entries.append((Message(context, source), Translation(known.forms, "vanished")))
    return entries, new


def render_ts(entries: list[tuple[Message, Translation]], language: str) -> str:
    by_context: dict[str, list[tuple[Message, Translation]]] = {}
    for message, translation in entries:
        by_context.setdefault(message.context, []).append((message, translation))
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<!DOCTYPE TS>",
        f'<TS version="2.1" language="{escape(language)}" sourcelanguage="en">',
    ]
    for context in sorted(by_context):
        lines += ["<context>", f"    <name>{escape(context)}</name>"]
        for message, translation in by_context[context]:
            numerus = ' numerus="yes"' if message.numerus else ""
            lines.append(f"    <message{numerus}>")
            for filename, line in message.locations:
                lines.append(f'        <location filename="../{escape(filename)}" line="{line}"/>')
            lines.append(f"        <source>{escape(message.source)}</source>")
            kind = f' type="{translation.kind}"' if translation.kind else ""
            if message.numerus:
                lines.append(f"        <translation{kind}>")
                lines += [f"            <numerusform>{escape(form)}</numerusform>" for form in translation.forms]
                lines.append("        </translation>")
            else:
                lines.append(f"        <translation{kind}>{escape(translation.forms[0])}</translation>")
            lines.append("    </message>")
        lines.append("</context>")
    lines.append("</TS>")
    return "\n".join(lines) + "\n"


def _first_line(text: str) -> str:
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= 100 else line[:99] + "…"


def update(
    folder: Path = I18N_DIR, add: list[str] | None = None, drop_vanished: bool = False, root: Path = REPO_ROOT
) -> dict[str, list[tuple[Message, Translation]]]:
    """Writes every .ts of `folder` (and the `add`ed languages) from the sources; prints what needs translating."""
    messages = extract(root)
    folder.mkdir(parents=True, exist_ok=True)
    result = {}
    for language in sorted(set(languages(folder)) | set(add or [])):
        path = ts_path(language, folder)
        entries, new = merge(messages, read_ts(path), language, drop_vanished)
        path.write_text(render_ts(entries, language), encoding="utf-8")
        unfinished = [m for m, t in entries if t.kind == "unfinished"]
        vanished = [m for m, t in entries if t.kind == "vanished"]
        print(
            f"{path.relative_to(root) if root in path.parents else path}: {len(messages)} messages, "
            f"{len(new)} new, {len(unfinished)} unfinished, {len(vanished)} vanished"
        )
        for message in unfinished:
            print(f"  unfinished [{message.context}] {_first_line(message.source)}")
        result[language] = entries
    return result


def compile_all(folder: Path = I18N_DIR) -> list[Path]:
    lrelease = shutil.which("lrelease") or shutil.which("lrelease-qt5")
    if lrelease is None:
        raise SystemExit("lrelease not found: install qttools5-dev-tools (make translations does).")
    outputs = []
    for language in languages(folder):
        source = ts_path(language, folder)
        target = source.with_suffix(".qm")
        subprocess.run([lrelease, "-silent", str(source), "-qm", str(target)], check=True)
        print(target.relative_to(REPO_ROOT) if REPO_ROOT in target.parents else target)
        outputs.append(target)
    return outputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    update_parser = commands.add_parser("update", help="extract the tr() strings into i18n/*.ts")
    update_parser.add_argument("--add", action="append", default=[], metavar="LANG", help="start a new language")
    update_parser.add_argument("--drop-vanished", action="store_true", help="forget translations no source uses")
    commands.add_parser("compile", help="i18n/*.ts -> i18n/*.qm with lrelease")
    args = parser.parse_args(argv)
    try:
        if args.command == "update":
            update(add=args.add, drop_vanished=args.drop_vanished)
        else:
            compile_all()
    except ExtractionError as error:
        print(f"Cannot extract the translatable strings:\n{error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
