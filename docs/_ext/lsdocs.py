"""Local Sphinx extension of the liquidstate docs.

- Skips the methods scikit-learn generates on every estimator (metadata routing, set_output).
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

import importlib
import re
import sys
import types

from sphinx.util import logging

logger = logging.getLogger(__name__)

# scikit-learn adds these to every estimator (metadata routing, set_output); they document
# scikit-learn, not liquidstate, and their docstrings point into scikit-learn's own docs.
_SKLEARN_GENERATED = re.compile(r"^set_\w+_request$|^set_output$")
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


def _documented(env) -> dict[int, str]:
    """id(object) -> the name it is documented under (built once per build)."""
    index = getattr(env, "_ls_documented", None)
    if index is None:
        index = {}
        for fullname, entry in env.get_domain("py").objects.items():
            if getattr(entry, "aliased", False):
                continue
            obj = _lookup(fullname)
            if obj is not _MISSING and not isinstance(obj, (int, float, str, tuple, bool)):
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


def setup(app):
    app.connect("autodoc-skip-member", _skip_sklearn_generated)
    app.connect("missing-reference", _resolve_alias)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
