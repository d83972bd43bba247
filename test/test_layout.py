"""The house rules a newcomer relies on: the runtime package imports no evaluation or training code, a
node imports no other node, the guide's files stay short, and each language's words live in its folder."""
import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = ROOT / "hyguide_ros"
GUIDE = RUNTIME / "guide"


def _imports(path: Path) -> set[str]:
    """Absolute module names `path` imports (relative imports resolved)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - (node.level - 1)] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            names |= {module} | {f"{module}.{a.name}" for a in node.names}
    return names


def test_the_runtime_imports_no_evaluation_or_training_code():
    offenders = {str(p.relative_to(ROOT)): sorted(m for m in _imports(p) if m.startswith(("hyguide_eval", "hyguide_train")))
                 for p in RUNTIME.rglob("*.py")}
    assert not {p: m for p, m in offenders.items() if m}


def test_a_node_imports_no_other_node():
    """Nodes share helpers (common, checks), not each other; composed.py, all nodes in one process, is the
    one file made of nodes."""
    nodes = RUNTIME / "nodes"
    shared = {"__init__", "common", "checks", "composed"}
    node_modules = {f"hyguide_ros.nodes.{p.stem}" for p in nodes.glob("*.py") if p.stem not in shared}
    for path in nodes.glob("*.py"):
        if path.stem == "composed":
            continue
        assert not (_imports(path) & node_modules) - {f"hyguide_ros.nodes.{path.stem}"}, path.name


def test_no_file_of_the_guide_is_over_400_lines():
    long = {str(p.relative_to(GUIDE)): n for p in GUIDE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert not long


def test_korean_word_lists_live_in_their_language_folder():
    """A set, list or tuple of three or more Korean words, or a dict of them, outside languages/<language>/
    is a word list in the wrong room (patterns of single endings inside code are not lists). English word
    lists live in languages/en/words.py the same way; English strings elsewhere are the KB's keys."""
    hangul = re.compile(r"[가-힣]")
    found = []
    for path in GUIDE.rglob("*.py"):
        if "languages" in path.relative_to(GUIDE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            items = node.elts if isinstance(node, (ast.Set, ast.List, ast.Tuple)) else \
                node.keys if isinstance(node, ast.Dict) else []
            words = [i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)
                     and hangul.search(i.value)]
            if len(words) >= 3:
                found.append(f"{path.relative_to(GUIDE)}:{node.lineno} {words[:3]}")
    assert not found
