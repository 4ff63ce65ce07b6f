"""Item 10: upload names are made safe, uploads are capped per session and removed with their session."""

import os

import pytest

from rnnviz.ui import uploads


class Upload:
    def __init__(self, name, data=b"text,label\ngood,1\n"):
        self.name, self.data = name, data

    def getvalue(self):
        return self.data


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setattr(uploads, "UPLOAD_ROOT", str(tmp_path / "uploads"))
    return tmp_path / "uploads"


@pytest.mark.parametrize("name", [".", "..", "", "a" * 300 + ".csv", "é" * 200 + ".csv", "../../etc/passwd",
                                  "dir\\..\\x.csv", "bad\x00name\n.csv", "...."])
def test_any_upload_name_gives_a_file_inside_the_sessions_folder(root, name):
    path = uploads.keep_upload(Upload(name))
    assert os.path.isfile(path)
    assert os.path.commonpath([path, str(root)]) == str(root)
    base = os.path.basename(path)
    assert base not in (".", "..") and len(base.encode()) <= 255 and "\x00" not in base and "\n" not in base


def test_long_names_keep_their_extension():
    assert uploads.safe_file_name("a" * 300 + ".csv").endswith(".csv")
    assert len(uploads.safe_file_name("a" * 300 + ".csv").encode()) == 255
    assert uploads.safe_file_name("reviews.csv") == "reviews.csv"


def test_a_newer_upload_for_the_same_box_replaces_the_older(root):
    first = uploads.keep_upload(Upload("a.csv", b"x,y\n1,2\n"))
    second = uploads.keep_upload(Upload("b.csv", b"x,y\n3,4\n"), replaces=first)
    assert os.path.isfile(second) and not os.path.exists(first)
    assert uploads.keep_upload(Upload("b.csv", b"x,y\n3,4\n"), replaces=second) == second   # the same file stays


def test_a_session_keeps_at_most_its_allowance(root, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_SESSION_UPLOAD_MB", 1)
    half = 600 * 1024
    paths = [uploads.keep_upload(Upload(f"{k}.csv", bytes([k]) * half)) for k in range(3)]
    kept = [path for path in paths if os.path.exists(path)]
    assert kept == paths[-1:]           # each new one removed the older ones that no longer fit
    total = sum(os.path.getsize(os.path.join(folder, name)) for folder, _dirs, names in os.walk(root)
                for name in names)
    assert total <= 2**20
    with pytest.raises(ValueError, match="at most 1 MB per session"):
        uploads.keep_upload(Upload("big.csv", bytes(2 * 2**20)))


def test_the_uploads_of_a_closed_session_are_removed_after_the_grace(root):
    path = uploads.keep_upload(Upload("mine.csv"))
    session = os.path.relpath(path, root).split(os.sep)[0]
    assert uploads.sweep_closed_sessions(lambda s: False, grace_s=60, now=1000.0) == []   # just closed
    assert os.path.isfile(path)
    assert uploads.sweep_closed_sessions(lambda s: True, grace_s=60, now=1030.0) == []    # came back
    uploads.sweep_closed_sessions(lambda s: False, grace_s=60, now=2000.0)
    assert uploads.sweep_closed_sessions(lambda s: False, grace_s=60, now=2060.0) == [session]
    assert not os.path.exists(os.path.join(root, session))
