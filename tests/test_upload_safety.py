"""Items 9 and 12: run files that would unpack to too much, lying zip headers, legacy .h5 models and an unsafe
Keras are refused with one line, before anything large is read."""

import io

import subprocess
import sys
import textwrap
import zipfile

import pytest

from rnnviz import run_files

MB = 2**20


def _bomb(path, inflated_mb: int, declared_bytes: int | None = None):
    """A run-shaped zip whose model.keras member inflates to `inflated_mb` MB of zeros (a few hundred KB on disk),
    written in chunks so the test itself stays small. declared_bytes: patch the headers to claim this size."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("model.keras", "w") as member:
            zeros = bytes(MB)
            for _ in range(inflated_mb):
                member.write(zeros)
        archive.writestr("dataset.json", "{}")
        archive.writestr("run.json", "{}")
        archive.writestr("history.csv", "epoch\n")
    if declared_bytes is not None:
        data = bytearray(open(path, "rb").read())
        for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            start = data.index(signature)          # model.keras is the first member in both headers
            data[start + offset:start + offset + 4] = declared_bytes.to_bytes(4, "little")
        open(path, "wb").write(data)
    return path


_MEASURE = textwrap.dedent("""
    import resource, sys
    import keras, rnnviz.training  # noqa: F401 - imported first: TensorFlow alone takes ~500 MB
    from rnnviz import run_files
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        run_files.load_run(sys.argv[1])
        print("LOADED")
    except ValueError as error:
        print(str(error))
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print((after - before) / 1024)      # ru_maxrss is in KB on Linux: the peak's growth in MB
""")


def _peak_growth(path) -> tuple[str, float]:
    result = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True,
                            timeout=300, check=True)
    message, growth = result.stdout.strip().splitlines()[-2:]
    return message, float(growth)


def test_a_member_inflating_to_400_mb_is_refused_before_it_is_read(tmp_path):
    path = _bomb(tmp_path / "bomb.zip", 400)
    assert path.stat().st_size < 2 * MB
    message, growth = _peak_growth(path)
    assert growth < 150, f"peak memory grew by {growth:.0f} MB"
    assert "unpack to 400 MB" in message and "\n" not in message and str(tmp_path) not in message


def test_a_header_that_understates_a_member_cannot_make_it_read_past_its_size(tmp_path):
    path = _bomb(tmp_path / "liar.zip", 400, declared_bytes=1000)
    message, growth = _peak_growth(path)
    assert growth < 150, f"peak memory grew by {growth:.0f} MB"
    assert "damaged" in message and "\n" not in message


def test_read_member_stops_at_the_declared_size(tmp_path):
    path = _bomb(tmp_path / "liar.zip", 4, declared_bytes=1000)
    with zipfile.ZipFile(path) as archive, pytest.raises(ValueError, match="damaged"):
        run_files.read_member(archive, "model.keras", "liar.zip")


def _h5_bytes():
    return b"\x89HDF\r\n\x1a\n" + bytes(200)


def test_a_legacy_h5_model_is_refused_with_one_line(tmp_path):
    path = tmp_path / "model.h5"
    path.write_bytes(_h5_bytes())
    with pytest.raises(ValueError, match=r"legacy \.h5") as error:
        run_files.load_run(path)
    assert "\n" not in str(error.value)


def test_a_legacy_h5_model_inside_a_run_file_is_refused(tiny_runs, tmp_path):
    good = io.BytesIO()
    run_files.save_run(tiny_runs["GRU"], good)
    path = tmp_path / "h5_inside.zip"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for member in run_files.MEMBERS:
            target.writestr(member, _h5_bytes() if member == "model.keras" else source.read(member))
    with pytest.raises(ValueError, match=r"legacy \.h5"):
        run_files.load_run(path)


def test_an_unsafe_keras_refuses_uploaded_models(tiny_runs, monkeypatch):
    import keras

    buffer = io.BytesIO()
    run_files.save_run(tiny_runs["GRU"], buffer)
    monkeypatch.setattr(keras, "__version__", "3.13.2")
    with pytest.raises(ValueError, match="3.13.2"):
        run_files.load_run(io.BytesIO(buffer.getvalue()))
    monkeypatch.setattr(keras, "__version__", "3.14.0")
    assert run_files.load_run(io.BytesIO(buffer.getvalue())).model is not None


def test_the_server_warns_at_start_up_about_an_unsafe_keras(monkeypatch, caplog):
    import keras

    from rnnviz.keras_import import warn_if_unsafe_keras

    monkeypatch.setattr(keras, "__version__", "3.8.0")
    assert warn_if_unsafe_keras()
    assert "cannot open uploaded models safely" in caplog.text and "keras>=3.14" in caplog.text
    monkeypatch.setattr(keras, "__version__", "3.14.1")
    assert not warn_if_unsafe_keras()


def test_requirements_ask_for_a_safe_keras():
    from pathlib import Path

    from rnnviz.keras_import import SAFE_KERAS

    lines = [line.split("#")[0].strip() for line in
             (Path(__file__).parent.parent / "requirements.txt").read_text().splitlines()]
    assert f"keras>={SAFE_KERAS[0]}.{SAFE_KERAS[1]},<4" in lines

