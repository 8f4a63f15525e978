"""Keep the notebooks clean: run them, store only the checked numbers, or check that they are stored so.

The notebooks are stored without outputs, except the cells marked ``# NBVAL_CHECK_OUTPUT``:
their printed numbers are the reference that ``pytest --nbval-lax`` compares with a fresh
run. After an intentional change of the model, re-record them (and re-read the text of
each notebook that quotes them)::

    .venv/bin/python notebooks/refresh.py            # run every notebook, keep only checked outputs
    .venv/bin/python notebooks/refresh.py --check    # fail if a notebook holds other outputs
    .venv/bin/python notebooks/refresh.py notebooks/zh/02-two-hearts.ipynb
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
CHECK = "# NBVAL_CHECK_OUTPUT"


def notebooks(paths: list[str]) -> list[Path]:
    """The notebooks named on the command line, or every notebook under notebooks/."""
    if paths:
        return [Path(p).resolve() for p in paths]
    return sorted(p for p in HERE.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def is_checked(cell: nbformat.NotebookNode) -> bool:
    """Whether a code cell's output is compared by nbval."""
    return cell.cell_type == "code" and cell.source.lstrip().startswith(CHECK)


def clean(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop every output and execution count except those of the checked cells."""
    count = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.metadata.pop("execution", None)
        if is_checked(cell):
            count += 1
            # nbval compares only cells with an execution count: keep one.
            cell.execution_count = count
            cell.outputs = [o for o in cell.outputs if o.get("output_type") == "stream" and o.get("name") == "stdout"]
        else:
            cell.execution_count = None
            cell.outputs = []
    return nb


def problems(nb: nbformat.NotebookNode) -> list[str]:
    """What is wrong with a stored notebook (an empty list when it is clean)."""
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if is_checked(cell):
            if not cell.outputs or cell.execution_count is None:
                found.append(f"cell {i}: checked cell without its stored numbers")
        elif cell.outputs or cell.execution_count is not None:
            found.append(f"cell {i}: stored outputs (only {CHECK} cells keep theirs)")
    return found


def refresh(path: Path, timeout: int = 600) -> None:
    """Run a notebook on a fresh kernel in its own folder and store it cleaned."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    nbformat.write(clean(nb), path)


def main(argv: list[str] | None = None) -> int:
    """Command line: refresh (default) or --check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="notebooks (default: every notebook under notebooks/)")
    parser.add_argument("--check", action="store_true", help="only check that the stored notebooks are clean")
    args = parser.parse_args(argv)
    failed = False
    for path in notebooks(args.paths):
        if args.check:
            for problem in problems(nbformat.read(path, as_version=4)):
                print(f"{path}: {problem}")
                failed = True
        else:
            print(f"running {path.relative_to(HERE.parent) if path.is_relative_to(HERE.parent) else path}")
            refresh(path)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
