"""Cold start: from `streamlit run app.py` to the first page rendered in a headless browser.

Run: python bench/cold_start.py
Prints the time until the server answers its health check, until the first page has finished rendering in
Debian's headless Chromium, and, as a baseline measured in the same run, how long `import tensorflow` takes
in a fresh interpreter. The first page does not wait for TensorFlow: its time to render is well below
the import time (TensorFlow is then imported in the background, ready for the first Train click).
"""

import subprocess
import sys
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


def main() -> None:
    tf_import = time_tensorflow_import()
    with browser_page() as page:  # the browser starts before the clock: we time the app, not Chromium
        started = time.perf_counter()
        with streamlit_server() as url:
            healthy = time.perf_counter() - started
            page.goto(url)
            wait_until_idle(page)
            page.get_by_text("Train a model in seconds").wait_for()
            rendered = time.perf_counter() - started
    print(f"server healthy after {healthy:.2f} s; first page rendered after {rendered:.2f} s")
    print(f"baseline: import tensorflow alone takes {tf_import:.2f} s in a fresh interpreter")
    print(f"ratio first page / TensorFlow import = {rendered / tf_import:.2f} (< 1: the page did not wait for it)")


if __name__ == "__main__":
    main()
