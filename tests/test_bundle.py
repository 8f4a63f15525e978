"""``community-1234 bundle``: the offline install bundle, its scripts, and installing it without a network.

One Linux bundle is built per test session (pip's cache makes a second session fast) and
installed once, by its own install.sh, in a network namespace with no network: that the
kit and every extra then import and ``pip check`` passes is the proof that the zip holds a
wheel of everything. tests/browser/test_offline.py reuses both (``session_bundle`` and
``session_install``) to start the dashboard and JupyterLab from that install.

Without network namespaces (``unshare -n``; ``ip`` from iproute2) the install runs without
one and the checks that need it skip, saying why; ``REQUIRE_OFFLINE=1`` (set by .ci/run)
turns those skips into failures.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import tomllib
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest

from sim.bundle import package, platforms, resolve
from sim.cli import main

ROOT = Path(__file__).resolve().parents[1]
PLATFORM = "linux"  # the target of the training room's Linux PCs; this machine runs its wheels
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
_FAILED: dict[str, str] = {}  # why a shared step could not be done, so it is not tried again


def require_offline() -> bool:
    return os.environ.get("REQUIRE_OFFLINE", "").strip().lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str) -> None:
    if require_offline():
        pytest.fail(f"{reason} (REQUIRE_OFFLINE=1: the offline checks must run here)", pytrace=False)
    pytest.skip(reason)


# ------------------------------------------------------------------ network namespaces ----
def ip_command() -> str | None:
    return shutil.which("ip") or next((p for p in ("/usr/sbin/ip", "/sbin/ip") if os.access(p, os.X_OK)), None)


def netns_prefix() -> list[str] | str:
    """The command prefix that runs a command in a new network namespace with only loopback up.

    Root gets ``unshare -n``; anyone else tries a user namespace (``unshare -rn``). Returns
    the reason as a string when neither works here.
    """
    ip = ip_command()
    if shutil.which("unshare") is None or ip is None:
        return "no network namespaces: unshare (util-linux) or ip (iproute2) is missing"
    unshare = ["unshare", "-n"] if os.geteuid() == 0 else ["unshare", "-rn"]
    probe = subprocess.run(
        [*unshare, ip, "link", "set", "lo", "up"], capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    if probe.returncode != 0:
        return f"no network namespaces here: {' '.join(unshare)} failed: {probe.stderr.strip()[:200]}"
    return [*unshare, "sh", "-c", f'{shlex.quote(ip)} link set lo up && exec "$@"', "sh"]


def clean_env(home: Path, **more: str) -> dict[str, str]:
    """An environment like a fresh user's: this HOME, no pip configuration, no virtual environment."""
    keep = ("PATH", "LANG", "LC_ALL", "TMPDIR", "TERM")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(HOME=str(home), PIP_CONFIG_FILE=os.devnull, PYTHONNOUSERSITE="1", **more)
    return env


# ------------------------------------------------------------------ the shared bundle and install
@dataclass
class Bundle:
    zip: Path
    stdout: str
    version: str


@dataclass
class Install:
    folder: Path  # the unzipped bundle
    home: Path
    venv: Path
    returncode: int
    output: str
    seconds: float
    in_netns: bool
    why_not: str  # why it ran outside a network namespace


def _shared(name: str) -> None:
    if name in _FAILED:
        skip_or_fail(_FAILED[name])


def session_bundle(factory: pytest.TempPathFactory, kit_wheel: Path) -> Bundle:
    """The Linux bundle of this test session, built by the command line on first use."""
    _shared("bundle")
    base = factory.getbasetemp() / "bundle"
    record = base / "bundle.json"
    if record.exists():
        data = json.loads(record.read_text(encoding="utf-8"))
        return Bundle(Path(data["zip"]), data["stdout"], data["version"])
    out = base / "zips"
    cmd = [sys.executable, "-m", "sim", "--lang", "en", "bundle", "--out", str(out), "--platform", PLATFORM]
    proc = subprocess.run(
        [*cmd, "--wheel", str(kit_wheel)], capture_output=True, text=True, stdin=subprocess.DEVNULL, cwd=base.parent
    )
    if proc.returncode != 0:
        if "cannot reach the package index" in proc.stderr:
            _FAILED["bundle"] = f"no package index to build the bundle from: {proc.stderr.strip()}"
            skip_or_fail(_FAILED["bundle"])
        pytest.fail(f"bundle failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    (zip_path,) = out.glob("*.zip")
    version = resolve.wheel_version(kit_wheel)
    record.write_text(json.dumps({"zip": str(zip_path), "stdout": proc.stdout, "version": version}), encoding="utf-8")
    return Bundle(zip_path, proc.stdout, version)


def session_install(factory: pytest.TempPathFactory, kit_wheel: Path) -> Install:
    """The bundle unzipped and installed by its install.sh into a fresh HOME, once per session.

    In a network namespace without network when this machine allows it.
    """
    bundle = session_bundle(factory, kit_wheel)
    base = factory.getbasetemp() / "offline"
    record = base / "install.json"
    if record.exists():
        data = json.loads(record.read_text(encoding="utf-8"))
        return Install(**{k: Path(v) if k in ("folder", "home", "venv") else v for k, v in data.items()})
    unzipped, home = base / "unzipped", base / "home"
    home.mkdir(parents=True)
    with zipfile.ZipFile(bundle.zip) as archive:
        archive.extractall(unzipped)
    (folder,) = unzipped.iterdir()
    prefix = netns_prefix()
    # the Python the venv is made from: this test run's interpreter's own installation
    base_python = Path(sys.base_prefix) / "bin" / f"python{PYTHON}"
    env = clean_env(home, PYTHON=str(base_python if base_python.exists() else sys.executable))
    cmd = ["sh", "install.sh"]
    start = time.monotonic()
    proc = subprocess.run(
        [*prefix, *cmd] if isinstance(prefix, list) else cmd,
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    install = Install(
        folder=folder,
        home=home,
        venv=home / "community-1234" / "venv",
        returncode=proc.returncode,
        output=proc.stdout + proc.stderr,
        seconds=time.monotonic() - start,
        in_netns=isinstance(prefix, list),
        why_not="" if isinstance(prefix, list) else prefix,
    )
    data = {k: str(v) if isinstance(v, Path) else v for k, v in asdict(install).items()}
    record.write_text(json.dumps(data), encoding="utf-8")
    return install


@pytest.fixture(scope="module")
def bundle(tmp_path_factory, kit_wheel) -> Bundle:
    return session_bundle(tmp_path_factory, kit_wheel)


@pytest.fixture(scope="module")
def installed(tmp_path_factory, kit_wheel) -> Install:
    return session_install(tmp_path_factory, kit_wheel)


# ------------------------------------------------------------------ the bundle -------------
def _wheel_platforms(name: str) -> set[str]:
    """The platform tags of a wheel file name (the last of its dash-separated fields)."""
    return set(name.removesuffix(".whl").split("-")[-1].split("."))


def test_the_zip_holds_the_kit_its_install_script_and_only_wheels_for_the_target(bundle):
    target = platforms.target(PLATFORM)
    assert bundle.zip.name == f"community-1234-kit-{bundle.version}-py{PYTHON.replace('.', '')}-{PLATFORM}.zip"
    with zipfile.ZipFile(bundle.zip) as archive:
        infos = {i.filename: i for i in archive.infolist()}
        readme = archive.read(f"{bundle.zip.stem}/README.txt").decode("utf-8")
    assert {name.split("/")[0] for name in infos} == {bundle.zip.stem}, "one top folder, named as the zip"
    files = {name.split("/", 1)[1] for name in infos}
    assert {"install.sh", "README.txt"} <= files
    assert not {"install.bat", "install.ps1"} & files, "no Windows scripts in a Linux bundle"
    assert infos[f"{bundle.zip.stem}/install.sh"].external_attr >> 16 & 0o111, "install.sh is executable"
    wheels = sorted(f.removeprefix("wheels/") for f in files if f.startswith("wheels/"))
    assert len(wheels) == len(files) - 2 and all(w.endswith(".whl") for w in wheels), "nothing but wheels"
    assert f"community_1234_kit-{bundle.version}-py3-none-any.whl" in wheels
    assert len(wheels) > 100, wheels
    foreign = [w for w in wheels if not _wheel_platforms(w) & {*target.tags, "any"}]
    assert not foreign, f"wheels for another platform: {foreign}"
    assert "Community 1234 Kit" in readme and "社区 1234" in readme and "sh install.sh" in readme
    size = f"{bundle.zip.stat().st_size / 2**20:.0f} MB"
    assert f"{bundle.zip} ({size}, {len(wheels)} wheels)" in bundle.stdout


def test_install_sh_installs_every_extra_from_the_zip_without_a_network(installed, bundle):
    assert installed.returncode == 0, installed.output[-3000:]
    python = installed.venv / "bin" / "python"
    imports = "import sim, jupyterlab, voila, ipywidgets, SALib, dask.distributed, tornado, segno, typst"
    checked = subprocess.run(
        [str(python), "-c", f"{imports}; print(sim.__version__)"],
        capture_output=True,
        text=True,
        env=clean_env(installed.home),
        stdin=subprocess.DEVNULL,
    )
    assert checked.returncode == 0 and checked.stdout.strip() == bundle.version, checked.stderr[-2000:]
    # the installed kit carries the install-script templates: it can make bundles itself
    templates = (
        "from sim.bundle import package, platforms; package.bundle_files(platforms.target('windows'), '3.12', '1')"
    )
    packaged = subprocess.run(
        [str(python), "-c", templates], capture_output=True, text=True, env=clean_env(installed.home)
    )
    assert packaged.returncode == 0, packaged.stderr[-2000:]
    consistent = subprocess.run(
        [str(python), "-m", "pip", "check", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        env=clean_env(installed.home),
        stdin=subprocess.DEVNULL,
    )
    assert consistent.returncode == 0, consistent.stdout
    for what in ("lab", "dashboard"):
        launcher = installed.home / "community-1234" / f"start-{what}.sh"
        assert os.access(launcher, os.X_OK) and f'community-1234" {what}' in launcher.read_text()
    assert "安装完成" in installed.output and "Installed." in installed.output
    assert f"{installed.venv}/bin/community-1234 dashboard" in installed.output
    if not installed.in_netns:
        skip_or_fail(f"installed, but not in a network namespace: {installed.why_not}")


def test_install_sh_says_what_to_do_when_python_is_missing(bundle, tmp_path):
    with zipfile.ZipFile(bundle.zip) as archive:
        script = archive.read(f"{bundle.zip.stem}/install.sh")
    (tmp_path / "wheels").mkdir()
    (tmp_path / "install.sh").write_bytes(script)
    # a PATH with the one tool the script needs besides the shell, no Python, and a PYTHON that is none
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "dirname").symlink_to(shutil.which("dirname"))
    env = clean_env(tmp_path, PATH=str(tools), PYTHON=str(tools / "python"))
    proc = subprocess.run(["/bin/sh", "install.sh"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert proc.returncode == 1
    assert f"没有找到 Python {PYTHON}" in proc.stdout and f"Python {PYTHON} was not found" in proc.stdout
    assert not (tmp_path / "community-1234").exists()


def test_install_sh_refuses_a_zip_that_is_not_unzipped(bundle, tmp_path):
    with zipfile.ZipFile(bundle.zip) as archive:
        (tmp_path / "install.sh").write_bytes(archive.read(f"{bundle.zip.stem}/install.sh"))
    proc = subprocess.run(["/bin/sh", "install.sh"], cwd=tmp_path, env=clean_env(tmp_path), capture_output=True)
    assert proc.returncode == 1 and "unzip the whole archive first" in proc.stdout.decode()


# ------------------------------------------------------------------ markers for another platform
def test_a_windows_bundle_gets_what_only_windows_needs(kit_wheel, tmp_path):
    """pip alone would decide ``os_name == "nt"`` for this Linux machine and leave pywinpty out."""
    try:
        found = resolve.resolve(platforms.target("windows"), PYTHON, kit_wheel, tmp_path)
    except resolve.BundleError as exc:
        if exc.key == "bundle.error.offline":
            skip_or_fail("no package index to resolve against")
        raise
    names = {entry.split("==")[0].lower() for entry in found}
    assert {"community-1234-kit", "pywinpty", "colorama", "jupyterlab", "typst"} <= names
    assert "pexpect" not in names, "a Linux-only dependency in the Windows bundle"


# ------------------------------------------------------------------ platforms and pip's messages
def test_short_names_and_tags_name_targets():
    assert platforms.target("windows").tags == ("win_amd64",)
    assert platforms.target("windows").marker_environment("3.12")["sys_platform"] == "win32"
    linux = platforms.target("linux")
    assert linux.tags[0] == "manylinux_2_28_x86_64" and linux.system == "linux"
    # every older glibc, and the legacy names pip would not infer from the new ones
    for tag in ("manylinux_2_17_x86_64", "manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"):
        assert tag in linux.tags
    old = platforms.target("manylinux2014_x86_64")
    assert "manylinux_2_17_x86_64" in old.tags and "manylinux_2_18_x86_64" not in old.tags
    arm = platforms.target("linux-arm")
    assert "manylinux2014_aarch64" in arm.tags and not any("2010" in t or "linux1_" in t for t in arm.tags)
    assert platforms.target("mac-arm").marker_environment("3.12")["platform_machine"] == "arm64"
    for bad in ("", "win", "linux_x86_64", "manylinux_2_4_x86_64", "macosx_12_0_sparc", "windows; rm -rf /"):
        assert platforms.target(bad) is None, bad
    assert all(platforms.target(name) for name in platforms.SHORT_NAMES)


@pytest.mark.parametrize(
    ("output", "key", "field"),
    [
        (
            "WARNING: Retrying (Retry(total=0)) after connection broken by 'NewConnectionError(...: Failed to "
            "establish a new connection: [Errno -3] Temporary failure in name resolution')': /simple/mesa/\n"
            "ERROR: No matching distribution found for mesa",
            "bundle.error.offline",
            None,
        ),
        (
            "ERROR: Could not find a version that satisfies the requirement scipy>=1.12 (from community-1234-kit) "
            "(from versions: none)\nERROR: No matching distribution found for scipy>=1.12",
            "bundle.error.missing",
            "scipy>=1.12",
        ),
        (
            "ERROR: Package 'community-1234-kit' requires a different Python: 3.11.0 not in '>=3.12'",
            "bundle.error.requires_python",
            "3.11.0 not in '>=3.12'",
        ),
        ("ERROR: ResolutionImpossible: two wishes", "bundle.error.pip", "ResolutionImpossible: two wishes"),
    ],
)
def test_pip_failures_are_told_by_what_they_mean(output, key, field):
    error = resolve.pip_failure(output, platforms.target("windows"), "3.12")
    assert error.key == key
    if field is not None:
        assert field in error.fields.values()


def test_a_package_is_missing_only_when_its_index_page_was_read():
    output = "ERROR: No matching distribution found for Mesa_Geo<3.6"
    log = "Could not fetch URL https://mirror.example/simple/mesa-geo/: connection error: [Errno 101] - skipping"
    windows = platforms.target("windows")
    assert resolve.pip_failure(output, windows, "3.12", log).key == "bundle.error.offline"
    other = "Could not fetch URL https://mirror.example/simple/numpy/: connection error - skipping"
    assert resolve.pip_failure(output, windows, "3.12", other).key == "bundle.error.missing"


# ------------------------------------------------------------------ the scripts for Windows
def test_windows_scripts_read_chinese_on_windows_and_pin_the_kit():
    files = package.bundle_files(platforms.target("windows"), "3.12", "9.8.7")
    assert set(files) == {
        "install.bat",
        "install.ps1",
        "README.txt",
        "launchers/start-lab.bat",
        "launchers/start-dashboard.bat",
    }
    bat = files["install.bat"][0]
    assert not bat.startswith(b"\xef\xbb\xbf"), "cmd cannot run a batch file that starts with a BOM"
    assert b"\n" not in bat.replace(b"\r\n", b""), "CRLF line ends throughout"
    text = bat.decode("utf-8")
    assert text.index("chcp 65001") < text.index("正在查找"), "the console speaks UTF-8 before the first Chinese line"
    assert '"community-1234-kit[lab,experiments,workshop,print]==9.8.7"' in text
    assert "--no-index" in text and r"%USERPROFILE%\community-1234" in text
    ps1 = files["install.ps1"][0]
    assert ps1.startswith(b"\xef\xbb\xbf"), "Windows PowerShell 5.1 reads UTF-8 only with a BOM"
    assert "'Python 3.12 was not found. Install it first (see README.txt), then run this script again.'" in (
        ps1.decode("utf-8-sig")
    )
    readme = files["README.txt"][0].decode("utf-8-sig")
    assert "Install for all users" in readme and "Add python.exe to PATH" in readme and "只为当前用户" in readme
    launcher = files["launchers/start-lab.bat"][0].decode()
    assert '\\community-1234\\venv\\Scripts\\community-1234.exe" lab' in launcher


def test_script_quoting_keeps_every_character():
    text = "a & b | c < d > e ^ f (g) 100% 'h' $HOME `x`"
    assert shlex.split(package.sh_words((text, "二"))) == [text, "二"]
    assert package.ps_strings("it's") == "'it''s'"
    assert package.ps_strings(("甲", "b"), " / ") == "'甲 / b'"
    assert package.bat_echo("a & b (c) 100% ^") == "echo a ^& b ^(c^) 100%% ^^"
    assert package.bat_echo(("", "x"), "  ") == "  echo.\n  echo x"
    with pytest.raises(ValueError):
        package.bat_echo('say "hi"')


def test_a_zip_is_never_half_written(tmp_path):
    wheel = tmp_path / "a-1-py3-none-any.whl"
    wheel.write_bytes(b"wheel")
    files = {"install.sh": (b"#!/bin/sh\n", True)}
    with pytest.raises(FileNotFoundError):  # the second wheel vanished while the zip was written
        package.write_zip(tmp_path / "out.zip", "top", files, [wheel, tmp_path / "b-1-py3-none-any.whl"])
    assert sorted(p.name for p in tmp_path.iterdir()) == [wheel.name], "no zip, no temporary file"
    size = package.write_zip(tmp_path / "out.zip", "top", files, [wheel])
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        assert archive.namelist() == ["top/install.sh", f"top/wheels/{wheel.name}"]
    assert size == (tmp_path / "out.zip").stat().st_size


def test_every_extra_the_scripts_install_exists():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert set(resolve.EXTRAS) <= set(extras)


# ------------------------------------------------------------------ the command line ------
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_in_both_languages(capsys, lang):
    assert main(["--lang", lang, "bundle", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--platform" in out and "mac-arm" in out and ("离线" in out) == (lang == "zh")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--platform", "solaris"], "--platform solaris: unknown platform; use windows, mac-arm"),
        (["--platform", "windows", "--platform", "ios_13_0_arm64"], "ios_13_0_arm64"),
        (["--python", "three"], "--python three"),
        (["--python", "3.12.1"], "--python 3.12.1"),
        (["--wheel", "no-such.whl"], "--wheel no-such.whl"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(tmp_path, capsys, args, needle):
    out = tmp_path / "bundles"
    assert main(["--lang", "en", "bundle", "--out", str(out), *args]) == 2
    stdout, err = capsys.readouterr()
    assert stdout == "" and err.startswith("error: ") and err.count("\n") == 1 and needle in err, err
    assert not out.exists()


def test_unknown_platform_is_told_in_chinese(tmp_path, capsys):
    assert main(["--lang", "zh", "bundle", "--out", str(tmp_path / "b"), "--platform", "dos"]) == 2
    assert "不认识这个平台" in capsys.readouterr().err


def test_out_must_be_a_folder_that_can_be_written(tmp_path, capsys, kit_wheel):
    a_file = tmp_path / "file"
    a_file.write_text("x")
    assert main(["--lang", "en", "bundle", "--out", str(a_file), "--platform", "windows"]) == 2
    assert "this is a file, not a folder" in capsys.readouterr().err
    assert main(["--lang", "en", "bundle", "--platform", "windows"]) == 2
    assert "missing --out" in capsys.readouterr().err
    if sys.platform.startswith("linux"):  # /proc takes no new folder, not even from root
        args = ["--out", "/proc/community-1234-bundles", "--platform", "windows", "--wheel", str(kit_wheel)]
        assert main(["--lang", "en", "bundle", *args]) == 2
        assert "cannot write there" in capsys.readouterr().err
    assert a_file.read_text() == "x" and sorted(tmp_path.iterdir()) == [a_file]


def test_check_says_ok_or_what_is_missing_per_platform(monkeypatch, capsys, kit_wheel):
    def fake_resolve(target, python, wheel, scratch):
        if target.system == "mac":
            raise resolve.BundleError(
                "bundle.error.missing", {"platform": target.name, "python": python, "requirement": "scipy>=1.12"}
            )
        return ["community-1234-kit==1", "numpy==2"]

    monkeypatch.setattr(resolve, "resolve", fake_resolve)
    args = [
        "bundle",
        "--check",
        "--platform",
        "win_amd64",
        "--platform",
        "macosx_11_0_arm64",
        "--wheel",
        str(kit_wheel),
    ]
    assert main(["--lang", "en", *args]) == 1
    out, err = capsys.readouterr()
    assert "win_amd64: OK (2 packages" in out
    assert "macosx_11_0_arm64: no wheel of scipy>=1.12 for this platform and Python" in out
    assert "Some platforms lack wheels" in err


def test_without_a_network_bundle_says_it_needs_the_package_index(kit_wheel, tmp_path):
    prefix = netns_prefix()
    if isinstance(prefix, str):
        skip_or_fail(prefix)
    env = clean_env(tmp_path, PIP_RETRIES="0", PIP_TIMEOUT="2")
    cmd = [sys.executable, "-m", "sim", "--lang", "en", "bundle", "--check", "--platform", "windows"]
    proc = subprocess.run(
        [*prefix, *cmd, "--wheel", str(kit_wheel)], env=env, capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert re.fullmatch(r"error: cannot reach the package index: .*pip config set global.index-url\n", proc.stderr)
