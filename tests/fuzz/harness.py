"""Run the command line on one input and check the contract for user input.

The contract: the command either exits 0 with its result, or exits 2 with exactly one
short line on stderr (``error: …``, ``错误：…`` under ``--lang zh``) and nothing
written; never a traceback, another exit code or a hang.

Every example runs in a fresh sandbox directory (``sandbox``), in-process through
``sim.cli.main`` (``call``) or as a real ``python -m sim`` process (``call_process``).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import signal
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import Phase, settings

from sim.cli import MAX_MESSAGE, main  # MAX_MESSAGE: characters in the one error line
from sim.i18n import metric_label, t

from .strategies import SETUP_EMPTY_DIR, SETUP_FILE, SETUP_FULL_DIR, Inputs

ERROR_PREFIX = {"en": "error: ", "zh": "错误："}
# Bounds for a hang: every valid input the strategies make runs in well under a second.
CALL_SECONDS = 120
PROCESS_SECONDS = 120
LEFTOVER_MARKS = (".partial", ".tmp", ".old")
# Marks of every fuzz module. Random titles hold characters the plot font lacks; matplotlib's
# warning about a missing glyph is about the picture, not the input.
FUZZ_MARKS = [pytest.mark.fuzz, pytest.mark.filterwarnings("ignore:Glyph .* missing from font:UserWarning")]


class Hang(BaseException):
    """Raised by the alarm inside a call that ran past its bound (not an Exception, so not caught)."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block with ``Hang`` after ``seconds`` (main thread only)."""

    def on_alarm(signum, frame):
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def sandbox(inputs: Inputs | None = None, files: dict[str, bytes] | None = None) -> Iterator[Path]:
    """A fresh working directory for one example, left again afterwards.

    It holds a file and a full and an empty directory for options to aim at, and the
    given input files. The directory is ``ROOT/work``, so that writes next to it (a
    staging directory of ``--out .``) stay inside ``ROOT`` and are seen by ``snapshot``.
    """
    old = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        work = Path(tmp) / "work"
        work.mkdir()
        (work / SETUP_FILE).write_text("not a directory\n")
        (work / SETUP_FULL_DIR).mkdir()
        (work / SETUP_FULL_DIR / "keep.txt").write_text("keep\n")
        (work / SETUP_EMPTY_DIR).mkdir()
        if inputs is not None:
            inputs.write(work)
        for name, data in (files or {}).items():
            (work / name).write_bytes(data)
        os.chdir(work)
        try:
            yield work
        finally:
            os.chdir(old)


def snapshot(root: Path) -> dict[str, str]:
    """Every path under ``root`` with its kind and, for files, a hash of the content."""
    out: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                out[rel] = "link " + os.readlink(path)
            elif path.is_dir():
                out[rel] = "dir"
            else:
                try:
                    out[rel] = "file " + hashlib.sha1(path.read_bytes()).hexdigest()
                except OSError as exc:
                    out[rel] = f"unreadable {exc.errno}"
    return out


@dataclass
class Outcome:
    """What one call did: exit code, output, an exception it let through, files before and after."""

    argv: list[str | bytes]
    code: int | None
    out: str
    err: str
    raised: str | None
    before: dict[str, str]
    after: dict[str, str]
    inputs: Inputs | None = None
    files: dict[str, bytes] = field(default_factory=dict)

    def describe(self) -> str:
        """A short account for an assertion message: the command, its input files, what came back."""

        def cut(text: str | bytes, limit: int = 200) -> str:
            text = repr(text)
            return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} chars)"

        lines = ["argv: " + " ".join(cut(a, 120) for a in self.argv)]
        named = {**(self.inputs.files if self.inputs else {}), **self.files}
        lines += [f"file {name}: {cut(data, 400)}" for name, data in named.items()]
        lines.append(f"exit code: {self.code}")
        if self.raised:
            lines.append("raised: " + self.raised[-1500:])
        lines.append("stderr: " + cut(self.err, 800))
        lines.append("stdout: " + cut(self.out, 300))
        return "\n".join(lines)


def call(argv: Sequence[str], inputs: Inputs | None = None, files: dict[str, bytes] | None = None) -> Outcome:
    """Run ``sim.cli.main(argv)`` in the current sandbox; an exception it raises is recorded."""
    root = Path.cwd().parent
    before = snapshot(root)
    out, err = io.StringIO(), io.StringIO()
    code, raised = None, None
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), time_limit(CALL_SECONDS):
            code = main(list(argv))
    except KeyboardInterrupt:
        raise
    except BaseException:  # SystemExit, Hang and any exception are all failures of the contract
        raised = traceback.format_exc()
    finally:
        if (root / "work").is_dir():  # the command may have replaced the directory (--out . --overwrite)
            os.chdir(root / "work")
    return Outcome(
        list(argv), code, out.getvalue(), err.getvalue(), raised, before, snapshot(root), inputs, files or {}
    )


def process_env() -> dict[str, str]:
    """The environment of a real process: an English UTF-8 locale, nothing else changed."""
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "PYTHONIOENCODING")}
    env["LANG"] = "C.UTF-8"
    return env


def call_process(
    argv: Sequence[str | bytes],
    inputs: Inputs | None = None,
    files: dict[str, bytes] | None = None,
    timeout: float = PROCESS_SECONDS,
) -> Outcome:
    """Run ``python -m sim ARGV`` in the current sandbox with a timeout (a hang is recorded)."""
    root = Path.cwd().parent
    before = snapshot(root)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "sim", *argv],
            capture_output=True,
            cwd=root / "work",
            env=process_env(),
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        code, out, err, raised = proc.returncode, proc.stdout, proc.stderr, None
    except subprocess.TimeoutExpired as exc:
        code, out, err = None, exc.stdout or b"", exc.stderr or b""
        raised = f"Hang: no answer within {timeout} s"
    return Outcome(
        list(argv),
        code,
        out.decode("utf-8", "replace"),
        err.decode("utf-8", "replace"),
        raised,
        before,
        snapshot(root),
        inputs,
        files or {},
    )


# ----------------------------------------------------------------------------- checks -----
def _under(rel: str, outputs: Sequence[str]) -> bool:
    """Whether sandbox path ``rel`` is an output, inside one, or a directory on the way to one."""
    for out in outputs:
        target = os.path.normpath(os.path.join("work", out)) if out.strip() else None
        if target is None:
            continue
        if rel == target or rel.startswith(target + "/") or target.startswith(rel + "/"):
            return True
    return False


def _changes(o: Outcome) -> list[str]:
    added = sorted(set(o.after) - set(o.before))
    removed = sorted(set(o.before) - set(o.after))
    changed = sorted(k for k in set(o.before) & set(o.after) if o.before[k] != o.after[k])
    return [f"+{k}" for k in added] + [f"-{k}" for k in removed] + [f"~{k}" for k in changed]


def message_lang(argv: Sequence[str | bytes]) -> str:
    """The language a message must be in: the last ``--lang`` before any ``--``, else the locale's (English).

    An unsupported ``--lang`` is itself reported in the locale's language.
    """
    lang = None
    words = [w for w in argv if isinstance(w, str)]
    for k, word in enumerate(words):
        if word == "--":
            break
        if word == "--lang" and k + 1 < len(words):
            lang = words[k + 1]
        elif word.startswith("--lang="):
            lang = word.split("=", 1)[1]
    return lang if lang in ERROR_PREFIX else "en"


def check_contract(o: Outcome, outputs: Sequence[str] = ()) -> None:
    """Assert the contract: exit 0 (writing only ``outputs``) or exit 2 with one line and no writes."""
    info = o.describe()
    lang = message_lang(o.argv)
    assert o.raised is None, f"the command raised instead of exiting\n{info}"
    assert "Traceback" not in o.err and "Traceback" not in o.out, f"a traceback reached the terminal\n{info}"
    assert o.code in (0, 2), f"exit code {o.code} (expected 0 or 2)\n{info}"
    if o.code == 2:
        lines = o.err.splitlines()
        assert len(lines) == 1, f"an error must be exactly one line on stderr, got {len(lines)}\n{info}"
        line = lines[0]
        prefix = ERROR_PREFIX[lang]
        assert line.startswith(prefix) and line[len(prefix) :].strip(), f"the error must start {prefix!r}\n{info}"
        assert len(line) <= MAX_MESSAGE, f"error line of {len(line):,} characters (at most {MAX_MESSAGE})\n{info}"
        assert not any((ord(c) < 32 and c != "\t") or 127 <= ord(c) < 160 for c in line), (
            f"control characters in the error line (they move the cursor or recolour the terminal)\n{info}"
        )
        changes = _changes(o)
        assert not changes, f"a failed command changed files: {changes[:8]}\n{info}"
    else:
        bad = [c for c in _changes(o) if not _under(c[1:], outputs)]
        assert not bad, f"a successful command changed files other than its outputs {list(outputs)}: {bad[:8]}\n{info}"
        leftovers = [k for k in o.after if any(m in Path(k).name for m in LEFTOVER_MARKS)]
        assert not leftovers, f"temporary files left behind: {leftovers[:8]}\n{info}"


def last_option(argv: Sequence[str], option: str) -> str | None:
    """The value of the last ``option VALUE`` or ``option=VALUE`` in ``argv`` (as argparse keeps it)."""
    value = None
    for k, word in enumerate(argv):
        if word == "--":
            break
        if word == option and k + 1 < len(argv):
            value = argv[k + 1]
        elif word.startswith(option + "="):
            value = word.split("=", 1)[1]
    return value


def check_metrics_table(o: Outcome) -> None:
    """Assert that stdout holds a metrics table in the requested language."""
    lang = message_lang(o.argv)
    info = o.describe()
    assert "─" in o.out, f"no table on stdout\n{info}"
    for metric in ("response_rate", "resolution_rate"):
        assert metric_label(metric, lang) in o.out, f"metric {metric} missing from the table\n{info}"
    assert t("word.metric", lang) in o.out, info


def fuzz_settings(ci: int) -> settings:
    """Settings of one fuzz test: ``ci`` examples under the "ci" profile, scaled under others.

    A derandomised run reports a failing input as found, without shrinking: every shrinking
    step reruns a whole command, and a failing CI run should take no longer than a passing
    one. Exploring runs shrink failures to small reproductions.
    """
    scale = settings.default.max_examples / settings.get_profile("ci").max_examples
    if settings.default.derandomize:
        return settings(max_examples=max(1, round(ci * scale)), phases=(Phase.explicit, Phase.generate))
    return settings(max_examples=max(1, round(ci * scale)))
