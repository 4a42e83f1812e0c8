"""Where things are, for the test modules (`from paths import ROOT`)."""

from snippetkit import ROOT  # noqa: F401  (the one definition; pytest puts the repository on sys.path)

SNIPPETS = ROOT / "snippets"
