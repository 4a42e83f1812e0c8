"""Where things are, for the test modules (`from paths import ROOT`)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"
