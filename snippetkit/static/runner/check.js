/* The expected-output check of the "Try it yourself" runners.
 *
 * A line-by-line port of the rule CI applies to every snippet
 * (snippetkit.snippet.check_output): doctest's OutputChecker with
 * pytest-doctestplus's FLOAT_CMP, plus ELLIPSIS and NORMALIZE_WHITESPACE.
 *
 *   - runs of white space are equal (Python's str.split() white space);
 *   - "..." in the expected text matches anything;
 *   - numbers with a decimal point or an exponent (and nan, inf) are compared
 *     as numbers: |got - want| <= 1e-8 + 1e-5 * |want|, as numpy.isclose does
 *     (doctestplus uses numpy.isclose when NumPy is installed, as it is in CI).
 *     Plain integers are compared as text, as doctestplus does.
 *
 * tests/test_runner.py runs this file with Node.js against the Python checker
 * on a table of cases, so the two cannot drift apart unnoticed. Digits are
 * ASCII here, where Python's \d also accepts other scripts' digits.
 *
 * Browser: window.LessonCheck. Node.js: require("./check.js").
 */
(function (root, factory) {
  "use strict";
  const api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.LessonCheck = api;
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  const RTOL = 1e-5;
  const ATOL = 1e-8;
  const ELLIPSIS = "...";
  const BLANKLINE = "<BLANKLINE>";

  // The characters Python's str.split() and re's \s treat as white space.
  const WS = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  const S = `[${WS}]`;

  // pytest_doctestplus.output_checker.OutputChecker.__init__, verbatim.
  const EXP = "(?:e[+-]?\\d+)";
  const GOT_FLOATS = `${S}*([+-]?\\d+\\.\\d*${EXP}?|[+-]?\\.\\d+${EXP}?|[+-]?\\d+${EXP}|nan|[+-]?inf)`;
  const WANT_FLOATS = `${GOT_FLOATS}(\\.{3})?`;
  const FRONT_SEP = `${S}|[*+-,<=(\\[]`; // "+-," is a range, as in the Python: "-" is not in it
  const BACK_SEP = `${FRONT_SEP}|[>j)\\]}]`;

  function numberRegex(floats) {
    const begin = `^${floats}(?=${BACK_SEP}|$)`;
    const middleOrEnd = `(?<=${FRONT_SEP})${floats}(?=${BACK_SEP}|$)`;
    return new RegExp(`(${begin}|${middleOrEnd})`, "g");
  }
  const NUM_GOT = numberRegex(GOT_FLOATS);
  const NUM_WANT = numberRegex(WANT_FLOATS);
  const SPACES = new RegExp(`${S}+`);
  const LEADING = new RegExp(`^${S}+`);
  const ONLY_SPACES = new RegExp(`^${S}*$`);
  const BLANKLINE_LINE = new RegExp(`^${BLANKLINE}${S}*$`);

  /** Python's float() of a number the regex found; throws as float("1.5...") does. */
  function pyFloat(text) {
    const s = text.replace(LEADING, "");
    if (/^[+-]?inf$/.test(s)) return s.startsWith("-") ? -Infinity : Infinity;
    if (s === "nan") return NaN;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(s)) {
      throw new Error(`could not convert string to float: '${text}'`);
    }
    return Number(s);
  }

  /** numpy.isclose(a, b, rtol=1e-5, atol=1e-8, equal_nan=True) */
  function isClose(a, b) {
    if (Number.isFinite(a) && Number.isFinite(b)) return Math.abs(a - b) <= ATOL + RTOL * Math.abs(b);
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    return a === b;
  }

  function equalFloats(a, b) {
    return isClose(pyFloat(a), pyFloat(b));
  }

  function findNumbers(text) {
    return Array.from(text.matchAll(NUM_WANT), (m) => m[1]);
  }

  function startsWith(arr, prefix) {
    if (prefix.length === 0) return true;
    if (arr.length < prefix.length) return false;
    for (let i = 0; i < prefix.length; i++) {
      if (!equalFloats(arr[i], prefix[i])) return false;
    }
    return true;
  }

  function endsWith(arr, postfix) {
    return startsWith(arr.slice().reverse(), postfix.slice().reverse());
  }

  function find(arr, suffix, start, end) {
    if (suffix.length === 0) return start;
    const part = arr.slice(start, end);
    for (let i = 0; i < part.length; i++) {
      if (equalFloats(part[i], suffix[0]) && startsWith(part.slice(i), suffix)) return start + i;
    }
    return -1;
  }

  function partialMatch(arr, chunks) {
    chunks = chunks.slice();
    let startpos = 0;
    let endpos = arr.length;
    let chunk = chunks[0];
    if (chunk.length) {
      if (!startsWith(arr, chunk)) return false;
      startpos = chunk.length;
      chunks.shift();
    }
    chunk = chunks[chunks.length - 1];
    if (chunk.length) {
      if (!endsWith(arr, chunk)) return false;
      endpos -= chunk.length;
      chunks.pop();
    }
    if (startpos > endpos) return false;
    for (const c of chunks) {
      startpos = find(arr, c, startpos, endpos);
      if (startpos < 0) return false;
      startpos += c.length;
    }
    return true;
  }

  /** doctest._ellipsis_match */
  function ellipsisMatch(want, got) {
    if (!want.includes(ELLIPSIS)) return want === got;
    const ws = want.split(ELLIPSIS);
    let startpos = 0;
    let endpos = got.length;
    let w = ws[0];
    if (w) {
      if (!got.startsWith(w)) return false;
      startpos = w.length;
      ws.shift();
    }
    w = ws[ws.length - 1];
    if (w) {
      if (!got.endsWith(w)) return false;
      endpos -= w.length;
      ws.pop();
    }
    if (startpos > endpos) return false;
    for (const part of ws) {
      const at = got.slice(0, endpos).indexOf(part, startpos);
      if (at < 0) return false;
      startpos = at + part.length;
    }
    return true;
  }

  function normalizeWhitespace(text) {
    return text.split(SPACES).filter((word) => word !== "").join(" ");
  }

  /**
   * Does `got` (what the code printed) match `want` (the expected block)?
   * True or false as CI would judge it; throws only where the Python checker
   * raises too (a number followed by "..." in the printed output).
   */
  function outputMatches(want, got) {
    want = want.split("\n").map((line) => (BLANKLINE_LINE.test(line) ? "" : line)).join("\n");
    got = got.split("\n").map((line) => (ONLY_SPACES.test(line) ? "" : line)).join("\n");
    got = normalizeWhitespace(got);
    want = normalizeWhitespace(want);
    if (got === want) return true;

    const got_ = got.replace(NUM_GOT, "0.0");
    const want_ = want.replace(NUM_GOT, "0.0");
    if (!ellipsisMatch(want_, got_)) return false;

    const numbersGot = findNumbers(got);
    const wantChunks = want.split(ELLIPSIS).map(findNumbers);
    if (wantChunks.length >= 2) return partialMatch(numbersGot, wantChunks);
    const numbersWant = wantChunks.flat();
    if (numbersGot.length !== numbersWant.length) return false;
    return numbersGot.every((n, i) => equalFloats(n, numbersWant[i]));
  }

  /** outputMatches, with "cannot compare" counted as a difference. */
  function matches(want, got) {
    try {
      return outputMatches(want, got);
    } catch (err) {
      return false;
    }
  }

  function lines(text) {
    const out = text.replace(/\n$/, "").split("\n");
    return out.length === 1 && out[0] === "" ? [] : out;
  }

  /**
   * A line diff of expected and printed output, for showing a learner what
   * differs: [{op: " " | "-" | "+", text}], "-" expected only, "+" printed
   * only. Lines are paired by the same rule as the check, one line at a time.
   */
  function diffLines(want, got) {
    const a = lines(want);
    const b = lines(got);
    const limit = 2000;
    if (a.length > limit || b.length > limit) {
      return [...a.map((text) => ({ op: "-", text })), ...b.map((text) => ({ op: "+", text }))];
    }
    const same = (i, j) => matches(a[i], b[j]);
    // longest common subsequence, from the end
    const n = a.length;
    const m = b.length;
    const table = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        table[i][j] = same(i, j) ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
      }
    }
    const out = [];
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (same(i, j) && table[i][j] === table[i + 1][j + 1] + 1) {
        out.push({ op: " ", text: b[j] });
        i++;
        j++;
      } else if (table[i + 1][j] >= table[i][j + 1]) {
        out.push({ op: "-", text: a[i++] });
      } else {
        out.push({ op: "+", text: b[j++] });
      }
    }
    while (i < n) out.push({ op: "-", text: a[i++] });
    while (j < m) out.push({ op: "+", text: b[j++] });
    return out;
  }

  return { outputMatches, matches, diffLines, RTOL, ATOL };
});
