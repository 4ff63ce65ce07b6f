"""Checks on a run file before anything large is read from it (rnnviz.run_files uses them).

A zip's members are read whole, so a small file whose member inflates to gigabytes (a zip bomb) could take a
class's server down: every member's declared size and their total are checked first (MAX_UNPACKED_MB), and
reading stops at the declared size, so a header that lies cannot exceed it. A legacy HDF5 (.h5) model is refused:
Keras ignores safe_mode for that format. Every refusal is a `RunFileError`: a one-line ValueError whose `kind`
lets a page say it to a student in their own words.
"""

from __future__ import annotations

import os
import zipfile

MAX_UNPACKED_MB = 100     # a whole run file, unpacked (every member, nested zips counted again when opened)
MAX_MEMBERS = 1000        # a .keras zip holds 3 members, a session file one per run
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
_CHUNK = 1 << 20


class RunFileError(ValueError):
    """A file refused, in one line (the API's English); `kind` lets a page say it to a student in their language,
    without code parameters or server paths: not_a_run, bare_keras, h5, code, keras_failed, unsafe_keras,
    too_big (values: size_mb), no_fit, damaged."""

    def __init__(self, kind: str, message: str, **values):
        super().__init__(message)
        self.kind, self.values = kind, values


def open_zip(path, name: str) -> zipfile.ZipFile:
    """The zip at `path` (a file name or a binary file object), its unpacked size checked; RunFileError for a
    file that is not a zip (a legacy .h5 model named as such) or would unpack to too much."""
    if isinstance(path, (str, os.PathLike)) and not os.path.isfile(path):
        raise RunFileError("not_a_run",
                           f"no file at {str(path)!r}")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        _refuse_h5(path, name)
        raise RunFileError("not_a_run",
                           f"{name} is not a saved run (a zip written by rnnviz.save_run) nor a Keras .keras "
                           "model") from None
    try:
        check_unpacked_size(archive, name)
    except ValueError:
        archive.close()
        raise
    return archive


def check_unpacked_size(archive: zipfile.ZipFile, name: str) -> None:
    """ValueError when the members' declared sizes (each, and all together) exceed MAX_UNPACKED_MB, or there are
    more than MAX_MEMBERS: checked before anything is read."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise RunFileError("damaged",
                           f"{name} holds {len(members):,} files; a saved run holds at most {MAX_MEMBERS:,}")
    total = sum(member.file_size for member in members)
    if total > MAX_UNPACKED_MB * 2**20:
        raise RunFileError("too_big",
                           f"{name} would unpack to {total / 2**20:,.0f} MB, more than the "
                           f"{MAX_UNPACKED_MB} MB a saved run may take: refused", size_mb=total / 2**20)


def read_member(archive: zipfile.ZipFile, member: str, name: str) -> bytes:
    """A member's bytes, read in chunks and never past its declared size (already checked by _open_zip):
    a member that inflates beyond what its header says is refused as damaged."""
    declared = archive.getinfo(member).file_size
    chunks, size = [], 0
    try:
        with archive.open(member) as file:
            while chunk := file.read(min(_CHUNK, declared - size + 1)):
                size += len(chunk)
                if size > declared:
                    raise RunFileError("damaged",
                                       f"{member} in {name} is larger than its zip header says: the file is damaged")
                chunks.append(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError) as error:
        raise RunFileError("damaged",
                           f"{member} in {name} cannot be unpacked ({type(error).__name__}): the file is "
                           "damaged") from None
    return b"".join(chunks)


def _refuse_h5(path, name: str) -> None:
    """ValueError for a legacy HDF5 (.h5) model: Keras ignores safe_mode for that format."""
    try:
        if isinstance(path, (str, os.PathLike)):
            with open(path, "rb") as file:
                head = file.read(8)
        else:
            path.seek(0)
            head = path.read(8)
    except (OSError, AttributeError):
        return
    if head == HDF5_SIGNATURE:
        raise RunFileError("h5",
                           f"{name} is a legacy .h5 model, which Keras loads without its safety checks: refused; "
                           "save the model as .keras (model.save('model.keras')) or with rnnviz.save_run") from None
