"""Experiment files and experiment directories, valid and hostile, through ``experiment run|status|analyze``."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.experiments.store import FILES
from sim.model.metrics import METRICS

from .harness import FUZZ_MARKS, call, check_contract, fuzz_settings, last_option, message_lang, sandbox
from .strategies import (
    DEPTHS,
    SETUP_EMPTY_DIR,
    SETUP_FILE,
    SETUP_FULL_DIR,
    experiment_files,
    experiment_options,
    lang_option,
)

pytestmark = FUZZ_MARKS


def _experiment_dirs(o) -> list[str]:
    """Directories (relative to the working directory) that a successful run created with meta.json."""
    return sorted(
        k[len("work/") : -len("/meta.json")] for k in set(o.after) - set(o.before) if k.endswith("/meta.json")
    )


@fuzz_settings(10)
@given(inputs=experiment_files(valid=True), options=experiment_options(valid=True), analyze=st.integers(0, 3))
def test_valid_experiment_runs(inputs, options, analyze):
    """A valid small experiment runs (exit 0, every store file), and its status and analysis work."""
    with sandbox(inputs):
        o = call(["experiment", "run", inputs.main, *options.argv], inputs)
        check_contract(o, options.outputs)
        assert o.code == 0, f"a valid experiment was refused\n{o.describe()}"
        out = last_option(options.argv, "--out")
        dirs = _experiment_dirs(o)
        assert len(dirs) == 1 and (out is None or os.path.normpath(dirs[0]) == os.path.normpath(out)), o.describe()
        missing = [f for f in FILES if f"work/{dirs[0]}/{f}" not in o.after]
        assert not missing and any(k.startswith(f"work/{dirs[0]}/runs/") for k in o.after), (
            f"store files missing: {missing}\n{o.describe()}"
        )
        status = call(["--lang", message_lang(o.argv), "experiment", "status", dirs[0]])
        check_contract(status)
        assert status.code == 0, status.describe()
        if analyze == 0:  # the analysis takes seconds: only some examples
            analysis = call(["experiment", "analyze", dirs[0]])
            check_contract(analysis, [dirs[0]])
            assert analysis.code == 0, analysis.describe()


@fuzz_settings(150)
@given(inputs=experiment_files(), options=experiment_options(valid=True))
def test_hostile_experiment_file(inputs, options):
    """Any experiment file, however broken: exit 0 or a one-line exit 2, nothing written, no traceback."""
    with sandbox(inputs):
        o = call(["experiment", "run", inputs.main, *options.argv], inputs)
    check_contract(o, options.outputs)


@fuzz_settings(30)
@given(inputs=experiment_files(valid=True), options=experiment_options())
def test_experiment_run_options(inputs, options):
    """Any ``experiment run`` options with a valid file: exit 0 or a one-line exit 2, nothing written."""
    with sandbox(inputs):
        o = call(["experiment", "run", inputs.main, *options.argv], inputs)
    check_contract(o, options.outputs)


# ------------------------------------------------------------------- damaged directories --
@pytest.fixture(scope="module")
def stored_experiment() -> dict[str, bytes]:
    """The files of a finished two-point experiment directory (relative path → bytes)."""
    text = (
        'name = "tiny"\nreplications = 1\n[params]\nhouseholds = 200\ndays = 2\n'
        '[design]\nmethod = "factorial"\n[factors.callback]\n'
    )
    with tempfile.TemporaryDirectory() as tmp, sandbox() as work:
        (work / "exp.toml").write_text(text)
        o = call(["experiment", "run", "exp.toml", "--serial", "--out", str(Path(tmp) / "tiny")])
        assert o.code == 0, f"cannot build the experiment directory the test damages\n{o.describe()}"
        root = Path(tmp) / "tiny"
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


JUNK = (
    b"",
    b"\x00\xff\xfe",
    b"{}",
    b"[]",
    b"null",
    b'{"name": 1}',
    b"not json",
    b"[" * 100_000 + b"]" * 100_000,
    b"x = 1\n",
    b"PAR1",
)


@st.composite
def damaged_store(draw, files: dict[str, bytes]) -> dict[str, bytes | None]:
    """The stored files with one to three damaged: removed, truncated, replaced by junk, or added."""
    files = dict(files)
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(files)))
        kind = draw(st.sampled_from(("remove", "truncate", "junk", "junk", "extra-run", "toml")))
        if kind == "remove":
            files[name] = None
        elif kind == "truncate" and files[name]:
            files[name] = files[name][: draw(st.integers(0, len(files[name]) - 1))]
        elif kind == "junk":
            files[name] = draw(st.sampled_from(JUNK) | st.binary(max_size=100))
        elif kind == "extra-run":
            run = draw(
                st.sampled_from(("p000099-r0000.parquet", "p000000-r0099.parquet", "p9-r9.parquet", "x.parquet"))
            )
            files[f"runs/{run}"] = draw(
                st.sampled_from(JUNK) | st.just(next(v for k, v in files.items() if k.startswith("runs/") and v))
            )
        else:
            depth = draw(st.sampled_from(DEPTHS))
            files["experiment.toml"] = draw(
                st.sampled_from((b"", b"name = 1\n", b"[factors]\n", ("x = " + "[" * depth + "]" * depth).encode()))
            )
    return files


@fuzz_settings(100)
@given(data=st.data(), command=st.sampled_from(("status", "analyze")), lang=lang_option())
def test_damaged_experiment_directory(stored_experiment, data, command, lang):
    """``experiment status|analyze`` on a damaged or wrong directory: exit 0 or a one-line exit 2."""
    target = data.draw(
        st.sampled_from(("exp", "exp", "exp", "", "missing", SETUP_FILE, SETUP_FULL_DIR, SETUP_EMPTY_DIR, "."))
    )
    files = data.draw(damaged_store(stored_experiment), label="damage") if target == "exp" else {}
    extra: list[str] = []
    if command == "analyze" and data.draw(st.booleans()):
        metric = data.draw(st.sampled_from((*METRICS[:2], "", "nope", "x" * 1_000)))
        extra += ["--metric", metric]
    if command == "analyze" and data.draw(st.booleans()):
        extra += ["--baseline", data.draw(st.sampled_from(("0", "1", "-1", "nan", "1e400", str(2**80), "x")))]
    with sandbox() as work:
        for name, content in files.items():
            if content is not None:
                (work / "exp" / name).parent.mkdir(parents=True, exist_ok=True)
                (work / "exp" / name).write_bytes(content)
        o = call(["experiment", command, target, *extra, *lang.argv])
    check_contract(o, [target] if command == "analyze" and target else [])
