"""The package's layers: no import cycle between gxconvert's subpackages
and top-level modules (each counted as one unit; the package root, which
hands names on, is a unit of its own).  Every import counts, those inside
functions too (a lazy import is still an arrow)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "gxconvert"


def _unit(module: str) -> str:
    """'gxconvert.batch.pool' -> 'batch'; 'gxconvert.api' -> 'api'; 'gxconvert' -> '<root>'."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "<root>"


def _module_of(path: Path) -> tuple[str, bool]:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    is_pkg = parts[-1] == "__init__"
    if is_pkg:
        parts.pop()
    return ".".join(parts), is_pkg


def _targets(node: ast.AST, module: str, is_pkg: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "gxconvert"]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        base = module.split(".")
        if not is_pkg:
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        prefix = ".".join(base + ([node.module] if node.module else []))
    else:
        prefix = node.module or ""
    if prefix.split(".")[0] != "gxconvert":
        return []
    if node.module is None or prefix == "gxconvert":  # from . import x: x may be a module
        return [f"{prefix}.{a.name}" for a in node.names]
    return [prefix]


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    names = {_module_of(p)[0] for p in PKG.rglob("*.py")}
    for path in PKG.rglob("*.py"):
        module, is_pkg = _module_of(path)
        src = _unit(module)
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            for target in _targets(node, module, is_pkg):
                while target not in names and "." in target:  # a name imported from a module
                    target = target.rsplit(".", 1)[0]
                dst = _unit(target)
                if dst != src:
                    graph[src].add(dst)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one unit (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(set(graph) | {w for ws in graph.values() for w in ws}):
        if v not in index:
            visit(v)
    return out


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_between_subpackages():
    graph = import_graph()
    assert "batch" in graph and "dataset" in graph  # the graph was read
    found = cycles(graph)
    detail = {u: sorted(graph[u] & set(c)) for c in found for u in c}
    assert found == [], f"import cycles between units: {found}; arrows inside them: {detail}"
