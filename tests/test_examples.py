"""Every script in examples/ runs as it is, and the README's example is one of them."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))


# Examples that read the Free Spoken Digit Dataset: run on the local copy, skipped without it
# (they would download it).
NEEDS_FSDD = {"spoken_digits.py"}


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_runs(script, tmp_path, request):
    env = dict(os.environ, MPLBACKEND="Agg")
    if script.name in NEEDS_FSDD:
        env["LIQUIDSTATE_FSDD"] = str(request.getfixturevalue("fsdd_dir"))
    out = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]


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
    env = dict(os.environ, MPLBACKEND="Agg")
    for block in blocks:
        out = subprocess.run([sys.executable, "-c", block], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=600)
        assert out.returncode == 0, block + "\n" + out.stderr[-3000:]
