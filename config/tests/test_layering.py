"""The layering of the apps, held as a test over the source tree (ast, no imports executed).

Rules, each failure naming the file, line and rule:
1. core imports no domain app (it is the kernel: base models, audit, runs, sections, helpers).
2. An app imports only apps below it: core → accounts → organizations → skills → catalog, demand
   → matching → partnerships → projects, mobility, sales → quality → analytics → workspaces.
3. From another domain app, only its public surface: `models`, `services`, `selectors` (modules
   or packages), and `accounts.auth` (who is calling: every router's authentication). Never its
   views, api, forms, templatetags, tasks, urls or admin.
4. No name with a leading underscore from another app (core included).
5. No import cycle between the modules of one app (imports inside functions count: they are
   how cycles hide).
Product code only: tests, migrations and the `edcluster.testing` package (personas and
factories for the suite, imported by tests alone) may reach wherever a test needs to.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

from edcluster.core.layers import LAYER

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "edcluster"
PUBLIC_MODULES = {"models", "services", "selectors"}
PUBLIC_EXTRA = {("accounts", "auth")}
# Why an import breaks a rule and may stay; expected to be empty.
EXCEPTIONS: dict[tuple[str, str], str] = {}


def product_files() -> list[Path]:
    skip = {"tests", "migrations", "testing"}
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if len(path.relative_to(PACKAGE).parts) > 1
        and not skip & set(path.relative_to(PACKAGE).parts[:-1])
    )


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, root: Path = ROOT):
    """(line, module, names) for each import, relative ones made absolute; `import a.b` has no
    names, `from a import b, c` has ["b", "c"]."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            yield node.lineno, base, [alias.name for alias in node.names]


def targets(module: str, names: list[str]) -> list[tuple[str, list[str]]]:
    """What an import reaches, as (module, names taken from it): `from edcluster.app import
    selectors` reaches the module edcluster.app.selectors."""
    if module.count(".") == 1 and names:
        return [(f"{module}.{name}", []) for name in names]
    return [(module, names)]


def violations(path: Path, root: Path = ROOT) -> list[str]:
    own = module_name(path, root).split(".")[1]
    found = []
    for line, imported, imported_names in imports(path, root):
        for module, names in targets(imported, imported_names):
            parts = module.split(".")
            if parts[0] != "edcluster" or len(parts) < 2 or parts[1] in (own, "testing"):
                continue
            other, sub = parts[1], (parts[2] if len(parts) > 2 else None)
            where = f"{path.relative_to(root)}:{line}"
            if (str(path.relative_to(root)), module) in EXCEPTIONS:
                continue
            if other not in LAYER:
                found.append(f"{where}: {own} imports {module}, which is in no layer")
            elif own == "core":
                found.append(f"{where}: core imports the domain app {other} ({module})")
            elif LAYER[other] >= LAYER[own]:
                found.append(f"{where}: {own} imports {module}, which is not below it")
            elif (
                other != "core"
                and sub is not None
                and sub not in PUBLIC_MODULES
                and (other, sub) not in PUBLIC_EXTRA
            ):
                found.append(f"{where}: {own} imports {module}, not {other}'s public surface")
            elif any(name.startswith("_") for name in names) or any(
                part.startswith("_") and part != "__init__" for part in parts[2:]
            ):
                private = [name for name in names if name.startswith("_")] or [module]
                found.append(f"{where}: {own} imports the private {', '.join(private)} of {other}")
    return found


def test_layers():
    found = [problem for path in product_files() for problem in violations(path)]
    assert not found, "\n".join(found)


def test_no_cycle_inside_an_app():
    graph: dict[str, set[str]] = defaultdict(set)
    for path in product_files():
        name = module_name(path)
        app = ".".join(name.split(".")[:2])
        for _line, module, _names in imports(path):
            if module.startswith(app + ".") and module != name:
                target = module
                while (
                    target
                    and not (ROOT / (target.replace(".", "/") + ".py")).exists()
                    and not (ROOT / target.replace(".", "/") / "__init__.py").exists()
                ):
                    target = target.rpartition(".")[0]
                if target and target != name and target != app:
                    graph[name].add(target)
    cycles = find_cycles(graph)
    assert not cycles, "\n".join(" → ".join(cycle) for cycle in cycles)


def existing_module(module: str) -> str | None:
    """The longest prefix of a dotted name that is a module of the tree (a name imported from a
    module is not one)."""
    while module:
        path = ROOT / module.replace(".", "/")
        if path.with_suffix(".py").exists() or (path / "__init__.py").exists():
            return module
        module = module.rpartition(".")[0]
    return None


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from edcluster.matching.models import Offer\n", "not below it"),
        ("from edcluster.organizations.views import directory\n", "public surface"),
        ("from edcluster.organizations.services import _helper\n", "private"),
        ("from edcluster.accounts import api\n", "public surface"),
    ],
)
def test_rules_catch(tmp_path, source, expected):
    """The checker is not vacuous: a demand module importing these breaks a rule."""
    module = tmp_path / "edcluster" / "demand" / "example.py"
    module.parent.mkdir(parents=True)
    module.write_text(source)
    problems = violations(module, root=tmp_path)
    assert len(problems) == 1
    assert expected in problems[0]
    assert problems[0].startswith("edcluster/demand/example.py:1: ")
