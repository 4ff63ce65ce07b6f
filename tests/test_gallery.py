"""The README's gallery: one picture per visit of bench/gallery.py, each there, 1920 x 1080 and small."""

import re
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_BYTES = 400 * 1024


def gallery_visits() -> list[str]:
    sys.path.insert(0, str(ROOT / "bench"))
    sys.path.insert(0, str(ROOT / "tests" / "e2e"))
    import gallery

    return list(gallery.VISITS)


def test_every_visit_of_the_script_is_in_the_readme_as_a_small_1920_by_1080_png():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Gallery", 1)[1].split("\n## ", 1)[0]
    linked = re.findall(r"!\[[^\]]*\]\((docs/gallery/[^)]+\.png)\)", section)
    assert sorted(linked) == sorted(f"docs/gallery/{name}.png" for name in gallery_visits())
    for link in linked:
        data = (ROOT / link).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", link
        assert struct.unpack(">II", data[16:24]) == (1920, 1080), link
        assert len(data) < MAX_BYTES, (link, len(data))
