"""Copying the course into a folder of the user's, and bringing it up to date later.

The folder gets a small record, ``.community-1234-course.json``: the SHA-256 of every file
as the kit copied it. A later run compares three versions of each file — the one in the
folder, the one recorded, the kit's — and

* copies a file the folder lacks (``added``);
* replaces a file nobody changed since it was copied when the kit now has another
  version (``updated``);
* keeps a file the user changed (or that was there before the kit's) and names it
  (``kept``): the user's work is never overwritten.

Every file is written to a temporary file next to it and renamed into place; the record
last. Nothing is written before the folder is known to be writable; when a copy into a new
folder fails half-way, the folder is removed again.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..files import atomic_write
from ..i18n import t
from . import CourseNotFound, course_files, materials_root

RECORD = ".community-1234-course.json"
DEFAULT_FOLDER = "community-1234"  # in the user's home folder


class MaterialsError(Exception):
    """The course cannot be copied there; the message (in the user's language) says why."""


@dataclass
class CopyReport:
    """What one copy did, file by file (paths relative to the folder, POSIX style)."""

    folder: Path
    first: bool  # the folder had no record: the course was copied for the first time
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def lines(self, lang: str) -> list[str]:
        """The report for the user: counts, then each file added, updated or kept (not on a first copy)."""
        out = [
            t(
                "course.copied",
                lang,
                folder=self.folder,
                added=len(self.added),
                updated=len(self.updated),
                same=len(self.unchanged),
            )
        ]
        if not self.first:
            out += [t("course.added", lang, path=p) for p in self.added]
            out += [t("course.updated", lang, path=p) for p in self.updated]
        out += [t("course.kept", lang, path=p) for p in self.kept]
        return out


def default_folder() -> Path:
    """Where ``lab`` and ``dashboard`` keep the course unless told otherwise."""
    return Path.home() / DEFAULT_FOLDER


def digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_record(folder: Path) -> dict[str, str]:
    """The hashes recorded by the last copy into ``folder`` (empty when none or unreadable).

    An unreadable record only makes the next copy more careful: every file that differs
    from the kit's is then kept as the user's.
    """
    try:
        data = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        files = data["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if not isinstance(files, dict):
        return {}
    return {str(k): str(v) for k, v in files.items()}


def _why(exc: OSError, lang: str) -> str:
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return t("course.why.permission", lang)
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return t("course.why.full", lang)
    return exc.strerror or str(exc)


def _check_folder(folder: Path, source: Path, lang: str) -> None:
    """Refuse a folder the course cannot go into, before anything is written."""
    if folder.exists() and not folder.is_dir():
        raise MaterialsError(t("course.error.file", lang, path=folder))
    for parent in folder.absolute().parents:
        if parent.exists():
            if not parent.is_dir():
                raise MaterialsError(t("course.error.blocked", lang, path=folder, blocker=parent))
            break
    if folder.is_dir() and folder.resolve() == source.resolve():
        raise MaterialsError(t("course.error.source", lang, path=folder))


def _probe(folder: Path) -> None:
    """Create and remove a temporary file in ``folder``: the surest test that it is writable."""
    fd, name = tempfile.mkstemp(dir=folder, prefix=".community-1234.", suffix=".probe")
    os.close(fd)
    os.unlink(name)


def _make_folder(folder: Path) -> Path | None:
    """Create ``folder`` (and missing parents); return the topmost folder created, if any."""
    top = None
    folder = folder.absolute()
    for parent in reversed([folder, *folder.parents]):
        if not parent.exists():
            parent.mkdir()
            top = top or parent
    return top


def copy_materials(folder: str | os.PathLike, lang: str, source: Path | None = None) -> CopyReport:
    """Copy the course into ``folder``, or bring an earlier copy up to date (see the module docstring).

    Args:
        folder: the destination; created when missing. ``~`` is expanded.
        lang: the language of the messages.
        source: the course to copy (default: this installation's, ``materials_root()``).

    Returns:
        What was added, updated, kept and left unchanged.

    Raises:
        MaterialsError: the folder is a file, lies below a file, cannot be written, or is the
            kit's own copy; or this installation has no course. Nothing was written then.
    """
    if not str(folder).strip():
        raise MaterialsError(t("course.error.empty", lang))
    try:
        source = source or materials_root()
    except CourseNotFound as exc:
        raise MaterialsError(t("course.error.missing", lang, why=exc.where)) from None
    folder = Path(folder).expanduser()
    _check_folder(folder, source, lang)
    created = None
    try:
        created = _make_folder(folder)
        _probe(folder)
    except OSError as exc:
        if created is not None:
            shutil.rmtree(created, ignore_errors=True)
        raise MaterialsError(t("course.error.write", lang, path=folder, why=_why(exc, lang))) from None

    recorded = read_record(folder)
    report = CopyReport(folder=folder, first=not recorded)
    record: dict[str, str] = {}
    try:
        for relative in course_files(source):
            data = (source / relative).read_bytes()
            kit = hashlib.sha256(data).hexdigest()
            target = folder / relative
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(target, data)
                report.added.append(relative)
                record[relative] = kit
                continue
            have = digest(target) if target.is_file() else None
            if have == kit:
                report.unchanged.append(relative)
                record[relative] = kit
            elif have is not None and recorded.get(relative) == have:
                atomic_write(target, data)  # nobody changed the copy: the kit's newer version replaces it
                report.updated.append(relative)
                record[relative] = kit
            else:
                report.kept.append(relative)
                if relative in recorded:
                    record[relative] = recorded[relative]
        record_text = json.dumps({"kit": __version__, "files": record}, indent=1, sort_keys=True) + "\n"
        atomic_write(folder / RECORD, record_text)
    except OSError as exc:
        if created is not None:
            shutil.rmtree(created, ignore_errors=True)
        raise MaterialsError(t("course.error.write", lang, path=folder, why=_why(exc, lang))) from None
    return report
