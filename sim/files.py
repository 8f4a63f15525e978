"""Writing files so that nothing is half-written and no input is lost (文件写入).

Every file goes through a temporary file in the same directory and ``os.replace``;
a directory of outputs is built in a hidden temporary sibling and renamed into place
only when complete. Output paths are checked before any work (``check_out_dir``,
``check_out_file``): an empty path, a path that cannot be created (a name too long for
the file system included), a path that is or holds an input file, and the working or
home directory are refused. A write that fails all the same removes every directory it
created, so a failed command leaves the disk as it found it.

The rule for an existing target directory:

* it does not exist, or is empty: it is created (or replaced);
* it exists and holds files: ``OutputError`` (a ``ScenarioError``) unless
  ``overwrite=True``, in which case the old directory is swapped out and deleted only
  after the new one is in place;
* it is a file: always an ``OutputError``.

``write_together`` adds a few files to a folder that already holds others (an experiment's
reports): all are staged, then renamed in, or none is.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from .errors import ScenarioError
from .i18n import t
from .inputs import quote

# Characters of a target's name kept in the name of its temporary sibling, so that the
# sibling's name ("." + name + "." + random + ".partial") fits wherever the target's does.
TEMP_NAME_CHARS = 40
# The longest file name (in bytes) assumed where the file system does not say.
DEFAULT_NAME_MAX = 255


class OutputError(ScenarioError):
    """An output directory that cannot be written (exists and is not empty, or is a file)."""


# ------------------------------------------------------------------- safe writing --------
def check_out_dir(
    out_dir: str | os.PathLike,
    overwrite: bool = False,
    lang: str | None = None,
    inputs: Sequence[str | os.PathLike] = (),
    option: str = "--out",
) -> Path:
    """Check that the directory ``out_dir`` may be written, before any work is done.

    Args:
        out_dir: the directory to write.
        overwrite: whether a non-empty directory may be replaced.
        lang: language of the messages.
        inputs: files the command reads; the output may neither be nor hold one of them.
        option: the option that named the path, for the message.

    Returns:
        The directory as a Path.

    Raises:
        OutputError: when the path is empty, a file, a non-empty directory (and
            ``overwrite`` is False), holds an input, or cannot be created.
    """
    path = _check_target(out_dir, lang, inputs, option, directory=True)
    if path.exists() or path.is_symlink():
        if not path.is_dir():
            raise OutputError(t("report.not_dir", lang, path=path))
        if not overwrite and any(path.iterdir()):
            raise OutputError(t("report.exists", lang, path=path))
    return path


def check_out_file(
    out_file: str | os.PathLike,
    lang: str | None = None,
    inputs: Sequence[str | os.PathLike] = (),
    option: str = "--out",
) -> Path:
    """Check that the file ``out_file`` may be written (replaced if it exists), before any work.

    Raises:
        OutputError: when the path is empty, a directory, one of ``inputs``, or cannot be created.
    """
    path = _check_target(out_file, lang, inputs, option, directory=False)
    if path.is_dir():
        raise OutputError(t("report.cannot_write", lang, path=path, why=t("report.why.dir", lang)))
    return path


def _holds_the_user(path: Path) -> bool:
    """Whether ``path`` is the working directory, one that holds it, or the home directory.

    Replacing such a directory (``--out . --overwrite``) would delete the user's own files.
    """
    cwd = Path.cwd().resolve()
    return path == cwd or path in cwd.parents or path == Path.home().resolve()


def _check_target(
    target: str | os.PathLike, lang: str | None, inputs: Sequence[str | os.PathLike], option: str, directory: bool
) -> Path:
    if not str(target).strip():
        raise OutputError(t("report.empty_path", lang, option=option))
    path = Path(target)
    _check_name_lengths(path, lang)  # first: a name too long makes even resolve() and exists() fail
    resolved = path.resolve()
    for item in inputs:
        src = Path(item).resolve()
        if src == resolved or (directory and resolved in src.parents):
            how = t("report.how.is" if src == resolved else "report.how.holds", lang)
            raise OutputError(t("report.is_input", lang, path=path, how=how, input=item))
    if directory and _holds_the_user(resolved):
        raise OutputError(t("report.holds_cwd", lang, path=path))
    # The nearest existing ancestor must be a writable directory, or nothing can be created.
    for parent in path.absolute().parents:
        if parent.exists() or parent.is_symlink():
            if not parent.is_dir():
                why = t("report.why.file", lang)
            elif not os.access(parent, os.W_OK | os.X_OK):
                why = t("report.why.readonly", lang)
            else:
                break
            raise OutputError(t("report.cannot_create", lang, path=path, blocker=parent, why=why))
    return path


def _name_max(directory: Path) -> int:
    """The longest file name (bytes) the file system holding ``directory`` allows."""
    try:
        return int(os.pathconf(directory, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):  # not a POSIX system, or it does not say
        return DEFAULT_NAME_MAX


def _check_name_lengths(path: Path, lang: str | None) -> None:
    """Refuse a path with a name the file system cannot hold (before anything is created)."""
    absolute = path.absolute()
    existing = next((p for p in absolute.parents if p.is_dir()), None)
    limit = _name_max(existing) if existing is not None else DEFAULT_NAME_MAX
    for name in absolute.parts[1:]:
        if len(os.fsencode(name)) > limit:
            raise OutputError(t("report.name_too_long", lang, path=quote(str(path)), name=quote(name), limit=limit))


def _temp_prefix(target: Path) -> str:
    """The prefix of a temporary sibling of ``target``: hidden, and short enough for any name."""
    return f".{target.name[:TEMP_NAME_CHARS]}."


def _remove_created(created: Sequence[Path]) -> None:
    """Remove the directories a failed write created (deepest first), if still empty."""
    for parent in reversed(created):
        try:
            parent.rmdir()
        except OSError:
            break


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: str | os.PathLike, data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory.

    A file that is replaced keeps its permissions; a new one gets the usual ones (umask).
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_temp_prefix(path), suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _make_parents(path: Path) -> list[Path]:
    """Create the missing parents of ``path``; return those created, deepest last.

    When one cannot be created, those created before it are removed again.
    """
    missing = []
    for parent in path.parents:
        if parent.exists():
            break
        missing.append(parent)
    created: list[Path] = []
    try:
        for parent in reversed(missing):
            parent.mkdir()
            created.append(parent)
    except BaseException:
        _remove_created(created)
        raise
    return created


@contextmanager
def staged_dir(out_dir: str | os.PathLike, overwrite: bool = False, lang: str | None = None) -> Iterator[Path]:
    """Yield a temporary sibling directory that becomes ``out_dir`` when the block succeeds.

    On any error the temporary directory (and any parent directory this call created)
    is removed and ``out_dir`` is left as it was.
    """
    target = check_out_dir(out_dir, overwrite, lang).absolute()
    created: list[Path] = []
    try:
        created = _make_parents(target)
        tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=_temp_prefix(target), suffix=".partial"))
    except OSError as exc:
        _remove_created(created)
        raise OutputError(t("report.cannot_write", lang, path=out_dir, why=exc.strerror or exc)) from None
    except BaseException:
        _remove_created(created)
        raise
    try:
        try:
            yield tmp
            os.chmod(tmp, 0o777 & ~_umask())
            _swap_in(tmp, target, overwrite, lang)
        except OSError as exc:  # name the user's path, never the temporary one
            if exc.filename is None or ".partial" not in str(exc.filename):
                raise
            raise OutputError(t("report.cannot_write", lang, path=out_dir, why=exc.strerror or exc)) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        _remove_created(created)
        raise


def _swap_in(tmp: Path, target: Path, overwrite: bool, lang: str | None) -> None:
    check_out_dir(target, overwrite, lang)  # again: something may have appeared meanwhile
    if not target.exists():
        os.replace(tmp, target)
        return
    if not any(target.iterdir()):
        target.rmdir()
        os.replace(tmp, target)
        return
    old = Path(tempfile.mkdtemp(dir=target.parent, prefix=_temp_prefix(target), suffix=".old"))
    old.rmdir()
    os.replace(target, old)
    try:
        os.replace(tmp, target)
    except BaseException:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def write_files(
    out_dir: str | os.PathLike, files: Mapping[str, bytes | str], overwrite: bool = False, lang: str | None = None
) -> Path:
    """Write a whole directory of files at once (see the module docstring for the rules).

    Returns:
        The directory written.

    """
    with staged_dir(out_dir, overwrite, lang) as tmp:
        for name, data in files.items():
            atomic_write(tmp / name, data)
    return Path(out_dir)


def write_together(root: Path, files: Mapping[str, bytes | str], lang: str | None = None) -> list[Path]:
    """Write files into the existing folder ``root``: each under a temporary name, then all renamed into place.

    A failure removes what was staged and leaves the files already there as they were.
    """
    staged: list[tuple[Path, Path]] = []
    current = root
    try:
        for name, text in files.items():
            current = root / name
            tmp = root / f".{name}.staged"
            atomic_write(tmp, text)
            staged.append((tmp, current))
        for tmp, current in staged:  # noqa: B007 - ``current`` names the file in a message
            os.replace(tmp, current)
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        why = exc.strerror or type(exc).__name__
        raise OutputError(t("report.cannot_write", lang, path=current, why=why)) from None
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    return [target for _, target in staged]
