"""The README's notebook cell runs as written (on smaller data, to stay quick)."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_notebook_cell_runs():
    cell = re.findall(r"```python\n(.*?)```", README.read_text(), re.S)[0]
    quick = cell.replace("size=4000", "size=400").replace("epochs=6", "epochs=1")
    assert quick != cell
    namespace = {}
    exec(compile(quick, "README.md", "exec"), namespace)  # noqa: S102 - our own documentation
    assert list(namespace["run"].history.index) == [1]
    assert namespace["trace"].layers[0].gates["f"].shape[0] == 5


def test_readme_opens_with_the_two_setup_commands():
    commands = re.findall(r"```bash\n(.*?)\n```", README.read_text(), re.S)[:2]
    assert commands == ["pip install -r requirements.txt && streamlit run app.py",
                        "pip install -r requirements-dev.txt && python -m pytest"]
    ci = (README.parent / ".ci" / "run").read_text()
    assert commands[1] in ci
