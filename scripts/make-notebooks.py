#!/usr/bin/env python3
"""Writes notebooks/*.ipynb from the cells in scripts/nbsrc/, without outputs, so they are committed clean.

    scripts/make-notebooks.py          (re)write every notebook
    scripts/make-notebooks.py --check  exit 1 if a committed notebook differs from what this writes

Needs only the Python standard library. Edit the cells in scripts/nbsrc/chNN.py (one file per notebook),
not in JupyterLab: those files are the source of truth for the notebooks.
"""

import importlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nbsrc.common import NOTEBOOKS, notebook  # noqa: E402


def chapters():
    """Every scripts/nbsrc/chNN.py, in number order: (file name, cells)."""
    found = []
    for path in sorted((Path(__file__).resolve().parent / "nbsrc").glob("ch[0-9][0-9].py")):
        module = importlib.import_module("nbsrc." + path.stem)
        found.append((module.FILE, module.CELLS))
    return found


def render(cells):
    return json.dumps(notebook(cells), indent=1, ensure_ascii=False) + "\n"


def main(argv):
    check = "--check" in argv
    stale = []
    NOTEBOOKS.mkdir(exist_ok=True)
    expected = set()
    for name, cells in chapters():
        expected.add(name)
        path = NOTEBOOKS / name
        text = render(cells)
        if check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print("wrote notebooks/" + name)
    strays = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb") if p.name not in expected)
    if strays:
        print("make-notebooks: notebooks/ holds notebooks no scripts/nbsrc/chNN.py writes: " + ", ".join(strays), file=sys.stderr)
        return 1
    if stale:
        print("make-notebooks: out of date (run scripts/make-notebooks.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
