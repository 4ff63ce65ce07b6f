"""The README's gallery: every page of the real app in use, photographed at 1920 x 1080 in headless Chromium.

Run: python bench/gallery.py [--languages en es] [--out docs/gallery]
Starts `streamlit run app.py` on a free local port, trains the first preset from Start here, then visits each
page as a student would (a sentence typed, a lab's case chosen, a tab opened, a training done) and writes
docs/gallery/<page>.png (docs/gallery/<language>/<page>.png for a language other than English, opened with
`?lang=`). Prints each file with its size and the seconds it took. Debian's chromium drives the browser
(tests/e2e/harness.py); Pillow, when installed, reduces each screenshot to 256 colours to keep it small.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from harness import browser_page, streamlit_server, wait_until_idle

SIZE = (1920, 1080)
TRAINING_MS = 600_000
SENTENCE = "the movie was not good at all"


def settle(page, timeout_ms: float = 180_000) -> None:
    """Let the rerun start, then wait for it and its skeletons to finish (a rerun can begin just after a click)."""
    page.wait_for_timeout(400)
    wait_until_idle(page, timeout_ms)


def open_page(page, title: str, path: str) -> None:
    """Click the page in the sidebar (the session and its runs stay), wait for its title."""
    page.locator("[data-testid=stSidebarNav]").get_by_text(title, exact=True).click()
    page.wait_for_url(re.compile(rf"/{path}(\?.*)?$"), timeout=60_000)
    settle(page)
    page.locator("h1").first.wait_for(timeout=120_000)


def show(page, text: str, above: int = 90) -> None:
    """Scroll so that the element with `text` starts `above` px under the top of the window (Streamlit's
    header covers the first ~60 px)."""
    target = page.get_by_text(text, exact=False).first
    target.wait_for(timeout=TRAINING_MS)
    target.evaluate("""(element, above) => {
        element.scrollIntoView({block: 'start', behavior: 'instant'});
        const main = document.querySelector('[data-testid=stMain]');
        if (main) main.scrollBy({top: -above, behavior: 'instant'});
    }""", above)
    page.wait_for_timeout(300)


def home(page):
    page.get_by_role("button", name=re.compile("Train")).first.click()
    page.locator("[data-testid=stAlertContentSuccess]").first.wait_for(timeout=TRAINING_MS)
    settle(page)


def train(page):
    open_page(page, "Train", "train")


def hidden_states(page):
    open_page(page, "Hidden states", "hidden_states")
    box = page.get_by_label("Type a sentence")
    box.fill(SENTENCE)
    box.press("Enter")
    settle(page)
    show(page, "Follow unit", above=70)      # the unit controls, then the whole heatmap


def gates(page):
    open_page(page, "Gates", "gates")
    page.locator("[data-testid=stSidebar]").get_by_text("Lesson link").click()   # the teacher's link, open
    page.locator("[data-testid=stSidebar] [data-testid=stCode]").first.wait_for()
    show(page, "Order units by", above=70)


def embeddings(page):
    open_page(page, "Embeddings", "embeddings")
    page.locator("[data-testid=stPlotlyChart]").first.wait_for(timeout=180_000)
    settle(page)


def why(page):
    open_page(page, "Why this prediction", "why")
    page.locator("[data-testid=stPlotlyChart]").first.wait_for(timeout=180_000)
    settle(page)


def fitting(page):
    open_page(page, "Over- and underfitting", "fitting")
    page.get_by_role("button", name="Train all three").click()
    page.get_by_text("Solid: training; dashed: validation").first.wait_for(timeout=TRAINING_MS)
    page.wait_for_function("!document.querySelector('[data-testid=stProgress]')", timeout=TRAINING_MS)
    settle(page)
    show(page, "3 · Curves and diagnoses")


def gradients(page):
    open_page(page, "Vanishing & exploding gradients", "gradients")
    page.get_by_role("button", name="Classic case: the gradient vanishes").click()
    settle(page)
    page.locator("[data-testid=stPlotlyChart]").first.wait_for(timeout=180_000)
    show(page, "Gradient with respect to")


def time_series(page):
    open_page(page, "Time series", "time_series")
    page.get_by_role("button", name="Train", exact=True).last.click()
    page.locator("[data-testid=stAlertContentSuccess]").filter(has_text="validation loss").first.wait_for(
        timeout=TRAINING_MS)
    settle(page)
    show(page, "4 · Forecasts")


def lesson(page):
    """A predict-before-reveal lesson link opened by a new student (a browser context of its own: no cookie, no
    runs; the preset's identical training is reused from the server)."""
    base = page.url.split("/time_series")[0]
    student = page.context.browser.new_page(viewport={"width": SIZE[0], "height": SIZE[1]})
    student.goto(f"{base}/hidden_states?preset=sentiment_lstm_en&sentence={SENTENCE.replace(' ', '+')}"
                 f"&predict=class{_lang_query(page, '&')}")
    student.get_by_text("Predict before you look.").wait_for(timeout=TRAINING_MS)
    settle(student)
    return student


def presentation(page):
    """Hidden states as projected: presentation mode and slide style, from the URL (the teacher's runs stay)."""
    base = re.sub(r"/(time_series|hidden_states)(\?.*)?$", "", page.url)
    page.goto(f"{base}/hidden_states?preset=sentiment_lstm_en&sentence={SENTENCE.replace(' ', '+')}"
              f"&present=1&slides=1{_lang_query(page, '&')}")
    page.get_by_text("Leave presentation mode").wait_for(timeout=120_000)
    page.locator("[data-testid=stPlotlyChart]").first.wait_for(timeout=120_000)
    settle(page)
    show(page, "Follow unit", above=10)


def _lang_query(page, joiner: str) -> str:
    match = re.search(r"[?&]lang=(\w+)", page.url)
    return f"{joiner}lang={match.group(1)}" if match else ""


# file name -> what to do before the picture, in visiting order (home trains the preset the others use)
VISITS = {"home": home, "train": train, "hidden_states": hidden_states, "gates": gates, "embeddings": embeddings,
          "why": why, "fitting": fitting, "gradients": gradients, "time_series": time_series, "lesson": lesson,
          "presentation": presentation}


def shrink(path: Path) -> None:
    """256 colours instead of millions: a screenshot of flat UI colours loses nothing visible, and 3-5x bytes."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def photograph(url: str, out: Path, language: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with browser_page(*SIZE) as page:
        page.goto(url + ("" if language == "en" else f"/?lang={language}"))
        page.locator("h1").first.wait_for(timeout=120_000)
        settle(page)
        for name, visit in VISITS.items():
            started = time.perf_counter()
            shown = visit(page) or page       # a visit may open a page of its own (a new student)
            path = out / f"{name}.png"
            shown.screenshot(path=str(path))
            shrink(path)
            shown_path = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path   # --out may be elsewhere
            print(f"{shown_path}  {path.stat().st_size / 1024:.0f} KB  {time.perf_counter() - started:.1f} s",
                  flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", nargs="+", default=["en"])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "gallery")
    args = parser.parse_args()
    for language in args.languages:
        with streamlit_server() as url:      # a fresh server per language: nothing reused from the other one
            photograph(url, args.out if language == "en" else args.out / language, language)


if __name__ == "__main__":
    main()
