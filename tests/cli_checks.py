"""Checks the command-line tests share: a user error fails cleanly and writes nothing."""

from __future__ import annotations

from pathlib import Path

from sim.cli import main


def listing(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, to see whether a command wrote anything."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def fails_cleanly(capsys, folder: Path, *argv: str) -> str:
    """Run the command line in-process; check that it fails cleanly and return its one line.

    Cleanly: exit status 2, one line on stderr starting "error: " or "错误：", no traceback,
    nothing on stdout, and no file under ``folder`` written, changed or removed.
    """
    before = listing(folder)
    assert main(list(argv)) == 2
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err and captured.out == ""
    assert lines[0].startswith(("error: ", "错误：")), lines[0]
    assert listing(folder) == before, "a file was written, changed or removed"
    return lines[0]
