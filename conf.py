"""Sphinx configuration. Pages live in docs/, code examples in snippets/.

Build with ``nox -s docs`` (or ``sphinx-build -W --keep-going -c . docs _build/html``).
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).parent))  # the local extensions: snippetkit/
from snippetkit.assets import inventory, katex_script  # noqa: E402
from snippetkit.downloads import colab_base  # noqa: E402

# Where the site is served. GitHub Pages and Read the Docs set it; a local
# build defaults to `nox -s serve`.
SITE_URL = (
    os.environ.get("SITE_URL") or os.environ.get("READTHEDOCS_CANONICAL_URL") or "http://127.0.0.1:8000/"
)

# -- Project -----------------------------------------------------------------
project = "Advanced Neural Network Techniques"
author = "The lesson authors"
copyright = "2026, the lesson authors"

extensions = [
    "myst_nb",
    "snippetkit.cache",  # myst-nb's execution cache: ready before parallel workers, set aside if damaged
    "snippetkit.parallel",  # a parallel build's pages split evenly between its processes
    "sphinx.ext.intersphinx",
    "sphinx_copybutton",
    "sphinxcontrib.bibtex",  # {cite}`key` from docs/references.bib; the list is on the references page
    "snippetkit.upstream",  # other packages' internals, patched where needed (listed in snippetkit/upstream)
    "sphinxcontrib.katex",
    "sphinx_sitemap",
    "sphinxext.opengraph",
    "notfound.extension",
    "snippetkit.assets",
    "snippetkit.slim",  # stylesheets cut to the rules the site uses; Bootstrap's script to what it uses
    "snippetkit.settings",  # snippet_timeout, runner_timeout: the snippet tools' settings
    "snippetkit.downloads",  # notebook, .py files and the lesson's zip under each page
    "snippetkit.results",  # {result}`<snippet> | <label>`: numbers in the prose taken from the run
    "snippetkit.runner",  # "Try it yourself": run and check examples in the browser
    "snippetkit.provenance",  # under each checked output: what checked it; folded expected blocks
    "snippetkit.verified",  # where the outputs were verified: the machine matrix's results, shown
    # each page's snippets: loaded, executed cells read and checked once, then handed to the five above
    "snippetkit.pipeline",
    "snippetkit.pdf",  # links to the lesson's PDFs and offline archive ({lesson-downloads}, header)
]
exclude_patterns = [
    "_build",
    "jupyter_execute",
    ".jupyter_cache",
    "_inventories",
    "**/__pycache__",  # bytecode: never shipped
]
verified_page = "where-outputs-hold"  # the page with {verified-machines}
nitpicky = True  # every cross-reference must resolve
myst_enable_extensions = ["deflist", "colon_fence", "dollarmath", "amsmath"]

# -- Executing the examples (myst-nb) ------------------------------------------
nb_execution_mode = "cache"  # a page re-executes only when its code changed
nb_execution_allow_errors = False  # an example that raises is a warning: -W fails the build,
nb_execution_raise_on_error = False  # ...while --keep-going still reports every page
nb_execution_show_tb = False  # snippetkit.cells shows the snippet's own traceback instead
# Stray stderr on a page is an error (-W): snippetkit.cells finds it and snippetkit.pipeline reports
# it, once TensorFlow's start-up notices are dropped (snippetkit.execute.STARTUP_LOGS): myst-nb would
# report those too.
nb_output_stderr = "show"
nb_merge_streams = True

# -- Citations: the papers behind each idea ---------------------------------------
bibtex_bibfiles = ["docs/references.bib"]  # relative to this file
bibtex_default_style = "plain"  # the list sorted by first author
bibtex_reference_style = "author_year"  # {cite:p}`he2015`: [He et al., 2015]; {cite:t}: He et al. [2015]

# -- Math: KaTeX, rendered to HTML at build time, so pages need no script ----------
html_math_renderer = "katex"
katex_prerender = True
katex_js_path = katex_script()  # node_modules/katex, used by the build only
katex_css_path = "katex/katex.min.css"  # shipped with its fonts (snippetkit.assets)

# -- Links to other documentation, from inventories kept in the repo ---------------
intersphinx_mapping = {
    "python": ("https://docs.python.org/3/", inventory("python")),
    "numpy": ("https://numpy.org/doc/stable/reference/", inventory("numpy")),
    "tensorflow": ("https://www.tensorflow.org/api_docs/python/tf/", inventory("tensorflow")),
}
# Name the API with a role and it links to its reference: {py:class}`~keras.layers.Dropout`

# -- HTML ----------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "Advanced Neural Network Techniques"
html_static_path = ["docs/_static"]
templates_path = ["snippetkit/upstream/templates"]  # a few theme templates, changed for accessibility
html_css_files = ["lesson.css"]
html_js_files = [("print.js", {"defer": "defer"})]  # opens hints and solutions for printing
html_favicon = "docs/_static/favicon.svg"
html_baseurl = SITE_URL
html_show_sourcelink = True
html_show_search_summary = False  # summaries are fetched per result, which file:// forbids
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": True,
    # The book theme's layout: search in the sidebar, no top bar. pydata-sphinx-theme 0.20 adds a
    # top bar with a second search button unless this is set explicitly.
    "navbar_persistent": [],
}
html_context = {"default_mode": "auto"}  # follow the reader's system setting until they pick one
if os.environ.get("REPOSITORY_URL"):  # set by the hosting workflows: "edit"/"source" links, Colab
    html_theme_options |= {
        "repository_url": os.environ["REPOSITORY_URL"],
        "repository_branch": "main",
        "path_to_docs": "docs",
        "use_source_button": True,
        "use_repository_button": True,
    }
    # "Open in Colab" on pages with TensorFlow examples: the notebooks the Pages workflow publishes
    colab_notebooks = colab_base(os.environ["REPOSITORY_URL"])

# -- Hosted site: sitemap, 404 page, link previews -----------------------------------
sitemap_url_scheme = "{link}"
notfound_urls_prefix = urlsplit(SITE_URL).path or "/"
ogp_site_url = SITE_URL
ogp_site_name = project
ogp_image = "_static/favicon.svg"
copybutton_exclude = ".linenos, .gp, .go"
