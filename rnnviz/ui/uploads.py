"""Uploaded files, held for this browser session only, as files a training worker can open by path.

A TrainingRequest carries plain values, so an upload (a CSV of texts, a vectors file) is written once to
`<temp>/rnnviz-uploads/<session id>/<sha256 of its bytes>/<its name>`: same bytes, same path (caches and the
service see one dataset), another session never gets the path, and the file keeps its own name, which the
library's messages and descriptions show.
"""

from __future__ import annotations

import hashlib
import os
import tempfile

from .state import session_id

UPLOAD_ROOT = os.path.join(tempfile.gettempdir(), "rnnviz-uploads")


def keep_upload(uploaded) -> str:
    """Write an st.file_uploader file (or any object with .name and .getvalue()) to this session's folder.

    Returns its path (written once per content).
    """
    data = uploaded.getvalue()
    name = os.path.basename(uploaded.name) or "upload"
    folder = os.path.join(UPLOAD_ROOT, _safe(session_id()), hashlib.sha256(data).hexdigest()[:24])
    path = os.path.join(folder, name)
    if not os.path.isfile(path):
        os.makedirs(folder, exist_ok=True)
        partial = f"{path}.partial"
        with open(partial, "wb") as file:
            file.write(data)
        os.replace(partial, path)        # a worker never opens a half-written file
    return path


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text) or "session"
