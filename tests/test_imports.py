"""The package's import graph, read from the code's own import statements (at any depth, inside functions too):
no cycle, the command layer imported by nobody but __main__, and no module too long to read."""
import ast
import tomllib
from pathlib import Path


from conftest import REPO

MAX_LINES = 600


def package_dirs() -> dict[str, Path]:
    """{package name: folder} as pyproject.toml installs them (validation/ is syriacw.validation, sql/ syriacw.sql)."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    return {name: REPO / folder for name, folder in config["package-dir"].items()}


def modules() -> dict[str, Path]:
    """{dotted module name: file} for every .py file of the installed packages (a package's is its __init__.py)."""
    found = {}
    for package, folder in package_dirs().items():
        for path in sorted(folder.rglob("*.py")):
            parts = [package, *path.relative_to(folder).with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imported_by(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that the file imports: `import a.b`, `from a import b` (b a module or a name in a),
    and relative imports resolved against the file's package. Imports under `if TYPE_CHECKING:` never run, so they
    are left out."""
    here = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for guard in [n for n in ast.walk(tree) if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING"]:
        guard.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = here.split(".")[:len(here.split(".")) - node.level + 1] if node.level else []
            source = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                targets.add(f"{source}.{alias.name}" if f"{source}.{alias.name}" in known else source)
    return {t for t in targets if t in known and t != name}


def import_graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imported_by(name, path, set(found)) for name, path in found.items()}


def a_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of the graph as [a, b, …, a], or [] if there is none (depth-first search, three colours)."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        state[node] = "done"
        stack.pop()
        return []

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


def test_the_graph_is_read_from_real_imports():
    graph = import_graph()
    assert "syriacw.validation.rules" in graph and "syriacw.sql" in graph
    assert "syriacw.cli" in graph["syriacw.__main__"]
    assert "syriacw.paths" in graph["syriacw.releases.find"]  # `from .. import paths`
    assert "syriacw.releases.read" in graph["syriacw.releases.verify"]  # inside a function


def test_a_cycle_is_found_when_there_is_one():
    assert a_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert a_cycle({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle():
    assert a_cycle(import_graph()) == []


def test_only_main_imports_the_command_layer():
    importers = sorted(name for name, targets in import_graph().items() if "syriacw.cli" in targets)
    assert importers == ["syriacw.__main__"]


def test_no_module_is_over_600_lines():
    lengths = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules().items()}
    assert {name: n for name, n in lengths.items() if n > MAX_LINES} == {}


def test_every_sub_package_ships_in_the_wheel():
    """pyproject's `packages` is explicit: a sub-package missing there is missing from the wheel (syriacw.releases
    was, so an installed `syriacw.load()` could not import it)."""
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "syriacw").rglob("__init__.py")
             if "dataset" not in p.parts}
    assert found - listed == set()
