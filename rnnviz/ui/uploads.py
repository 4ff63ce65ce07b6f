"""Uploaded files, held for this browser session only, as files a training worker can open by path.

A TrainingRequest carries plain values, so an upload (a CSV of texts, a vectors file) is written once to
`<temp>/rnnviz-uploads/<session id>/<sha256 of its bytes>/<its name>`: same bytes, same path (caches and the
service see one dataset), another session never gets the path, and the file keeps its own name (made safe:
no '.', '..', separators or control characters, at most 255 bytes), which the library's messages show.

The disk stays bounded: a session keeps at most MAX_SESSION_UPLOAD_MB (a new upload removes that session's
oldest ones), a newer upload for the same box replaces the older file, and the folders of sessions that have
been closed for UPLOAD_GRACE_S are removed whenever anyone uploads.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
import time
import unicodedata

from ..i18n import _
from .state import session_id, session_is_alive

UPLOAD_ROOT = os.path.join(tempfile.gettempdir(), "rnnviz-uploads")
MAX_SESSION_UPLOAD_MB = 400        # two 200 MB uploads (Streamlit's own per-file limit, .streamlit/config.toml)
UPLOAD_GRACE_S = 60.0              # a closed session's uploads wait this long (a dropped connection comes back)
MAX_NAME_BYTES = 255               # what Linux and macOS file systems accept for one name
_DEAD_SINCE: dict[str, float] = {}     # session folder -> when it was first seen closed
_LOCK = threading.Lock()


def keep_upload(uploaded, replaces: str = "") -> str:
    """Write an st.file_uploader file (or any object with .name and .getvalue()) to this session's folder.

    replaces: the path of this box's earlier upload, removed when the new one is another file. Returns the new
    path (written once per content). ValueError (one line) when the file alone exceeds the session's allowance.
    """
    data = uploaded.getvalue()
    if len(data) > MAX_SESSION_UPLOAD_MB * 2**20:
        raise ValueError(_("{file} is {size:,.0f} MB; uploads may take at most {limit:,} MB per session").format(
            file=safe_file_name(uploaded.name), size=len(data) / 2**20, limit=MAX_SESSION_UPLOAD_MB))
    session_folder = os.path.join(UPLOAD_ROOT, _safe(session_id()))
    sweep_closed_sessions(session_is_alive)
    folder = os.path.join(session_folder, hashlib.sha256(data).hexdigest()[:24])
    path = os.path.join(folder, safe_file_name(uploaded.name))
    if replaces and os.path.dirname(replaces) != folder:
        remove_upload(replaces)
    if not os.path.isfile(path):
        _make_room(session_folder, len(data))
        os.makedirs(folder, exist_ok=True)
        partial = os.path.join(folder, ".partial")
        with open(partial, "wb") as file:
            file.write(data)
        os.replace(partial, path)        # a worker never opens a half-written file
    return path


def safe_file_name(name) -> str:
    """A name every file system accepts for an uploaded file: its last path part, without control characters,
    never '.' or '..', at most MAX_NAME_BYTES bytes of UTF-8 (the extension kept); 'upload' when nothing is left."""
    name = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    if name.strip(".") == "":
        name = "upload"
    stem, extension = os.path.splitext(name)
    if len(extension.encode()) > 16:
        stem, extension = name, ""
    while len((stem + extension).encode()) > MAX_NAME_BYTES:
        stem = stem[:-1]
    return (stem + extension) if stem else "upload" + extension


def remove_upload(path: str) -> None:
    """Remove one upload (its content folder) of this session's, if it is still there."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.dirname(os.path.dirname(folder)) == os.path.abspath(UPLOAD_ROOT):
        shutil.rmtree(folder, ignore_errors=True)


def remove_session_uploads(session: str) -> None:
    """Remove every upload of `session` (its folder)."""
    shutil.rmtree(os.path.join(UPLOAD_ROOT, _safe(session)), ignore_errors=True)


def sweep_closed_sessions(is_alive, grace_s: float = UPLOAD_GRACE_S, now: float | None = None) -> list[str]:
    """Remove the upload folders of sessions closed for `grace_s` seconds (is_alive(session id) false since);
    returns the session folders removed."""
    now = time.monotonic() if now is None else now
    removed = []
    with _LOCK:
        try:
            sessions = os.listdir(UPLOAD_ROOT)
        except FileNotFoundError:
            return removed
        for session in sessions:
            if is_alive(session):
                _DEAD_SINCE.pop(session, None)
            elif now - _DEAD_SINCE.setdefault(session, now) >= grace_s:
                remove_session_uploads(session)
                _DEAD_SINCE.pop(session, None)
                removed.append(session)
    return removed


def _make_room(session_folder: str, needed: int) -> None:
    """Remove this session's oldest uploads until `needed` more bytes fit in MAX_SESSION_UPLOAD_MB."""
    try:
        folders = [os.path.join(session_folder, name) for name in os.listdir(session_folder)]
    except FileNotFoundError:
        return
    sizes = {folder: sum(entry.stat().st_size for entry in os.scandir(folder) if entry.is_file())
             for folder in folders if os.path.isdir(folder)}
    used = sum(sizes.values())
    for folder in sorted(sizes, key=os.path.getmtime):
        if used + needed <= MAX_SESSION_UPLOAD_MB * 2**20:
            break
        shutil.rmtree(folder, ignore_errors=True)
        used -= sizes[folder]


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text) or "session"
