"""Executes kube-authlab's notebooks headlessly, each in a fresh "Java (kube-authlab)" kernel.

Run through scripts/run-notebooks, which installs the kernel first. For every notebook it checks that
the committed file carries no outputs, then executes it top to bottom with nbclient. A cell tagged
``raises-exception`` may fail; any other error fails the notebook, and the run goes on with the next
one. The last line is ``N passed, N failed``; the exit code is 1 when anything failed.
"""

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

KERNEL = "authlab-java"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def committed_outputs(nb):
    """Code cells that carry outputs or an execution count in the committed file (1-based numbers)."""
    dirty = []
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None):
            dirty.append(number)
    return dirty


def first_line(text):
    lines = [line for line in str(text).strip().splitlines() if line.strip()]
    return lines[0] if lines else ""


def error_summary(err, nb):
    """One or two lines that say which cell failed and why, without the kernel's whole traceback."""
    if isinstance(err, CellTimeoutError):
        return "a cell ran longer than the timeout: " + first_line(err)
    if isinstance(err, DeadKernelError):
        return "the kernel died: " + first_line(err)
    if isinstance(err, CellExecutionError):
        for number, cell in enumerate(nb.cells, start=1):
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    lines = [ANSI.sub("", line).strip() for line in out.get("traceback", [])]
                    detail = " / ".join(line for line in lines if line) or out.get("evalue", "")
                    return "cell %d (%s): %s: %s" % (
                        number, first_line(cell.source), out.get("ename", "error"), detail[:400])
        return first_line(err)
    return "%s: %s" % (type(err).__name__, first_line(err))


def run(path, timeout, output_dir, log_dir):
    nb = nbformat.read(str(path), as_version=4)
    dirty = committed_outputs(nb)
    if dirty:
        return False, "committed with outputs in cell(s) %s; clear them (scripts/make-notebooks.py regenerates)" % (
            ", ".join(map(str, dirty)))
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=timeout,
        startup_timeout=120,
        allow_errors=False,  # except cells tagged raises-exception, which nbclient honours
        resources={"metadata": {"path": str(path.parent)}},
    )
    # The kernel logs to stderr; keep that out of the report, in a file named on failure.
    log_path = log_dir / (path.stem + ".kernel.log")
    with open(log_path, "w") as log:
        try:
            client.execute(stderr=log)
            ok, why = True, ""
        except Exception as err:  # noqa: BLE001 - every failure becomes this notebook's verdict
            ok, why = False, error_summary(err, nb) + " (kernel log: %s)" % log_path
    if output_dir:
        output_dir.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, str(output_dir / path.name))
    return ok, why


def main(argv):
    parser = argparse.ArgumentParser(prog="scripts/run-notebooks", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to run (default: every notebooks/*.ipynb)")
    parser.add_argument("--timeout", type=int, default=int(os.environ.get("AUTHLAB_NOTEBOOK_TIMEOUT", "300")),
                        help="seconds one cell may run (default 300, or $AUTHLAB_NOTEBOOK_TIMEOUT)")
    parser.add_argument("--output-dir", type=Path,
                        help="also write the executed notebooks (with outputs) here, e.g. target/notebooks")
    args = parser.parse_args(argv)

    root = Path(__file__).resolve().parent.parent
    paths = args.notebooks or sorted((root / "notebooks").glob("*.ipynb"))
    if not paths:
        print("run-notebooks: no notebooks found in %s" % (root / "notebooks"), file=sys.stderr)
        print("0 passed, 0 failed")
        return 1
    log_dir = Path(tempfile.mkdtemp(prefix="authlab-notebooks-"))
    passed, failed = 0, []
    for path in paths:
        path = path.resolve()
        name = path.name
        print("run-notebooks: %s ..." % name, flush=True)
        started = time.monotonic()
        ok, why = run(path, args.timeout, args.output_dir, log_dir)
        took = time.monotonic() - started
        if ok:
            passed += 1
            print("  ok    %s (%.1fs)" % (name, took), flush=True)
        else:
            failed.append(name)
            print("  FAIL  %s (%.1fs): %s" % (name, took, why), flush=True)
    if failed:
        print("failed: " + ", ".join(failed))
    print("%d passed, %d failed" % (passed, len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
