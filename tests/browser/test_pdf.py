"""The lesson's PDFs (snippetkit.pdf, in the offline archive), read back with poppler's pdftotext.

lesson.pdf: every page title in reading order, each starting a sheet; every figure; the hints and
solutions in an answer key after the lesson; none of the site's controls, nor the exercises'
progress; each output once; long code lines wrapped under their own code; a number on every
sheet; no character that prints as an empty box. lesson-worksheet.pdf: every exercise's blanks,
none of its answers. And the site links both, and the offline archive where that resolves.
"""

import re
import shutil
import subprocess
import unicodedata
from functools import cache
from html.parser import HTMLParser

import pytest

from snippetkit import ROOT, snippetfile
from snippetkit import pdf as lesson_pdf

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


def read_pdf(site, name):
    path = site / name
    if not path.is_file():
        pytest.fail(f"no {name} in the archive: `nox -s docs` writes it when Chromium is installed", False)
    if not shutil.which("pdftotext"):
        pytest.fail("no pdftotext: apt-get install poppler-utils", pytrace=False)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    sheets = text.stdout.split("\f")
    return path, sheets[:-1] if sheets and not sheets[-1].strip() else sheets


@pytest.fixture(scope="module")
def pdf(site):
    return read_pdf(site, lesson_pdf.LESSON)


@pytest.fixture(scope="module")
def worksheet(site):
    return read_pdf(site, lesson_pdf.WORKSHEET)


@pytest.fixture(scope="module", params=[lesson_pdf.LESSON, lesson_pdf.WORKSHEET])
def either(site, request):
    return request.param, read_pdf(site, request.param)[1]


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


def exercises(site):
    """Every {exercise} of the lesson, in reading order."""
    return [
        snippetfile.load(ROOT / path)
        for name in reading_order(site)
        for path in re.findall(r"^```\{exercise\}\s*\.\./(\S+)", docs_source(name), re.M)
    ]


def nospace(text):
    return re.sub(r"\s+", "", text)


def answer_lines(snip):
    """The lines of an exercise's solution that its hand-out does not have (at least 8 characters
    without spaces), and that no page and no other example shows (``v = beta * v - lr * g`` is
    the answer of one exercise and the code of another page's example)."""
    handout = nospace(snip.handout())
    solved = [nospace(line.split("  #")[0]) for line in snip.solution(for_display=True).splitlines()]
    return [
        line
        for line in solved
        if len(line) >= 8 and line not in handout and line not in shown_elsewhere(snip.path)
    ]


@cache
def shown_elsewhere(exercise):
    """The lesson's pages and every snippet but *exercise*, without spaces."""
    texts = [path.read_text(encoding="utf-8") for path in (ROOT / "docs").glob("*.md")]
    texts += [
        path.read_text(encoding="utf-8")
        for path in snippetfile.discover(ROOT / "snippets")
        if path != exercise
    ]
    return nospace("\n".join(texts))


def blank_lines(snip):
    """What shows an exercise's hand-out blanks: each ``___`` line's code, or the placeholder."""
    lines = [nospace(line.split("#")[0]) for line in snip.handout().splitlines() if snippetfile.BLANK in line]
    return lines or [nospace(snippetfile.PLACEHOLDER)]


def test_hints_and_solutions_are_in_the_answer_key_and_no_control_is_printed(site, pdf):
    _, sheets = pdf
    text = squeeze(" ".join(sheets))
    for word in RUNNER_WORDS:
        assert word not in text, f"{word!r} is a control of the site, not for paper"
    shown = exercises(site)
    assert shown, "the lesson has exercises"
    key = [i for i, sheet in enumerate(sheets) if squeeze(sheet).startswith("Answer key")]
    assert key, "lesson.pdf ends with an answer key: no sheet starts with 'Answer key'"
    lesson, answers = nospace(" ".join(sheets[: key[-1]])), nospace(" ".join(sheets[key[-1] :]))
    for snip in shown:
        for hint in snip.hints():
            assert nospace(hint.text) in answers, (
                f"{snip.path.name}: hint {hint.text!r} not in the answer key"
            )
        for line in answer_lines(snip):
            assert line in answers, f"{snip.path.name}: solution line {line!r} not in the answer key"
            assert line not in lesson, (
                f"{snip.path.name}: solution line {line!r} printed before the answer key"
            )
    assert text.count("Solution") >= len(shown), "each exercise's solution is printed, under 'Solution'"
    assert text.count("in the answer key at the end") >= len(shown), "each exercise points to its answer"


def test_the_worksheet_has_every_blank_and_no_answer(site, worksheet, pdf):
    _, sheets = worksheet
    text = nospace(" ".join(sheets))
    full = nospace(" ".join(pdf[1]))
    shown = exercises(site)
    assert shown, "the lesson has exercises"
    for snip in shown:
        for line in blank_lines(snip):
            assert line in text, f"{snip.path.name}: the hand-out's {line!r} is not in the worksheet"
        answers = answer_lines(snip)
        assert answers, f"{snip.path.name}: a solution with no line of its own"
        for line in answers:
            assert line in full, f"{snip.path.name}: solution line {line!r} not in lesson.pdf"
            assert line not in text, f"{snip.path.name}: solution line {line!r} is in the worksheet"
    for word in ["Answer key", "Hints", "Solution", "in the answer key at the end"]:
        assert word not in squeeze(" ".join(sheets)), f"{word!r} in the worksheet"


def test_every_sheet_carries_its_number(either):
    name, sheets = either
    for number, sheet in enumerate(sheets, 1):
        foot = [line for line in sheet.splitlines() if line.strip()][-1]
        assert re.search(rf"\bpage {number} of {len(sheets)}\s*$", foot), (
            f"{name}, sheet {number}: its last line is {foot.strip()!r}, not 'page {number} of {len(sheets)}'"
        )


def test_the_exercises_progress_does_not_print(either):
    name, sheets = either
    text = squeeze(" ".join(sheets))
    assert "exercises passed" not in text, f"{name}: the in-browser progress is printed"


@cache
def _no_box_font(char: str) -> bool:
    """Whether no installed font other than an emoji font has *char* (Chromium would print it
    from the emoji font, or as an empty box where there is none)."""
    families = subprocess.run(
        ["fc-list", f":charset={ord(char):x}", "family"], capture_output=True, text=True, check=True
    ).stdout
    return not [
        family for family in families.splitlines() if family.strip() and "emoji" not in family.lower()
    ]


def test_no_character_prints_as_an_empty_box(either):
    """No emoji, no U+FFFD, and no character that only an emoji font (or none) has: a reader's
    printer or viewer without that font draws an empty box. The site's own icon font (Font Awesome,
    in Unicode's private use area) is shipped with it, so its icons are left out."""
    if not shutil.which("fc-list"):
        pytest.fail("no fc-list: apt-get install fontconfig", pytrace=False)
    name, sheets = either
    boxes = {}
    for number, sheet in enumerate(sheets, 1):
        for char in set(sheet):
            if ord(char) < 0x80 or unicodedata.category(char) in ("Co", "Cf", "Mn", "Zs"):
                continue  # ASCII, private use (the icon font), zero-width and combining marks, spaces
            if char == "\ufffd" or _no_box_font(char):
                boxes.setdefault(char, number)
    assert not boxes, f"{name}: characters no text font has, which print as empty boxes: " + ", ".join(
        f"U+{ord(c):04X} {unicodedata.name(c, '?')} (first on sheet {n})" for c, n in sorted(boxes.items())
    )


def known_lines():
    """Every line of code or output the lesson shows, without spaces, from the snippet files."""
    lines = set()
    for path in snippetfile.discover(ROOT / "snippets"):
        snip = snippetfile.load(path)
        lines |= {nospace(line) for line in snip.source.splitlines() + snip.expected.splitlines()}
    return {line for line in lines if len(line) >= 24}


def test_long_code_lines_wrap_under_their_own_code(pdf):
    """A line wider than the sheet goes on past its indentation, not back at the margin: pdftotext
    -layout puts each continuation to the right of where its line starts."""
    _, sheets = pdf
    by_start = {}
    for line in known_lines():
        by_start.setdefault(line[:24], []).append(line)
    wrong = []
    for number, sheet in enumerate(sheets, 1):
        rows = sheet.split("\n")
        for i, row in enumerate(rows[:-1]):
            start = nospace(row)
            following = next((r for r in rows[i + 1 :] if r.strip()), "")
            for line in by_start.get(start[:24], []):
                rest = line[len(start) :]
                if (
                    len(line) > len(start)
                    and line.startswith(start)
                    and rest.startswith(nospace(following)[:12])
                ):
                    if indent(following) <= indent(row):
                        wrong.append(
                            f"sheet {number}: {row.strip()[:50]!r} goes on at column "
                            f"{indent(following)}, its line starts at {indent(row)}"
                        )
                    break
    assert not wrong, f"{len(wrong)} code lines wrap back to their block's margin:\n" + "\n".join(wrong[:10])


def indent(row):
    return len(row) - len(row.lstrip())


def test_each_output_prints_once(site, pdf):
    """An example's output prints under it, and not again as its code's expected block (the
    exercises' hand-outs keep theirs: the learner's target)."""
    _, sheets = pdf
    text = nospace(" ".join(sheets))
    loaded = [
        snippetfile.load(ROOT / path)
        for name in reading_order(site)
        for path in re.findall(r"^:load:\s*\.\./(\S+)", docs_source(name), re.M)
    ]
    counts = {}
    for snip in loaded:
        code = nospace("\n".join(snip.source.splitlines()[: snip.expected_line - 1]))
        lines = sorted((nospace(line) for line in snip.expected.splitlines()), key=len)
        lines = [line for line in lines if line not in code]  # not a string the code prints as it is
        if lines and len(lines[-1]) >= 24:
            counts[snip.path.name] = (lines[-1], text.count(lines[-1]))
    assert len(counts) > 20, counts
    twice = {name: found for name, found in counts.items() if found[1] != 1}
    assert not twice, f"outputs printed other than once ({len(twice)} of {len(counts)}): {twice}"


def test_a_long_line_printed_from_a_page_wraps_past_its_indentation(site, chromium, tmp_path):
    """print.js and the print stylesheet on a line far wider than the sheet, printed as a reader
    prints a page: its continuations start past the line's own indentation."""
    page = chromium.new_page()
    try:
        page.goto((site / "setup.html").as_uri())
        long = "    total = " + " + ".join(f"weight_{i}" for i in range(40))
        page.evaluate(
            """(code) => {
              const box = document.createElement("div");
              box.className = "highlight";
              box.innerHTML = "<pre></pre>";
              box.firstChild.textContent = "def f():\\n" + code + "\\n    return total\\n";
              document.querySelector("article.bd-article").prepend(box);
              window.lessonPrint.open();
            }""",
            long,
        )
        page.emulate_media(media="print")
        page.pdf(path=str(tmp_path / "one.pdf"), format="A4", page_ranges="1")
    finally:
        page.close()
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "one.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    rows = text.splitlines()
    first = next(i for i, row in enumerate(rows) if "total = weight_0" in row)
    code_at = indent(rows[first])
    continued = []
    for row in rows[first + 1 :]:
        if "return total" in row:
            break
        continued.append(row)
    assert continued, f"the line did not wrap: {rows[first]!r}"
    for row in continued:
        assert indent(row) > code_at, (
            f"a continuation starts at column {indent(row)}, its line at {code_at}:\n"
            + ("\n".join(rows[first : first + len(continued) + 1]))
        )
    assert nospace("".join([rows[first], *continued])) == nospace(long), (
        "the line's text is all printed, once"
    )


def test_the_site_links_the_pdfs_and_the_archive_where_it_resolves(site):
    """The set-up page and the header's download menu link both PDFs (in the archive, where they
    are); the site beside the archive links the archive, the archive's copy says the reader has it."""
    page = (site / "setup.html").read_text(encoding="utf-8")
    for name in (lesson_pdf.LESSON, lesson_pdf.WORKSHEET):
        assert f'href="{name}"' in page, f"setup.html does not link {name}"
        assert (site / name).is_file()
    buttons = re.findall(r'<a href="([^"]+)"[^>]*class="btn btn-sm btn-download-pdf-button', page)
    assert buttons == [lesson_pdf.LESSON, lesson_pdf.WORKSHEET], f"the header's PDF buttons open {buttons}"
    assert "window.print()" not in page, "the header's PDF button opens the browser's print dialog"
    assert f'href="{lesson_pdf.ARCHIVE}"' not in page, "the archive links itself"
    assert "you are reading it" in page, "the archive's copy of the set-up page says the reader has it"
    built = ROOT / "_build" / "html"
    if (built / "setup.html").is_file():  # the site `nox -s docs` built beside the archive
        assert f'href="{lesson_pdf.ARCHIVE}"' in (built / "setup.html").read_text(encoding="utf-8")
        assert (built / lesson_pdf.ARCHIVE).is_file(), "the site links the archive it does not hold"


def docs_source(name):
    return (ROOT / "docs" / name.replace(".html", ".md")).read_text(encoding="utf-8")
