"""The domain never imports Qt: checked in the source and in a fresh interpreter."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "models"
QT = ("PySide6", "PyQt5", "PyQt6", "shiboken6")


def _imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(
                node.func, "id", "")) in ("import_module", "__import__"):
            names.update(a.value for a in node.args if isinstance(a, ast.Constant)
                         and isinstance(a.value, str))
    return names


def test_no_module_under_models_imports_qt_in_its_source():
    files = sorted(MODELS.rglob("*.py"))
    assert len(files) > 10
    offenders = {
        str(path.relative_to(ROOT)): sorted(n for n in _imported_names(path)
                                            if n.split(".")[0] in QT)
        for path in files
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    for path in files:  # also catch text the parser would not see as an import
        text = path.read_text(encoding="utf-8")
        assert not any(f"import {q}" in text or f"from {q}" in text for q in QT), path


SCRIPT = f"""
import importlib, json, sys
names = json.loads(sys.argv[1])
for name in names:
    importlib.import_module(name)
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {QT!r})))
"""


def _module_names() -> list[str]:
    names = []
    for path in sorted(MODELS.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_importing_every_models_module_loads_no_qt():
    names = _module_names()
    assert "models.rules" in names and "models.services.guarantee" in names
    out = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps(names)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120, check=False,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
