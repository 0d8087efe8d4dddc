"""The code's shape (docs/architecture.md): what `lint-imports` cannot say, checked on the source.

The layers and the forbidden imports are import-linter's contracts in pyproject.toml; these
tests add what a contract does not express: no circle among modules at all, modules of a size
read in one sitting, reads and writes that never render, presenters that never query.
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "evaluations"
MAX_LINES = 600
DOMAINS = (
    "candidates",
    "decisions",
    "exchange",
    "interviews",
    "people",
    "rubric",
    "scorecards",
    "shortlists",
)

# What a read or a write must not touch: Django's rendering and its forms.
RENDERING = ("django.template", "django.shortcuts", "django.forms", "django.utils.html", "crispy_forms")


def _modules() -> list[Path]:
    return sorted(p for p in APP.rglob("*.py") if "migrations" not in p.parts)


def _dotted(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported_names(path: Path) -> set[str]:
    """Every module an import statement names, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative: the groups of modules that import one another in a circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(group)
    return groups


def test_strongly_connected_finds_a_circle_of_three_and_nothing_in_a_chain():
    circle = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    chain = {"a": {"b"}, "b": {"c"}, "c": set()}
    assert _strongly_connected(circle) == [{"a", "b", "c"}]
    assert _strongly_connected(chain) == []


def test_architecture_no_module_imports_itself_back_through_others():
    graph = grimp.build_graph("evaluations")
    modules = {m for m in graph.modules if ".migrations" not in m}
    imports = {m: graph.find_modules_directly_imported_by(m) & modules for m in modules}
    assert _strongly_connected(imports) == []


def test_architecture_every_module_reads_in_one_sitting():
    too_long = {
        str(p.relative_to(ROOT)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}


@pytest.mark.parametrize("kind", ["selectors", "services"])
def test_architecture_reads_and_writes_never_render(kind):
    rendering = {
        _dotted(p): sorted(n for n in _imported_names(p) if n.startswith(RENDERING))
        for p in APP.glob(f"*/{kind}.py")
    }
    # Writes that send an email draw its body from a template: that is the email, not a page.
    allowed = {
        "evaluations.interviews.services": [
            "django.template.loader",
            "django.template.loader.render_to_string",
        ]
    }
    assert {m: names for m, names in rendering.items() if names and allowed.get(m) != names} == {}
    assert len(rendering) >= 7  # the glob found the modules


def test_architecture_presenters_take_results_and_never_query():
    querying = {}
    for path in [*APP.glob("*/presenters.py"), *APP.glob("*/cells.py"), APP / "presenters.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = sorted(
            {
                node.attr
                for node in ast.walk(tree)
                if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager", "filter"}
            }
        )
        if found:
            querying[_dotted(path)] = found
    assert querying == {}


def test_architecture_tests_mirror_the_domains():
    code = {p.name for p in APP.iterdir() if (p / "__init__.py").exists()} - {
        "management",
        "templatetags",
        "migrations",
    }
    assert set(DOMAINS) | {"scoring", "api"} == code
    missing = [d for d in code if not any((ROOT / "tests" / d).glob("test_*.py"))]
    assert missing == []
