"""Sphinx configuration. Pages live in docs/, code examples in snippets/.

Build with ``nox -s docs`` (or ``sphinx-build -W --keep-going -c . docs _build/html``).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # the local extension: snippetkit/

# -- Project -----------------------------------------------------------------
project = "Advanced Neural Network Techniques"
author = "The lesson authors"
copyright = "2026, the lesson authors"

extensions = [
    "myst_nb",
    "sphinx_design",
    "sphinx_copybutton",
    "snippetkit.sphinx_ext",
]
exclude_patterns = ["_build", "jupyter_execute", ".jupyter_cache"]
myst_enable_extensions = ["deflist", "colon_fence", "dollarmath", "amsmath"]

# -- Executing the examples (myst-nb) ------------------------------------------
nb_execution_mode = "cache"  # a page re-executes only when its code changed
nb_execution_timeout = 120  # seconds per cell; a hanging example fails the build
nb_execution_allow_errors = False  # an example that raises is a warning: -W fails the build,
nb_execution_raise_on_error = False  # ...while --keep-going still reports every page
nb_execution_show_tb = True  # the build log shows the traceback
nb_output_stderr = "warn"  # stray stderr on a page is a warning (-W: an error)
nb_merge_streams = True

# -- HTML ----------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "Advanced Neural Network Techniques"
html_static_path = ["docs/_static"]
html_css_files = ["lesson.css"]
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": True,
}
copybutton_exclude = ".linenos, .gp, .go"
