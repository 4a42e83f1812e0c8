"""Text shared word for word with the lesson brief: runs of 8 or more words.

The brief (``../shared/lesson/lesson.txt`` beside the repository) gives the
lesson's structure, facts, numbers and the inputs and outputs of its examples;
our pages and snippets say it in their own words and code. Words are compared
lowercased with punctuation dropped, so ``max(0.0, x)`` reads ``max 0 0 x``.

The brief is not part of the repository (its text is not ours to copy), so what
the test compares against is a fingerprint: a hash of every run of 8 words in
it, in ``tests/data/brief_8word_hashes.txt``. Where the brief is at hand, the
test also checks that the fingerprint is current; refresh it with
``python tests/own_words.py --update``.

Not counted: import lines, runs made only of numbers (an example's inputs and
outputs carry over on purpose), and the API calls in :data:`ALLOWED`, which
have to be written as the library spells them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BRIEF = ROOT.parent / "shared" / "lesson" / "lesson.txt"
FINGERPRINT = ROOT / "tests" / "data" / "brief_8word_hashes.txt"
RUN = 8

# Code that has to be what it is: a Keras call and the arguments the brief's example passes.
# Each entry: the call as written in a snippet, and why it may match the brief word for word.
ALLOWED = {
    'keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)': (
        "the brief's early-stopping settings are the example's input"
    ),
    "keras.optimizers.schedules.CosineDecay(initial_learning_rate=1e-3, decay_steps=10000)": (
        "the brief's schedule settings are the example's input"
    ),
    'layers.Dense(64, activation="relu", kernel_initializer="he_normal")': "He init as Keras spells it",
    'layers.Dense(64, activation="tanh", kernel_initializer="glorot_uniform")': (
        "Xavier init as Keras spells it"
    ),
    'layers.Dense(64, use_bias=False), layers.BatchNormalization(), layers.Activation("relu")': (
        "the Dense -> BatchNorm -> ReLU order is the fact being taught"
    ),
    'layers.Dense(128, activation="relu", kernel_regularizer=regularizers.l2(1e-4))': (
        "L2 on a layer as Keras spells it, with the brief's strength"
    ),
    'layers.Dense(10, activation="softmax")': "the 10-class output layer",
    'layers.Dense(64, activation="relu")': "a ReLU hidden layer",
    'layers.Dense(64, activation="gelu")': "a GELU hidden layer",
    "keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)": "the brief's SGD settings",
    "keras.optimizers.Adam(learning_rate=1e-3)": "the brief's Adam settings",
}

_IMPORT = re.compile(r"^\s*(import\s|from\s+\S+\s+import\s)")
_NUMBER = re.compile(r"^[0-9]+$")


def words(text: str) -> list[str]:
    """Lowercased words, punctuation dropped (an apostrophe joins: "don't" -> "dont").

    >>> words("Don't use max(0.0, x)!")
    ['dont', 'use', 'max', '0', '0', 'x']
    """
    return re.findall(r"[a-z0-9]+", re.sub(r"['’]", "", text.lower()))


def digest(run: Iterable[str]) -> str:
    return hashlib.sha256(" ".join(run).encode()).hexdigest()[:16]


def fingerprint(text: str) -> set[str]:
    """The hash of every run of 8 consecutive words of *text*."""
    w = words(text)
    return {digest(w[i : i + RUN]) for i in range(len(w) - RUN + 1)}


@dataclasses.dataclass
class Shared:
    path: Path
    first_line: int
    last_line: int
    text: str

    def __str__(self) -> str:
        where = f"{self.first_line}" + (f"-{self.last_line}" if self.last_line != self.first_line else "")
        return f"{self.path}:{where}: {len(self.text.split())} words as in the brief: {self.text!r}"


def _allowed_words() -> list[list[str]]:
    return [words(call) for call in ALLOWED]


def shared_runs(path: Path, text: str, hashes: set[str]) -> Iterator[Shared]:
    """The longest runs of *text* whose every 8-word window is in *hashes*.

    Windows made only of numbers, or only of words inside an allowed call, do not count.
    """
    tokens: list[tuple[str, int]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if path.suffix == ".py" and _IMPORT.match(line):
            continue
        tokens.extend((w, number) for w in words(line))
    ws = [w for w, _ in tokens]
    allowed = [False] * len(ws)
    for call in _allowed_words():
        for i in range(len(ws) - len(call) + 1):
            if ws[i : i + len(call)] == call:
                allowed[i : i + len(call)] = [True] * len(call)
    hit = [False] * len(ws)
    for i in range(len(ws) - RUN + 1):
        window = range(i, i + RUN)
        if all(allowed[j] or _NUMBER.match(ws[j]) for j in window):
            continue
        if digest(ws[i : i + RUN]) in hashes:
            hit[i : i + RUN] = [True] * RUN
    i = 0
    while i < len(ws):
        if not hit[i]:
            i += 1
            continue
        j = i
        while j < len(ws) and hit[j]:
            j += 1
        yield Shared(path, tokens[i][1], tokens[j - 1][1], " ".join(ws[i:j]))
        i = j


def lesson_files(root: Path = ROOT) -> list[Path]:
    """Every page and snippet: what a learner reads."""
    return sorted([*(root / "docs").glob("*.md"), *(root / "snippets").rglob("*.py")])


def load_fingerprint() -> set[str]:
    return set(FINGERPRINT.read_text(encoding="utf-8").split())


def write_fingerprint() -> int:
    hashes = sorted(fingerprint(BRIEF.read_text(encoding="utf-8")))
    FINGERPRINT.parent.mkdir(parents=True, exist_ok=True)
    FINGERPRINT.write_text("\n".join(hashes) + "\n", encoding="utf-8")
    return len(hashes)


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        print(f"{write_fingerprint()} hashes written to {FINGERPRINT.relative_to(ROOT)}")
    else:
        found = [
            hit
            for path in lesson_files()
            for hit in shared_runs(
                path.relative_to(ROOT), path.read_text(encoding="utf-8"), load_fingerprint()
            )
        ]
        print(*found, sep="\n")
        print(f"{len(found)} runs, {sum(len(h.text.split()) for h in found)} words")
