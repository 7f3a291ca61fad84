"""The import graph of pipeline/ keeps its layers (issue 16): readers, rules and outputs apart.

Built from the source with ast (every import, also those inside functions), so a new module
is checked without being listed here. A failure names the offending edge.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "pipeline"

# modules (prefix match on the dotted name under pipeline.) -> what they may never import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    # readers give lines; they know nothing of structure, entities or outputs
    "ingest": (
        "structure",
        "frontmatter",
        "sections",
        "strays",
        "entities",
        "document",
        "working",
        "batch",
        "store",
        "show",
        "cli",
    ),
    # the entity rules read text units; they never open files, write outputs or run batches
    "entities": ("ingest", "document", "working", "batch", "store", "show", "cli", "schema", "emit"),
    # structure turns lines into a document tree: no readers, no entities, no outputs
    "structure": ("ingest", "entities", "document", "working", "batch", "store", "show", "cli"),
    "frontmatter": ("ingest", "entities", "document", "working", "batch", "store", "show", "cli"),
    # the structure stage's parts: headings, strays, articles, tables, references
    "sections": ("ingest", "entities", "document", "working", "batch", "store", "show", "cli"),
    "strays": ("ingest", "entities", "document", "working", "batch", "store", "show", "cli"),
    "articles": ("ingest", "entities", "document", "working", "batch", "store", "show", "cli"),
    "tables": ("ingest", "entities", "document", "working", "batch", "store", "show", "cli"),
    "references": ("ingest", "entities", "document", "working", "batch", "store", "show", "cli"),
    # the working document (an input on its way through document.STAGES) names the types the
    # readers and structure give; it runs no stage and knows nothing of the outputs
    "working": ("entities", "frontmatter", "document", "batch", "store", "show", "schema", "emit", "cli"),
    # outputs read finished documents: never a reader or a rule stage
    "store": ("ingest", "structure", "frontmatter", "entities", "document", "working", "batch"),
    "show": ("ingest", "structure", "frontmatter", "document", "working", "batch", "store"),
    "schema": ("ingest", "structure", "entities", "document", "working", "batch", "store", "show"),
    "diffing": ("ingest", "structure", "document", "working", "batch", "store", "show"),
}
# the ground floor: data models, rule data (units among them: structure reads them too), errors,
# line records import no other pipeline module
GROUND = ("models", "errors", "resources", "lines", "reading", "sentences", "units")
# the command line is the top: nothing imports it
TOP = ("cli",)


def _name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _targets(path: Path, node: ast.AST) -> list[str]:
    """The pipeline modules one import statement names (a `from x import module` names the module)."""
    me = _name(path)
    pkg = me if path.name == "__init__.py" else me.rsplit(".", 1)[0]
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "pipeline"]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        base = pkg.split(".")[: len(pkg.split(".")) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if target.split(".")[0] != "pipeline":
        return []
    out = [target]
    folder = ROOT.joinpath(*target.split("."))
    out += [
        f"{target}.{a.name}" for a in node.names if (folder / f"{a.name}.py").exists() or (folder / a.name).is_dir()
    ]
    return out


def graph(module_level_only: bool = False) -> dict[str, set[str]]:
    g: dict[str, set[str]] = defaultdict(set)
    for path in sorted(PKG.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nodes = tree.body if module_level_only else list(ast.walk(tree))
        for node in nodes:
            for t in _targets(path, node):
                # a module's own packages are imported before it anyway: no edge of its own
                if not (_name(path) == t or _name(path).startswith(t + ".")):
                    g[_name(path)].add(t)
    return g


def _short(mod: str) -> str:
    return mod.removeprefix("pipeline.").removeprefix("pipeline")


def _under(mod: str, prefix: str) -> bool:
    s = _short(mod)
    return s == prefix or s.startswith(prefix + ".")


def test_the_graph_is_read():
    g = graph()
    assert "pipeline.ingest.pdf.glyphs" in g["pipeline.ingest.pdf"]
    assert "pipeline.frontmatter" in g["pipeline.structure"]
    assert "pipeline.working" in g["pipeline.document"]


def test_layers_import_only_what_they_may():
    bad = [
        f"{_short(src)} -> {_short(dst)} (a {layer} module may not import {never})"
        for src, dsts in graph().items()
        for layer, nevers in FORBIDDEN.items()
        if _under(src, layer)
        for dst in dsts
        for never in nevers
        if _under(dst, never)
    ]
    assert bad == [], "\n".join(bad)


def test_the_ground_floor_imports_no_pipeline_module():
    bad = [
        f"{_short(src)} -> {_short(dst)}"
        for src, dsts in graph().items()
        if any(_under(src, x) for x in GROUND)
        for dst in dsts
        if not any(_under(dst, x) for x in GROUND)
    ]
    assert bad == [], "\n".join(bad)


def test_nothing_imports_the_command_line():
    bad = [f"{_short(s)} -> {_short(d)}" for s, ds in graph().items() for d in ds if any(_under(d, t) for t in TOP)]
    assert bad == [], "\n".join(bad)


# a package's __init__ re-exporting what its parts build on (the parts import shared helpers
# from the package): cycles only inside one package, resolved by import order
ALLOWED_CYCLE_PACKAGES = ("pipeline.frontmatter", "pipeline.ingest", "pipeline.entities")


def _cycles(g: dict[str, set[str]]) -> list[list[str]]:
    out: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> None:
        state[n] = 1
        stack.append(n)
        for m in sorted(g.get(n, ())):
            if state.get(m) == 1:
                out.append(stack[stack.index(m) :] + [m])
            elif m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(g):
        if n not in state:
            visit(n)
    return out


def test_no_import_cycle_at_module_level():
    def inside_one_package(cycle: list[str]) -> bool:
        return any(all(m == p or m.startswith(p + ".") for m in cycle) for p in ALLOWED_CYCLE_PACKAGES)

    bad = [" -> ".join(_short(m) or "pipeline" for m in c) for c in _cycles(graph(True)) if not inside_one_package(c)]
    assert bad == [], "\n".join(bad)


def test_a_forbidden_edge_is_caught():
    """The check itself can fail: a made-up edge from a reader to the store is reported."""
    g = graph()
    g["pipeline.ingest.text"].add("pipeline.store")
    hits = [
        (s, d)
        for s, ds in g.items()
        for layer, nevers in FORBIDDEN.items()
        if _under(s, layer)
        for d in ds
        for never in nevers
        if _under(d, never)
    ]
    assert hits == [("pipeline.ingest.text", "pipeline.store")]
    assert _cycles({"a": {"b"}, "b": {"a"}}) == [["a", "b", "a"]]


# issue 16: a function a reader can hold in view; these are still to split (each its length today)
MAX_FUNCTION_LINES = 60
LONG_TODAY: dict[str, int] = {}


def _function_lengths() -> dict[str, int]:
    out: dict[str, int] = {}
    for path in sorted(PKG.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno is not None:
                out[f"{_name(path)}.{node.name}"] = node.end_lineno - node.lineno + 1
    return out


def test_no_function_grows_past_sixty_lines():
    lengths = _function_lengths()
    too_long = {f: n for f, n in lengths.items() if n > MAX_FUNCTION_LINES and n > LONG_TODAY.get(f, 0)}
    assert too_long == {}, too_long
    # the allowance only shrinks: a function split since is taken off the list
    stale = [f for f in LONG_TODAY if lengths.get(f, 0) <= MAX_FUNCTION_LINES]
    assert stale == [], f"split now, remove from LONG_TODAY: {stale}"
