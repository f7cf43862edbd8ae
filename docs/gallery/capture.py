"""Run the examples and record what the gallery shows: printed output and figures.

The docs are built without running the examples (some take minutes); this script runs them,
each in a fresh temporary folder, and writes into docs/gallery/output/:

- NAME.txt: what examples/NAME.py printed (stdout and stderr);
- NAME_FIGURE.png: each PNG it wrote;
- captured.json: per example the SHA-256 of the script, the date, the liquidstate version,
  the run time and the core count; the docs build warns (and ``make docs`` fails) when an
  example differs from the script that was captured.

Run from the repository's root, after a change to an example or to results it prints:

    python docs/gallery/capture.py                  # every example
    python docs/gallery/capture.py separation       # one or more by name

spoken_digits needs the Free Spoken Digit Dataset: $LIQUIDSTATE_FSDD, else ../shared/datasets/fsdd
if present, else it is downloaded (16 MB).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = Path(__file__).resolve().parent / "output"
sys.path[:0] = [str(ROOT / "docs" / "_ext"), str(ROOT / "src")]

from lsdocs import example_sha256  # noqa: E402


def capture(name: str) -> dict:
    """Run examples/NAME.py in a temporary folder; write its output and figures; say how."""
    script = ROOT / "examples" / f"{name}.py"
    if not script.is_file():
        raise SystemExit(f"no example {script}")
    env = dict(os.environ, MPLBACKEND="Agg", COLUMNS="100")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"),
                                                      env.get("PYTHONPATH")]))
    fsdd = ROOT.parent / "shared" / "datasets" / "fsdd"
    if "LIQUIDSTATE_FSDD" not in env and fsdd.is_dir():
        env["LIQUIDSTATE_FSDD"] = str(fsdd)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        done = subprocess.run([sys.executable, str(script)], cwd=tmp, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"examples/{name}.py failed ({done.returncode}):\n{done.stdout}")
        figures = []
        for png in sorted(Path(tmp).glob("*.png")):
            figures.append(f"{name}_{png.name}")
            shutil.copyfile(png, OUTPUT / figures[-1])
    (OUTPUT / f"{name}.txt").write_text(done.stdout, encoding="utf-8")
    import liquidstate
    return {"sha256": example_sha256(script), "date": datetime.date.today().isoformat(),
            "version": liquidstate.__version__, "seconds": round(seconds, 1),
            "cores": os.cpu_count(), "figures": figures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help="examples to run (default: all)")
    names = parser.parse_args().names or sorted(p.stem for p in (ROOT / "examples").glob("*.py"))
    OUTPUT.mkdir(exist_ok=True)
    manifest_path = OUTPUT / "captured.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    for name in names:
        for old in manifest.get(name, {}).get("figures", []):
            (OUTPUT / old).unlink(missing_ok=True)
        manifest[name] = capture(name)
        print(f"{name}: {manifest[name]['seconds']} s, figures {manifest[name]['figures']}")
        manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
