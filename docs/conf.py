"""Sphinx configuration of the liquidstate documentation (``make docs`` builds it)."""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))           # local extensions: gallery and CLI pages

import liquidstate  # noqa: E402  (the installed package, or PYTHONPATH=src)
import lsdocs  # noqa: E402

project = "liquidstate"
author = "liquidstate developers"
copyright = "liquidstate developers"
release = version = liquidstate.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "myst_parser",
    "sphinx_design",
    "sphinx_copybutton",
    "lsdocs",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
templates_path = ["_templates"]
# The README links docs/separation.png from the repository root; the docs show it too.
html_extra_path: list[str] = []

# -- API reference ----------------------------------------------------------------------------
autosummary_generate = True
autosummary_imported_members = True     # subpackages re-export their modules' public names
autosummary_ignore_module_all = False   # ... and __all__ says which ones are public
# Names that the top-level package re-exports are documented once, as liquidstate.NAME; the
# subpackage pages link to them (see _templates/autosummary/module.rst).
# long_values: the constants whose values are too long to print in full (their pages omit them).
autosummary_context = {"toplevel": [n for n in liquidstate.__all__ if n != "__version__"],
                       "long_values": lsdocs.long_values(DOCS / "api" / "index.rst")}
autodoc_default_options = {"member-order": "bysource"}
autodoc_typehints = "none"              # numpydoc's Parameters sections say the types
add_module_names = False

numpydoc_show_class_members = False     # the class template lists methods and attributes
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = True
numpydoc_xref_param_type = False

# -- MyST (the user guide is Markdown, like the README it comes from) ------------------------
myst_enable_extensions = ["colon_fence", "dollarmath", "deflist"]
myst_heading_anchors = 3

# -- HTML -------------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"liquidstate {release}"
html_static_path: list[str] = []
html_theme_options = {
    "navigation_depth": 3,
    "show_toc_level": 2,
    "navbar_align": "left",
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_sidebars = {"index": [], "cli": []}
html_show_sourcelink = False

# Every cross-reference must resolve (lsdocs also resolves names by the object they denote).
nitpicky = True
# The build runs offline (CI has no network), so there is no intersphinx: references into
# NumPy, SciPy, scikit-learn and matplotlib stay plain text instead of links.
nitpick_ignore_regex = [(r"py:.*", r"(numpy|scipy|sklearn|matplotlib)(\..*)?")]
