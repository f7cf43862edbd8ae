"""Every script in examples/ runs as it is and prints its golden figures, and the README's
example is one of them.

The printed lines and numbers, with their tolerances, are in ``tests/golden/figures.json``
(written by ``tests/golden/make_golden.py``: an integer must match exactly, a decimal to one
unit of its last printed digit). Examples that take long or read the Free Spoken Digit
Dataset run in the full tier only.
"""

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))



def _load_make_golden():
    """tests/golden/make_golden.py as a module (a script, not in a package)."""
    if "make_golden" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "make_golden", Path(__file__).resolve().parent / "golden" / "make_golden.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["make_golden"] = module          # dataclasses look their module up
        spec.loader.exec_module(module)
    return sys.modules["make_golden"]


make_golden = _load_make_golden()
GOLDEN = make_golden.load()["examples"]


def _param(script: Path):
    spec = make_golden.example_spec(script.name)
    marks = [pytest.mark.slow] if spec.tier == "full" else []
    if "fsdd" in spec.needs:
        marks.append(pytest.mark.data)
    return pytest.param(script, marks=marks, id=script.name)


@pytest.mark.parametrize("script", [_param(p) for p in EXAMPLES])
def test_example_prints_its_golden_figures(script, tmp_path, request):
    golden = GOLDEN.get(script.name)
    assert golden is not None, (f"examples/{script.name} is not in the golden file: run "
                                f"`python tests/golden/make_golden.py --only {script.name}`")
    spec = make_golden.example_spec(script.name)
    fsdd = None
    for need in spec.needs:
        if need == "fsdd":        # the local copy: the example would download it otherwise
            fsdd = request.getfixturevalue("fsdd_dir")
        else:
            pytest.importorskip(need)
    out = make_golden.run_example(script, tmp_path, fsdd, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    differences = make_golden.compare_printed(
        make_golden.printed_figures(out.stdout, tuple(golden["ignore"])), golden["lines"])
    assert not differences, (f"examples/{script.name} printed other figures than its golden "
                             "ones:\n" + "\n".join(differences) + "\nIf its results are meant "
                             "to change, regenerate: python tests/golden/make_golden.py "
                             f"--only {script.name}")


def test_readme_example_is_first_liquid():
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"## A first liquid\n\n```python\n(.*?)```", readme, re.S).group(1)
    script = (ROOT / "examples" / "first_liquid.py").read_text()
    body = script.split('"""', 2)[2].strip()
    assert block.strip() == body


def test_every_readme_python_block_runs(tmp_path):
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert len(blocks) >= 2
    # the first liquid is examples/first_liquid.py (checked above), run with its figures
    first = (ROOT / "examples" / "first_liquid.py").read_text().split('"""', 2)[2].strip()
    env = dict(os.environ, MPLBACKEND="Agg")
    for block in blocks:
        if block.strip() == first:
            continue
        out = subprocess.run([sys.executable, "-c", block], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=600)
        assert out.returncode == 0, block + "\n" + out.stderr[-3000:]
