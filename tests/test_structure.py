"""The shape we agreed on, checked on every run: layers, feature boundaries, no cycles.

- storage/ imports neither bot nor handlers; bot/ never imports handlers (but the one
  wiring point, bot/app.py);
- a feature module in handlers/ imports no other feature: only handlers.common, the shared
  helper, and its own package;
- no import cycles among our modules (imports under TYPE_CHECKING do not count);
- no transaction is opened in handlers/: use-cases own them;
- all SQL is in storage/ (no SQL statement written in bot/ or handlers/);
- no module is over about 450 lines.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "storage")
# Files of one feature that are not in its package (yet): feature -> its other modules.
SAME_FEATURE = {"importing": {"import_texts"}}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {
    module_name(path): path
    for package in PACKAGES
    for path in sorted((ROOT / package).rglob("*.py"))
}


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(nodes: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, skipping `if TYPE_CHECKING:` blocks (not imported at run time)."""
    for node in nodes:
        if isinstance(node, ast.If) and _type_checking(node):
            yield from _walk(node.orelse)
            continue
        yield node
        for field in ("body", "orelse", "finalbody", "handlers"):
            children = getattr(node, field, None)
            if isinstance(children, list):
                yield from _walk([c for c in children if isinstance(c, ast.stmt)])


def imports_of(name: str) -> set[str]:
    """Our modules that `name` imports (a package import counts as its __init__)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in _walk(tree.body):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from package import submodule` loads the submodule; any other name comes
            # from the package itself.
            subs = [f"{node.module}.{a.name}" for a in node.names]
            candidates = [s for s in subs if s in MODULES]
            if len(candidates) < len(subs):
                candidates.append(node.module)
        else:
            continue
        found |= {c for c in candidates if c in MODULES}
    found.discard(name)
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def feature_of(name: str) -> str | None:
    parts = name.split(".")
    if parts[0] != "handlers" or len(parts) < 2 or parts[1] == "common":
        return None
    return parts[1]


def test_storage_imports_neither_bot_nor_handlers() -> None:
    wrong = {
        (name, target)
        for name, targets in GRAPH.items()
        if name.startswith("storage")
        for target in targets
        if not target.startswith("storage")
    }
    assert not wrong


def test_bot_never_imports_handlers_but_in_the_application_factory() -> None:
    wrong = {
        (name, target)
        for name, targets in GRAPH.items()
        if name.startswith("bot") and name != "bot.app"
        for target in targets
        if target.startswith("handlers")
    }
    assert not wrong


def test_feature_handlers_do_not_import_each_other() -> None:
    wrong = set()
    for name, targets in GRAPH.items():
        feature = feature_of(name)
        if feature is None:
            continue
        allowed = {feature} | SAME_FEATURE.get(feature, set())
        for target in targets:
            other = feature_of(target)
            if other is not None and other not in allowed and target != "handlers":
                wrong.add((name, target))
    assert not wrong


def test_there_are_no_import_cycles() -> None:
    seen: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles: list[list[str]] = []

    def visit(name: str, path: list[str]) -> None:
        seen[name] = 1
        for target in sorted(GRAPH[name]):
            if seen.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in seen:
                visit(target, [*path, target])
        seen[name] = 2

    for name in sorted(GRAPH):
        if name not in seen:
            visit(name, [name])
    assert not cycles, cycles[:5]


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("handlers")))
def test_handlers_open_no_transaction(name: str) -> None:
    assert "transaction(" not in MODULES[name].read_text(encoding="utf-8")


_SQL = re.compile(
    r"^\s*(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE|PRAGMA|WITH \w+ AS)\b"
)


@pytest.mark.parametrize("name", sorted(n for n in MODULES if not n.startswith("storage")))
def test_sql_is_written_only_in_storage(name: str) -> None:
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    statements = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _SQL.match(node.value)
    ]
    assert not statements


MAX_MODULE_LINES = 450  # small modules, one job each


def test_no_module_is_over_about_450_lines() -> None:
    long = {
        name: lines
        for name, path in MODULES.items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long
