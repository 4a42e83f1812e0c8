"""The lesson as one PDF (snippetkit.pdf, in the offline archive), read back with poppler's pdftotext.

Every page title in reading order, each starting a sheet; every figure; hints and solutions
printed open; none of the site's controls.
"""

import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from snippetkit import ROOT, snippetfile

#: What only the site's controls say (the prose may name "Try it yourself" or "Show hint").
RUNNER_WORDS = ["Try it yourself »", "▶ Run", "✓ Check", "↺ Reset", "No Run button here", "Show the solution"]


class _Titles(HTMLParser):
    """The text of a page's <h1>, the figures' images and the toctree links of the article."""

    def __init__(self):
        super().__init__()
        self.h1, self.images, self.links, self._in_h1, self._in_article = [], [], [], False, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self._in_article = True
        if tag == "h1" and self._in_article and not self.h1:
            self._in_h1 = True
            self.h1.append("")
        if tag == "img" and self._in_article:
            self.images.append(attrs.get("src", ""))
        if tag == "a" and "reference internal" in (attrs.get("class") or "") and self._in_article:
            self.links.append(attrs.get("href", ""))

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False
        if tag == "article":
            self._in_article = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1[-1] += data


def parse(path):
    parser = _Titles()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def squeeze(text):
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def pdf(site):
    path = site / "lesson.pdf"
    if not path.is_file():
        pytest.fail("no lesson.pdf in the archive: `nox -s docs` writes it when Chromium is installed", False)
    if not shutil.which("pdftotext"):
        pytest.fail("no pdftotext: apt-get install poppler-utils", pytrace=False)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return path, text.stdout.split("\f")


def reading_order(site):
    """index.html, then the pages its tables of contents list, in order (each once)."""
    html = (site / "index.html").read_text(encoding="utf-8")
    toctrees = "".join(re.findall(r'<div class="toctree-wrapper[^"]*">(.*?)</div>', html, re.S))
    order = ["index.html"]
    for href in re.findall(r'<a class="reference internal" href="([^"#]+)', toctrees):
        if href not in order:
            order.append(href)
    return order


def test_every_page_title_in_reading_order_each_on_a_new_sheet(site, pdf):
    _, sheets = pdf
    order = reading_order(site)
    assert len(order) > 10, order
    firsts = [squeeze(sheet)[:200] for sheet in sheets]
    at = 0
    for name in order:
        title = squeeze(parse(site / name).h1[0]).rstrip("#¶ ")
        starts = [i for i, first in enumerate(firsts) if i >= at and first.startswith(title[:30])]
        assert starts, f"{name}: its title {title!r} does not start a sheet after sheet {at + 1}"
        at = starts[0] + 1


def test_every_figure_is_in_the_pdf(site, pdf):
    path, sheets = pdf
    images = [img for name in reading_order(site) for img in parse(site / name).images if "_images/" in img]
    assert images, "the lesson has figures"
    listed = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True)
    count = len(listed.stdout.splitlines()) - 2  # two header lines
    assert count >= len(images), f"{count} images in the PDF, {len(images)} figures on the pages"
    text = squeeze(" ".join(sheets))
    captions = re.findall(
        r'<figcaption>\s*<p><span class="caption-text">(.*?)</span>',
        "".join((site / n).read_text(encoding="utf-8") for n in reading_order(site)),
        re.S,
    )
    for caption in captions:
        words = squeeze(re.sub(r"<[^>]+>", "", caption))[:40]
        assert words in text, f"caption missing from the PDF: {words!r}"


def test_hints_and_solutions_are_printed_open_and_no_control_is(site, pdf):
    _, sheets = pdf
    text = squeeze(" ".join(sheets))
    for word in RUNNER_WORDS:
        assert word not in text, f"{word!r} is a control of the site, not for paper"
    shown = [
        snippetfile.load(ROOT / path)
        for name in reading_order(site)
        for path in re.findall(r"^```\{exercise\}\s*\.\./(\S+)", docs_source(name), re.M)
    ]
    assert shown, "the lesson has exercises"
    for snip in shown:
        for hint in snip.hints():
            assert squeeze(f"replace ___ with {hint.text}") in text, f"{snip.path.name}: hint {hint.text!r}"
    assert text.count("Solution") >= len(shown), "each exercise's solution is printed, under 'Solution'"


def docs_source(name):
    return (ROOT / "docs" / name.replace(".html", ".md")).read_text(encoding="utf-8")
