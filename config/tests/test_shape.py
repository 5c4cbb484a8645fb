"""The size rules of the app template, held over the tree: no file over 500 lines and no
function over 60 (migrations aside), so that a module that grows becomes a package of topics
before it is hard to read. The failure names each file or function with its length."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 60


def python_files(root: Path = ROOT) -> list[Path]:
    return sorted(
        path
        for folder in ("edcluster", "config", "bench")
        for path in (root / folder).rglob("*.py")
        if "migrations" not in path.parts
    )


def oversized(path: Path, root: Path = ROOT) -> list[str]:
    source = path.read_text(encoding="utf-8")
    name = path.relative_to(root)
    found = []
    lines = source.count("\n")
    if lines > MAX_FILE_LINES:
        found.append(f"{name}: {lines} lines (at most {MAX_FILE_LINES})")
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(
                    f"{name}:{node.lineno}: {node.name} has {length} lines "
                    f"(at most {MAX_FUNCTION_LINES})"
                )
    return found


def test_no_file_or_function_too_long():
    found = [problem for path in python_files() for problem in oversized(path)]
    assert found == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("x = 1\n" * 501, "example.py: 501 lines"),
        ("def long():\n" + "    x = 1\n" * 60, "example.py:1: long has 61 lines"),
        ("class A:\n    async def long(self):\n" + "        x = 1\n" * 60, "long has 61 lines"),
    ],
)
def test_the_rules_catch(tmp_path, source, expected):
    path = tmp_path / "example.py"
    path.write_text(source)
    problems = oversized(path, root=tmp_path)
    assert len(problems) == 1
    assert expected in problems[0]


def test_at_the_limits_nothing_is_reported(tmp_path):
    path = tmp_path / "example.py"
    path.write_text("def long():\n" + "    x = 1\n" * 59 + "x = 1\n" * 440)
    assert path.read_text().count("\n") == MAX_FILE_LINES
    assert oversized(path, root=tmp_path) == []
