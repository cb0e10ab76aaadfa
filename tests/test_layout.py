"""The import graph, read from the source with ``ast``: no cycles and no upward imports.

The layers, lowest first (README, "Where things live"). A module may import a lower layer,
or its own package; never a higher layer or a sibling package of its own layer.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("billtracker", "compare", "scrapers", "plugins")
LAYERS = [
    ("compare",),
    ("billtracker", "billtracker.errors"),
    ("billtracker.config",),
    ("billtracker.templates",),
    ("billtracker.text",),
    ("billtracker.storage",),
    ("scrapers",),
    ("billtracker.ingest", "billtracker.analysis"),
    ("billtracker.distributed", "billtracker.publishing"),
    ("billtracker.reviews",),
    ("billtracker.jobs",),
    ("billtracker.cli", "plugins"),
    ("billtracker.__main__",),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[module_name(path)] = path
    return found


MODULES = project_modules()


def imports_of(name: str, path: Path) -> set[str]:
    """The project modules ``name`` imports (at any depth in the file, lazily or not)."""
    is_package = path.name == "__init__.py"
    out = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{a.name}" for a in node.names] + [base]
            targets = [t for t in targets if t in MODULES] or [base]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


GRAPH = {name: imports_of(name, path) for name, path in MODULES.items()}


def layer_of(name: str) -> tuple[int, str]:
    """(layer number, the layer entry the module belongs to): the longest matching prefix."""
    best = None
    for n, entries in enumerate(LAYERS):
        for entry in entries:
            if name == entry or name.startswith(entry + "."):
                if best is None or len(entry) > len(best[1]):
                    best = (n, entry)
    if best is None:
        raise AssertionError(f"{name} belongs to no layer: add it to LAYERS")
    return best


def test_every_module_has_a_layer():
    for name in MODULES:
        layer_of(name)


def test_the_graph_is_read_from_the_source():
    # the test can fail: these imports exist, so the parser must see them
    assert "billtracker.storage" in GRAPH["scrapers.pipelines"]
    assert "compare.score" in GRAPH["compare.diff"]
    assert "billtracker.storage" in GRAPH["billtracker.jobs.update"]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_upward_or_sideways_import(name):
    layer, entry = layer_of(name)
    bad = []
    for target in sorted(GRAPH[name]):
        other, other_entry = layer_of(target)
        if other < layer or other_entry == entry:
            continue
        bad.append(f"{target} (layer {other}: {other_entry})")
    assert not bad, f"{name} (layer {layer}: {entry}) imports upward or sideways: {bad}"


def test_compare_imports_nothing_of_the_project():
    for name, targets in GRAPH.items():
        if name.startswith("compare"):
            assert all(t.startswith("compare") for t in targets), (name, targets)


def test_no_cycles():
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(GRAPH[node]):
            if state.get(target) == 1:
                cycle = stack[stack.index(target) :] + [target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name)


# Being reworked in the comparator's own branch at the same time (issue #14 leaves them to it).
COMPARATOR_WORK = {"compare.score", "compare.markup", "compare.sections"}


def test_no_module_over_400_lines_without_a_reason():
    long = []
    for name, path in MODULES.items():
        lines = path.read_text().count("\n")
        doc = ast.get_docstring(ast.parse(path.read_text())) or ""
        if lines > 420 and "Over 400 lines because" not in doc and name not in COMPARATOR_WORK:
            long.append(f"{name} ({lines} lines)")
    assert not long, f"modules over 400 lines with no reason in their docstring: {long}"
