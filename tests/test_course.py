"""The course in the package: the wheel carries it, ``materials`` copies it, ``lab`` and ``dashboard`` serve it.

The wheel is built once per session (``kit_wheel``) and installed, not editable, into one
fresh virtual environment for the module (``installed``). To keep that fast, only the kit
is installed there (``pip install --no-deps``); a ``.pth`` file appends the development
environment's site-packages to the new one's path, so the dependencies (mesa, JupyterLab…)
are found there while ``sim`` itself is the wheel's copy (site-packages comes first, and
the development environment's editable-install hook is not run from a path a ``.pth``
file adds); ``JUPYTER_PATH`` and ``JUPYTERLAB_DIR`` point at its Jupyter data files likewise.
The commands then run through that environment's ``community-1234`` script.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import http.client
import json
import os
import queue
import re
import signal
import subprocess
import sys
import sysconfig
import threading
import time
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sim.cli import main
from sim.course import materials as materials_module
from sim.course.materials import RECORD, copy_materials

REPO = Path(__file__).resolve().parent.parent
# What the course is, written out here on its own (not read from sim.course.catalogue): every
# file under these folders ships, except the ones named below; a new lesson, handout or
# notebook is in the wheel without anyone listing it, and leaving a file out takes a change here.
COURSE_FOLDERS = ("notebooks", "lessons", "sim/scenarios", "sim/experiments/examples")
NOT_SHIPPED = {
    "notebooks/refresh.py",
    "lessons/refresh.py",
    "lessons/screen.py",
    "lessons/claims.toml",
    "lessons/claims-results.toml",
    "lessons/README.md",
}
CONTENT = "sim/course/content/"
TEMPLATE = "sim/course/jupyter/data/voila/templates/community-1234/"
LAB_PAGE_CONFIG = "sim/course/jupyter/config/labconfig/page_config.json"
START_TIMEOUT = 240  # seconds until the URL line: JupyterLab's first start on a busy 2-core machine
STOP_TIMEOUT = 60

pytestmark = pytest.mark.usefixtures("english_locale")


def repo_course() -> set[str]:
    found = set()
    for folder in COURSE_FOLDERS:
        for dirpath, dirnames, filenames in os.walk(REPO / folder):
            dirnames[:] = [d for d in dirnames if d != "__pycache__" and not d.startswith(".")]
            for name in filenames:
                if not name.startswith(".") and not name.endswith(".pyc"):
                    relative = (Path(dirpath) / name).relative_to(REPO).as_posix()
                    if relative not in NOT_SHIPPED:
                        found.add(relative)
    return found


def folder_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != RECORD}


# ----------------------------------------------------------------------------- the wheel --
def test_the_repository_has_the_course_the_tests_expect():
    course = repo_course()
    for lang in ("zh", "en"):
        assert f"notebooks/{lang}/00-welcome.ipynb" in course
        assert f"lessons/{lang}/glossary.md" in course
        assert f"lessons/{lang}/instructor-guide.md" in course
        assert any(p.startswith(f"lessons/{lang}/handouts/") for p in course)
    assert "notebooks/dashboard.ipynb" in course
    assert any(p.startswith("lessons/scenarios/") for p in course)
    assert "sim/scenarios/full-1234.toml" in course
    assert any(p.startswith("sim/experiments/examples/") for p in course)


def test_the_wheel_carries_every_course_file_unchanged(kit_wheel):
    with zipfile.ZipFile(kit_wheel) as wheel:
        names = wheel.namelist()
        shipped = {n[len(CONTENT) :] for n in names if n.startswith(CONTENT)}
        missing, extra = repo_course() - shipped, shipped - repo_course()
        assert not missing, f"course files not in the wheel: {sorted(missing)}"
        assert not extra, f"files in the wheel's course that are not course files: {sorted(extra)}"
        changed = [p for p in sorted(shipped) if wheel.read(CONTENT + p) != (REPO / p).read_bytes()]
        assert not changed, changed
        for name in ("conf.json", "index.html.j2", "page.html"):
            assert TEMPLATE + name in names, f"the dashboard's offline template lacks {name}"
        assert LAB_PAGE_CONFIG in names, "JupyterLab's page config (no announcements) is not in the wheel"
        # The scenarios stay package data as well: sim.list_scenarios() reads them there.
        assert "sim/scenarios/full-1234.toml" in names


# --------------------------------------------------------------------- installed wheel ----
def jupyter_env(base: Path) -> dict[str, str]:
    """The environment of a command run from the wheel's venv: English, fresh Jupyter folders, no token of the user's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER_", "LC_"))}
    for name in ("config", "data", "runtime", "ipython"):
        (base / name).mkdir(parents=True, exist_ok=True)
    env.update(
        LANG="C.UTF-8",
        PYTHONIOENCODING="utf-8",
        JUPYTER_CONFIG_DIR=str(base / "config"),
        JUPYTER_DATA_DIR=str(base / "data"),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        IPYTHONDIR=str(base / "ipython"),
        JUPYTER_PLATFORM_DIRS="0",
        # JupyterLab's and Voilà's own files (share/jupyter) are those of the development
        # environment, whose packages the fresh one borrows.
        JUPYTER_PATH=str(Path(sys.prefix) / "share" / "jupyter"),
        JUPYTERLAB_DIR=str(Path(sys.prefix) / "share" / "jupyter" / "lab"),
    )
    return env


class Installed:
    """The wheel installed in a fresh venv: its ``community-1234`` script and Python."""

    def __init__(self, root: Path, env: dict[str, str]):
        self.root = root
        self.bin = root / ("Scripts" if os.name == "nt" else "bin")
        self.python = self.bin / ("python.exe" if os.name == "nt" else "python")
        self.script = self.bin / "community-1234"
        self.env = env

    def run(self, *args: str, cwd: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(self.script), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=cwd,
            env=self.env,
            stdin=subprocess.DEVNULL,
            timeout=300,
        )


@pytest.fixture(scope="module")
def installed(kit_wheel, tmp_path_factory) -> Installed:
    base = tmp_path_factory.mktemp("installed")
    root = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True)
    venv = Installed(root, jupyter_env(base / "jupyter"))
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv.python), "install", "--quiet", "--no-deps", "--no-index"]
        + [str(kit_wheel)],
        check=True,
        stdin=subprocess.DEVNULL,
    )
    site = subprocess.run(
        [str(venv.python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    dev = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site) / "dev-environment.pth").write_text("\n".join(sorted(dev)) + "\n", encoding="utf-8")
    return venv


def test_the_installed_kit_is_the_wheel_not_the_checkout(installed, tmp_path):
    code = "import sim.course as c; print(c.__file__); print(c.materials_root())"
    proc = subprocess.run([str(installed.python), "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    package, root = proc.stdout.split()
    assert Path(package).is_relative_to(installed.root), package
    assert Path(root) == Path(package).parent / "content"


def test_materials_copies_the_course_and_keeps_the_users_edits(installed, tmp_path):
    folder = tmp_path / "课程 folder"  # a Chinese name and a space, as on a real office PC
    proc = installed.run("materials", str(folder), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert folder_files(folder) == repo_course()
    different = [p for p in sorted(repo_course()) if (folder / p).read_bytes() != (REPO / p).read_bytes()]
    assert not different, different
    assert f"added {len(repo_course())}, updated 0, unchanged 0 (files)" in proc.stdout
    assert f'To start: community-1234 lab --dir "{folder}"' in proc.stdout, "a folder with a space is quoted"
    record = json.loads((folder / RECORD).read_text(encoding="utf-8"))["files"]
    assert set(record) == repo_course()

    # The user edits a notebook and deletes a handout; a file nobody touched is an older
    # version of the kit's (as after an upgrade of the kit): its recorded hash is its own.
    edited = folder / "notebooks/zh/00-welcome.ipynb"
    edited.write_bytes(edited.read_bytes() + b"\n")
    users_version = edited.read_bytes()
    deleted = folder / "lessons/zh/handouts/01-everything-for-residents.md"
    deleted.unlink()
    old = folder / "lessons/en/glossary.md"
    old.write_text("the glossary of an earlier kit\n", encoding="utf-8")
    record["lessons/en/glossary.md"] = hashlib.sha256(old.read_bytes()).hexdigest()
    (folder / RECORD).write_text(json.dumps({"files": record}), encoding="utf-8")

    again = installed.run("materials", str(folder), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert edited.read_bytes() == users_version, "the user's edit was overwritten"
    assert "kept your changed notebooks/zh/00-welcome.ipynb" in again.stdout
    assert "added lessons/zh/handouts/01-everything-for-residents.md" in again.stdout
    assert "updated lessons/en/glossary.md" in again.stdout
    assert deleted.read_bytes() == (REPO / deleted.relative_to(folder)).read_bytes()
    assert old.read_bytes() == (REPO / "lessons/en/glossary.md").read_bytes()
    assert f"added 1, updated 1, unchanged {len(repo_course()) - 3} (files)" in again.stdout

    # A third run changes nothing and still keeps the edit.
    third = installed.run("materials", str(folder), cwd=tmp_path)
    assert third.returncode == 0, third.stderr
    assert "added 0, updated 0" in third.stdout
    assert "kept your changed notebooks/zh/00-welcome.ipynb" in third.stdout
    assert edited.read_bytes() == users_version


def test_materials_speaks_chinese_by_default_in_a_chinese_locale(installed, tmp_path):
    env = {**installed.env, "LANG": "zh_CN.UTF-8"}
    proc = subprocess.run(
        [str(installed.script), "materials", str(tmp_path / "c")], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("课程已复制到")


# ----------------------------------------------------------------------------- bad input --
def one_line_error(capsys, *args: str) -> str:
    assert main(list(args)) == 2
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_materials_into_a_file_is_refused(tmp_path, capsys):
    target = tmp_path / "notes.txt"
    target.write_text("mine", encoding="utf-8")
    line = one_line_error(capsys, "materials", str(target))
    assert line == f"error: {target} is a file, not a folder: choose another folder for the course"
    assert target.read_text(encoding="utf-8") == "mine"
    below = one_line_error(capsys, "materials", str(target / "course"), "--lang", "zh")
    assert below == f"错误：无法创建 {target / 'course'}：{target} 是文件，不是文件夹"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.fixture
def unwritable(tmp_path) -> Path:
    """A folder this process cannot create anything in (as root: /sys, which refuses root too)."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        if not Path("/sys/kernel").is_dir():
            pytest.skip("running as root without /sys: no folder here is unwritable for root")
        yield Path("/sys")
        return
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    yield locked
    locked.chmod(0o755)


def test_materials_into_an_unwritable_folder_is_refused(unwritable, capsys):
    target = unwritable / "community-1234-course"
    line = one_line_error(capsys, "materials", str(target))
    assert line == (
        f"error: cannot write to {target}: no permission to write there. "
        "Choose another folder (one in your home folder, say)"
    )
    assert not target.exists()
    assert not [p for p in unwritable.iterdir() if p.name.startswith(".community-1234")]


def test_a_copy_that_fails_half_way_leaves_no_folder(tmp_path, monkeypatch):
    written = []

    def disk_fills_up(path, data):
        if len(written) == 5:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        written.append(path)
        Path(path).write_bytes(data)

    monkeypatch.setattr(materials_module, "atomic_write", disk_fills_up)
    target = tmp_path / "new" / "course"
    with pytest.raises(materials_module.MaterialsError, match="the disk is full"):
        copy_materials(target, "en")
    assert len(written) == 5
    assert list(tmp_path.iterdir()) == [], "the half-made folder was left behind"


def test_materials_refuses_the_kits_own_copy(capsys):
    line = one_line_error(capsys, "materials", str(REPO))
    assert "holds the kit's own copy of the course" in line


@pytest.mark.parametrize("command", ["lab", "dashboard"])
def test_lab_and_dashboard_say_what_to_install_when_the_lab_extra_is_missing(command, capsys, monkeypatch, tmp_path):
    from sim.course import servers

    monkeypatch.setattr(servers, "NEEDS", ("jupyterlab", "no_such_package_for_this_test"))
    line = one_line_error(capsys, command, "--dir", str(tmp_path / "c"), "--no-browser")
    assert "no_such_package_for_this_test is missing" in line
    assert line.endswith('Run: pip install "community-1234-kit[lab]"')
    assert not (tmp_path / "c").exists(), "nothing is copied before the check"


def test_lab_serves_a_checkout_as_it_is(capsys):
    """``make lab COURSE_DIR=.`` works on the checkout's own notebooks: nothing is copied there."""
    from argparse import Namespace

    from sim.commands.course import _course_folder

    folder = _course_folder(Namespace(dir=str(REPO)), "en", "notebooks/zh/00-welcome.ipynb")
    assert folder == REPO
    assert not (REPO / RECORD).exists()
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("port", ["70000", "-1", "eight"])
def test_lab_refuses_a_bad_port(port, capsys, tmp_path):
    line = one_line_error(capsys, "lab", "--port", port, "--dir", str(tmp_path / "c"), "--no-browser")
    assert "--port" in line
    assert not (tmp_path / "c").exists()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("command", ["materials", "lab", "dashboard"])
def test_help_in_both_languages(command, lang, capsys):
    assert main(["--lang", lang, command, "--help"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith("用法：" if lang == "zh" else "usage: ")
    if lang == "zh":
        assert "Ctrl-C" in out or "保留" in out


# ------------------------------------------------------------------ lab and dashboard -----
class Command:
    """A ``lab``/``dashboard`` command of the installed wheel, its stdout read line by line."""

    def __init__(self, installed: Installed, *args: str, cwd: Path):
        self.proc = subprocess.Popen(
            [str(installed.script), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            cwd=cwd,
            env=installed.env,
            start_new_session=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.stderr: list[str] = []
        threading.Thread(target=lambda: self.stderr.extend(self.proc.stderr), daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, prefix: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.proc.poll() is not None and self.lines.empty():
                    break
                continue
            self.seen.append(line)
            if line.startswith(prefix):
                return line
        raise AssertionError(f"no line starting {prefix!r}; stdout {self.seen}, stderr {''.join(self.stderr)[-3000:]}")


def get(url: str, timeout: float = 240) -> tuple[int, str]:
    parts = urlsplit(url)
    assert parts.hostname == "127.0.0.1", url
    conn = http.client.HTTPConnection("127.0.0.1", parts.port, timeout=timeout)
    try:
        conn.request("GET", f"{parts.path}?{parts.query}")
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("command", "path", "page_says"),
    [
        ("lab", "/lab/tree/notebooks/zh/00-welcome.ipynb", "JupyterLab"),
        ("dashboard", "/", "voila"),
    ],
)
def test_lab_and_dashboard_serve_on_loopback_and_stop_cleanly(installed, tmp_path, command, path, page_says):
    """Start through the command (first use copies the course), open the printed URL, stop with SIGTERM."""
    import psutil

    folder = tmp_path / "course"
    cmd = Command(installed, command, "--dir", str(folder), "--port", "0", "--no-browser", "--lang", "zh", cwd=tmp_path)
    started: list[psutil.Process] = []
    try:
        url = cmd.wait_for("URL: ", START_TIMEOUT)[len("URL: ") :]
        parts = urlsplit(url)
        assert parts.scheme == "http" and parts.hostname == "127.0.0.1" and parts.port, url
        assert parts.path == path
        token = parts.query.removeprefix("token=")
        assert len(token) >= 32 and token.isalnum(), parts.query
        assert (folder / RECORD).is_file() and (folder / "notebooks/zh/00-welcome.ipynb").is_file()

        status, body = get(url)
        assert status == 200, body[:500]
        assert page_says in body
        assert "cdn.jsdelivr.net/npm/@fortawesome" not in body and "font-awesome@4" not in body
        refused, _ = get(url.replace(token, "0" * len(token)), timeout=30)
        assert refused in (302, 403), "a wrong token was let in"

        started = psutil.Process(cmd.proc.pid).children(recursive=True)
        assert started, "the command started no server"
        for process in started:  # the server and its kernels listen on loopback only
            for conn in process.net_connections(kind="inet"):
                if conn.status == psutil.CONN_LISTEN:
                    assert conn.laddr.ip == "127.0.0.1", (process.cmdline(), conn)

        cmd.proc.send_signal(signal.SIGTERM)
        assert cmd.proc.wait(timeout=STOP_TIMEOUT) == 0, "".join(cmd.stderr)
        gone, alive = psutil.wait_procs(started, timeout=10)
        assert not alive, f"left running after the command stopped: {[p.pid for p in alive]}"
        cmd.wait_for("已停止", 5)
    finally:  # whatever failed above: nothing may keep running
        for process in started:
            with contextlib.suppress(psutil.Error):
                process.kill()
        if cmd.proc.poll() is None:
            cmd.proc.kill()
        cmd.proc.wait(timeout=30)


def test_an_installation_without_the_course_is_said_in_the_users_language(tmp_path, monkeypatch):
    from sim.course import CourseNotFound
    from sim.course.materials import MaterialsError

    def missing():
        raise CourseNotFound(tmp_path / "content", tmp_path)

    monkeypatch.setattr(materials_module, "materials_root", missing)
    for lang, said in (
        ("zh", f"这个安装里没有课程文件（{tmp_path / 'content'} 里没有课程文件，{tmp_path} 也不是源码目录）"),
        ("en", f"this installation carries no course files (no course files in {tmp_path / 'content'} nor in"),
    ):
        with pytest.raises(MaterialsError, match=re.escape(said)):
            copy_materials(tmp_path / "mine", lang)
    assert not (tmp_path / "mine").exists()
