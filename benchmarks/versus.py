"""The model's speed against another version of it, measured side by side in one run.

Usage::

    python benchmarks/versus.py --ref 567b55c                         # full-1234, 7 seeds, 3 rounds
    python benchmarks/versus.py --ref 567b55c --set warmup_days=0     # the year without its warm-up
    python benchmarks/versus.py --ref HEAD~5 --scenario baseline --rounds 5

The reference revision is checked out into a temporary git worktree (removed at the end).
Each round times both versions in fresh processes, one after the other, on the same seeds:
``CommunityModel(params, rng=seed).run()`` after one run that is not timed, garbage
collected before each run, CPU time of the process. Alternating rounds share out the
machine's slow and fast moments between the two, so the ratio is steadier than the
seconds, which on a shared machine can differ by half from one day to the next.

``--set key=value`` changes a parameter in the versions that know it (a version that does
not is run without it, and the table says so). Markdown goes to stdout, progress to stderr;
no test checks a timing. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Run in a fresh interpreter whose ``sim`` is the checkout on PYTHONPATH.
_CHILD = r"""
import gc, json, sys, time
import sim
from sim.model import CommunityModel
from sim.scenario import load_scenario

args = json.loads(sys.argv[1])
params = dict(load_scenario(args["scenario"]).params)
applied = {k: v for k, v in args["set"].items() if k in params}
params.update(applied)
CommunityModel(params, rng=0).run()  # not timed: imports, caches
times, issues = [], []
for seed in args["seeds"]:
    gc.collect()
    t0 = time.process_time()
    model = CommunityModel(params, rng=seed).run()
    times.append(time.process_time() - t0)
    issues.append(len(model.issues))
    del model
days = params.get("warmup_days", 0) + params["days"]
print(json.dumps({"sim": sim.__file__, "times": times, "issues": issues, "days": days, "applied": sorted(applied)}))
"""


def log(msg: str) -> None:
    """Progress to stderr, so stdout stays clean Markdown."""
    print(msg, file=sys.stderr, flush=True)


def parse_set(text: str) -> tuple[str, Any]:
    """``key=value`` with the value read as JSON when it can be (numbers, true/false), else as text."""
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected key=value, got {text!r}")
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value


def time_version(checkout: Path, scenario: str, values: dict[str, Any], seeds: list[int]) -> dict[str, Any]:
    """Time the model of one checkout in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    arg = json.dumps({"scenario": scenario, "set": values, "seeds": seeds})
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, arg], env=env, cwd=tempfile.gettempdir(), capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"the run at {checkout} failed:\n{done.stderr.strip()[-2000:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    if Path(out["sim"]).resolve().parent.parent != checkout.resolve():
        raise SystemExit(f"the run meant for {checkout} imported sim from {out['sim']}")
    return out


def compare(ref: str, scenario: str, values: dict[str, Any], seeds: list[int], rounds: int) -> dict[str, Any]:
    """Time this checkout and ``ref`` in alternating rounds; medians over every timed run."""
    where = Path(tempfile.mkdtemp(prefix="versus-"))
    worktree = where / "ref"
    added = subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(worktree), ref],
        capture_output=True,
        text=True,
    )
    if added.returncode != 0:
        shutil.rmtree(where, ignore_errors=True)
        raise SystemExit(f"cannot check out --ref {ref}: {added.stderr.strip()}")
    try:
        commit = subprocess.run(
            ["git", "-C", str(worktree), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        runs: dict[str, list[dict[str, Any]]] = {"this": [], "reference": []}
        for r in range(1, rounds + 1):
            for label, checkout in (("reference", worktree), ("this", ROOT)):
                log(f"[round {r}/{rounds}] {label}")
                runs[label].append(time_version(checkout, scenario, values, seeds))
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)], check=False)
        shutil.rmtree(where, ignore_errors=True)
    out: dict[str, Any] = {"ref": ref, "commit": commit, "scenario": scenario, "set": values, "seeds": seeds}
    for label, parts in runs.items():
        times = [t for p in parts for t in p["times"]]
        issues = statistics.median([n for p in parts for n in p["issues"]])
        rounds_ms = [statistics.median(p["times"]) * 1e3 for p in parts]
        out[label] = {
            "median_ms": statistics.median(times) * 1e3,
            "round_medians_ms": rounds_ms,
            "issues": issues,
            "days": parts[0]["days"],
            "applied": parts[0]["applied"],
            "us_per_issue": statistics.median(times) / issues * 1e6,
        }
    out["ratio"] = out["this"]["median_ms"] / out["reference"]["median_ms"]
    out["ratio_per_issue"] = out["this"]["us_per_issue"] / out["reference"]["us_per_issue"]
    return out


def markdown(res: dict[str, Any]) -> str:
    """The comparison as a Markdown table and two ratios."""
    sets = ", ".join(f"{k}={v}" for k, v in res["set"].items()) or "none"
    lines = [
        f"`{res['scenario']}`, seeds {res['seeds'][0]}–{res['seeds'][-1]}, {len(res['this']['round_medians_ms'])} "
        f"alternating rounds; parameters set: {sets}",
        "",
        "| version | simulated days | issues | median CPU time | medians by round | µs per issue | set here |",
        "|---|---:|---:|---:|---|---:|---|",
    ]
    ref = f"`{res['ref']}`" + ("" if res["commit"].startswith(res["ref"]) else f" ({res['commit']})")
    for label, name in (("reference", f"reference {ref}"), ("this", "this checkout")):
        v = res[label]
        rounds = " / ".join(f"{x:.0f}" for x in v["round_medians_ms"])
        applied = ", ".join(v["applied"]) or "–"
        lines.append(
            f"| {name} | {v['days']:g} | {v['issues']:,.0f} | {v['median_ms']:.1f} ms | {rounds} ms "
            f"| {v['us_per_issue']:.1f} | {applied} |"
        )
    lines += [
        "",
        f"- this / reference, time per run: **{res['ratio']:.2f}** ({1 / res['ratio']:.2f}× as fast)",
        f"- this / reference, time per issue: **{res['ratio_per_issue']:.2f}** ({1 / res['ratio_per_issue']:.2f}× as fast)",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse the options, time both versions, print Markdown."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ref", required=True, help="the git revision to compare with (a commit, tag or branch)")
    ap.add_argument("--scenario", default="full-1234", help="a shipped scenario or a scenario file (default full-1234)")
    ap.add_argument("--set", type=parse_set, action="append", default=[], metavar="KEY=VALUE", help="a parameter value")
    ap.add_argument("--seeds", type=int, default=7, help="seeds 1…n timed in every round (default 7)")
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds (default 3)")
    args = ap.parse_args(argv)
    if args.seeds < 1 or args.rounds < 1:
        ap.error("--seeds and --rounds must be at least 1")
    # a scenario file is named for the child processes, which run in another folder
    scenario = str(Path(args.scenario).resolve()) if Path(args.scenario).is_file() else args.scenario
    res = compare(args.ref, scenario, dict(args.set), list(range(1, args.seeds + 1)), args.rounds)
    print(markdown(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
