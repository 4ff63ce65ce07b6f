"""Cold start: from `streamlit run app.py` to the first page rendered in a headless browser.

Run: python bench/cold_start.py
Prints, for rnnviz and for a one-line Streamlit app started the same way in the same run (the baseline: what
Streamlit and the browser cost by themselves), the time until the server answers its health check and until
the first page has finished rendering in Debian's headless Chromium; and how long `import tensorflow` takes in a
fresh interpreter. rnnviz's first page does not import TensorFlow (app.py starts that import in the background
once the page is drawn), so its cold start stays close to the baseline and well below the import.
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from harness import browser_page, streamlit_server, wait_until_idle  # noqa: E402


def time_tensorflow_import() -> float:
    code = "import time; t = time.perf_counter(); import tensorflow; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"TF_CPP_MIN_LOG_LEVEL": "3", "PATH": ""})
    return float(out.stdout.strip().splitlines()[-1])


def time_first_page(page, script: Path, text: str) -> tuple[float, float]:
    """(seconds until healthy, seconds until `text` is rendered), from the server's start."""
    started = time.perf_counter()
    with streamlit_server(script=script) as url:
        healthy = time.perf_counter() - started
        page.goto(url)
        page.get_by_text(text).wait_for(timeout=120_000)
        wait_until_idle(page)
        return healthy, time.perf_counter() - started


def main() -> None:
    tf_import = time_tensorflow_import()
    with tempfile.TemporaryDirectory() as folder, browser_page() as page:  # the browser starts before the clocks
        hello = Path(folder) / "hello.py"
        hello.write_text("import streamlit as st\nst.title('hello')\n")
        base_healthy, base_rendered = time_first_page(page, hello, "hello")
        healthy, rendered = time_first_page(page, ROOT / "app.py", "Train a model in seconds")
    print(f"baseline one-line app: healthy after {base_healthy:.2f} s, first page after {base_rendered:.2f} s")
    print(f"rnnviz:                healthy after {healthy:.2f} s, first page after {rendered:.2f} s "
          f"(ratio to the baseline {rendered / base_rendered:.2f})")
    print(f"import tensorflow alone: {tf_import:.2f} s in a fresh interpreter; rnnviz's first page / that import = "
          f"{rendered / tf_import:.2f}")


if __name__ == "__main__":
    main()
