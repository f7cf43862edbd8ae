"""Local Sphinx extension of the liquidstate docs.

- Skips the methods scikit-learn generates on every estimator (metadata routing, set_output).
- Writes the gallery's pages (docs/gallery/generated/) from examples/*.py: each script's
  docstring, its code, and the output and figures that docs/gallery/capture.py recorded from
  it (docs/gallery/output/). A script changed since its capture, or never captured, warns: the
  build then fails under -W until ``python docs/gallery/capture.py NAME`` is rerun.
- ``.. command-help:: run --help`` inserts the help of the ``liquidstate`` command, produced
  at build time, so the page always matches the code.
- Reports numpydoc's Python warnings (e.g. an unknown section, whose text numpydoc drops)
  as Sphinx warnings, so that the -W build fails on them.
- Gives a re-exported constant (``liquidstate.readouts.DEFAULT_ALPHAS``) the ``#:`` comment
  written above it where it is defined, instead of the docstring of its type.
- Resolves cross-references by the Python object they name: liquidstate documents each object
  once, under the name users import it by (``liquidstate.simulate``, ``liquidstate.readouts.
  RidgeReadout``), while docstrings also name it where it is defined or re-exported
  (``liquidstate.engine.simulate``, ``liquidstate.readouts.linear.RidgeReadout``, or just
  ``simulate`` from a sibling module). A reference that Sphinx cannot find is looked up as a
  Python object from the referring docstring's modules; if that object is documented under
  another name, the reference points there. A module that is not documented itself (its names
  are re-exported by its package) resolves to the nearest documented package. References to
  objects that are not documented at all stay unresolved and warn.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import json
import os
import re
import shlex
import subprocess
import sys
import types
import warnings
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.pycode import ModuleAnalyzer
from sphinx.errors import PycodeError
from sphinx.util import logging

logger = logging.getLogger(__name__)

# scikit-learn gives these to every estimator (metadata routing, set_output); they document
# scikit-learn, not liquidstate, and their docstrings point into scikit-learn's own docs.
_SKLEARN_GENERATED = re.compile(r"^set_\w+_request$|^set_output$|^get_metadata_routing$")
_DOCSTRING_OF = re.compile(r"docstring of ([\w.]+)")
_MISSING = object()


def _skip_sklearn_generated(app, what, name, obj, skip, options):
    if what == "class" and _SKLEARN_GENERATED.match(name):
        return True
    return None


def _lookup(name: str):
    """The Python object called ``name`` (attributes before submodules), or _MISSING."""
    parts = name.split(".")
    for i in range(len(parts) - 1, 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except Exception:
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr, _MISSING)
            if obj is _MISSING:
                break
        if obj is not _MISSING:
            return obj
    try:
        return importlib.import_module(name)
    except Exception:
        return _MISSING


def long_values(api_index: Path, limit: int = 300) -> list[str]:
    """The public constants, of the modules listed in ``api_index``, with a long repr."""
    names = []
    for line in api_index.read_text(encoding="utf-8").splitlines():
        modname = line.strip()
        if not modname.startswith("liquidstate"):
            continue
        module = importlib.import_module(modname)
        for attr in getattr(module, "__all__", ()):
            obj = getattr(module, attr, None)
            if (not callable(obj) and not isinstance(obj, types.ModuleType)
                    and len(repr(obj)) > limit):
                names.append(f"{modname}.{attr}")
    return names


def _documented(env) -> dict[int, str]:
    """id(object) -> the name it is documented under (built once per build)."""
    index = getattr(env, "_ls_documented", None)
    if index is None:
        index = {}
        for fullname, entry in env.get_domain("py").objects.items():
            if getattr(entry, "aliased", False):
                continue
            obj = _lookup(fullname)
            # equal small numbers and strings may be one object: no identity for them
            if obj is not _MISSING and not isinstance(obj, (int, float, complex, str, bytes)):
                index.setdefault(id(obj), fullname)
        env._ls_documented = index
    return index


def _contexts(node) -> list[str]:
    """Module and class names from which a relative target may be meant, nearest first."""
    names = []
    module, cls = node.get("py:module"), node.get("py:class")
    if module and cls:
        names.append(f"{module}.{cls}")
    source = node.source or ""
    for holder in (_DOCSTRING_OF.findall(source)[-1:] if source else []) + [module or ""]:
        parts = holder.split(".")
        names += [".".join(parts[:i]) for i in range(len(parts), 0, -1)]
    return list(dict.fromkeys(n for n in names if n))


def _resolve_alias(app, env, node, contnode):
    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"].lstrip(".~")
    domain = env.get_domain("py")
    documented = _documented(env)
    for prefix in [""] + [c + "." for c in _contexts(node)]:
        obj = _lookup(prefix + target)
        if obj is _MISSING:
            continue
        name = documented.get(id(obj))
        if name is None and isinstance(obj, types.ModuleType):
            parts = obj.__name__.split(".")
            name = next((".".join(parts[:i]) for i in range(len(parts), 0, -1)
                         if ".".join(parts[:i]) in domain.modules), None)
            typ = "mod"
        else:
            typ = "obj"
        if name is None:
            continue
        new = node.deepcopy()
        new["reftarget"] = name
        new["refspecific"] = False
        return domain.resolve_xref(env, node.get("refdoc", ""), app.builder, typ, name, new,
                                   contnode)
    return None


def _data_docstring(app, what, name, obj, options, lines):
    """Document a re-exported constant with the ``#:`` comment where it is defined."""
    if what not in ("data", "attribute"):
        return
    where, _, attr = name.rpartition(".")
    for module in list(sys.modules.values()):
        modname = getattr(module, "__name__", "")
        if (modname == where or not modname.startswith("liquidstate")
                or getattr(module, attr, _MISSING) is not obj):
            continue
        try:
            docs = ModuleAnalyzer.for_module(modname).find_attr_docs()
        except PycodeError:
            continue
        if docs.get(("", attr)):
            lines[:] = list(docs[("", attr)])
            return
    if lines and getattr(obj, "__doc__", None) == getattr(type(obj), "__doc__", None):
        lines[:] = []   # the docstring of dict or tuple says nothing about this constant


# -- gallery -----------------------------------------------------------------------------------

def example_sha256(path: Path) -> str:
    """The fingerprint of an example script that its captured output is checked against."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _docstring_parts(path: Path) -> tuple[str, str, int]:
    """(title, rest of the docstring, first line of code after the docstring)."""
    module = ast.parse(path.read_text(encoding="utf-8"))
    doc = ast.get_docstring(module) or path.stem
    end = module.body[0].end_lineno if ast.get_docstring(module) else 0
    title, _, rest = doc.partition("\n")
    return title.strip().rstrip("."), rest.strip(), end + 1


def _write_gallery(app):
    docs = Path(app.srcdir)
    examples = sorted((docs.parent / "examples").glob("*.py"))
    gallery = docs / "gallery"
    out = gallery / "generated"
    out.mkdir(exist_ok=True)
    manifest_path = gallery / "output" / "captured.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    cards = []
    for path in examples:
        name = path.stem
        title, rest, first_code = _docstring_parts(path)
        captured = manifest.get(name)
        if captured is None:
            logger.warning(f"examples/{name}.py has no captured output; run "
                           f"'python docs/gallery/capture.py {name}'")
        elif captured["sha256"] != example_sha256(path):
            logger.warning(f"examples/{name}.py changed since its output was captured; run "
                           f"'python docs/gallery/capture.py {name}'")
        # The docstring's "Run: ..." paragraph becomes a shell block; the rest is reST.
        paragraphs = rest.split("\n\n")
        run = [p for p in paragraphs if p.startswith("Run:")]
        rest = "\n\n".join(p for p in paragraphs if not p.startswith("Run:"))
        command = run[0][len("Run:"):] if run else f"python examples/{name}.py"
        command = "\n".join("   " + line.strip() for line in command.strip().splitlines())
        lines = [f".. _example-{name}:", "", title, "=" * len(title), "", rest, "",
                 f"Source: ``examples/{name}.py``. Run it from the repository's root:", "",
                 ".. code-block:: text", "", command, "",
                 f".. literalinclude:: /../examples/{name}.py",
                 "   :language: python", f"   :lines: {first_code}-", ""]
        figures = []
        if captured is not None:
            lines += ["Output", "------", "",
                      f"Printed by the script (captured {captured['date']} with liquidstate "
                      f"{captured['version']}):", "",
                      f".. literalinclude:: /gallery/output/{name}.txt",
                      "   :language: text", ""]
            for fig in captured["figures"]:
                figures.append(f"/gallery/output/{fig}")
                lines += [f".. image:: /gallery/output/{fig}", f"   :alt: {fig}", ""]
        _write_if_changed(out / f"{name}.rst", "\n".join(lines))
        cards.append((name, title, figures[0] if figures else None))
    # included by gallery/index.rst, so the toctree's entries are relative to gallery/
    index = [".. toctree::", "   :hidden:", ""] + [f"   generated/{n}" for n, _, _ in cards]
    index += [""]
    index += [".. grid:: 1 2 3 3", "   :gutter: 3", ""]
    for name, title, figure in cards:
        index += [f"   .. grid-item-card:: {title}", f"      :link: example-{name}",
                  "      :link-type: ref", ""]
        if figure:
            index += [f"      .. image:: {figure}", f"         :alt: {name}", ""]
        index += [f"      ``examples/{name}.py``", ""]
    _write_if_changed(out / "cards.inc", "\n".join(index))


def _write_if_changed(path: Path, text: str) -> None:
    """Write only new text, so that an unchanged page is not read again."""
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


# -- command-line help -------------------------------------------------------------------------

class CommandHelp(Directive):
    """``.. command-help:: ARGS``: the output of ``liquidstate ARGS`` as a literal block."""

    required_arguments = 0
    optional_arguments = 20
    has_content = False

    def run(self):
        args = list(self.arguments)
        env = dict(os.environ, COLUMNS="100")   # argparse wraps to the terminal's width
        done = subprocess.run([sys.executable, "-m", "liquidstate.cli", *args], env=env,
                              capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            logger.warning(f"'liquidstate {shlex.join(args)}' exited with {done.returncode}: "
                           f"{done.stderr.strip()}", location=self.state_machine.get_source_and_line(self.lineno))
        text = done.stdout.rstrip()
        block = nodes.literal_block(text, text)
        block["language"] = "text"
        return [block]


# -- numpydoc's own warnings -------------------------------------------------------------------

def _forward_numpydoc_warnings() -> None:
    """Report numpydoc's Python warnings as Sphinx warnings, so that -W fails on them.

    numpydoc drops a section it does not know (with only a UserWarning), so a docstring's
    content can vanish from the site while the build looks clean.
    """
    show = warnings.showwarning

    def showwarning(message, category, filename, lineno, file=None, line=None):
        if "numpydoc" in str(filename):
            logger.warning(f"numpydoc: {message}")
        else:
            show(message, category, filename, lineno, file, line)

    warnings.showwarning = showwarning


def setup(app):
    _forward_numpydoc_warnings()
    app.connect("builder-inited", _write_gallery)
    app.add_directive("command-help", CommandHelp)
    app.connect("autodoc-skip-member", _skip_sklearn_generated)
    app.connect("autodoc-process-docstring", _data_docstring)
    app.connect("missing-reference", _resolve_alias)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
