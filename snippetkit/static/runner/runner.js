/* "Try it yourself": edit, run and check the lesson's plain-Python examples in the browser.
 *
 * snippetkit/runner.py puts a runner (div.runner, hidden until this script
 * shows it) after each example that only needs the standard library. This
 * script wires it up: Run executes the code with Python in a Web Worker
 * (worker.mjs, Pyodide, started when a learner first opens an editor, never before), Check
 * runs it and has that Python compare the output with the expected block by
 * CI's own checker (see worker.mjs); this script shows its verdict and diff.
 * Stop and a time limit end a run, Reset restores the code.
 *
 * Examples that need TensorFlow and the like get a note instead
 * (div.runner-unavailable); its Copy button is wired up here too.
 *
 * Progress stays on the learner's device (localStorage, nothing is sent): an editor's text
 * survives a reload (Reset restores the lesson's), a passed Check marks the exercise done, and
 * each exercise and the home page ({lesson-progress}) count the lesson's exercises passed, of
 * those listed in script#lesson-exercises; after a pass, the page's "next" link is offered as the next
 * step; "Forget my progress" asks, then clears it all.
 *
 * Line numbers beside each editor follow its code; Check lists the lines that differ as check.py does.
 *
 * Timings of each run are kept in window.lessonRunner.timings, for the tests.
 */
(function () {
  "use strict";

  const BASE = new URL(".", document.currentScript.src);
  const WORKER_URL = new URL("worker.mjs", BASE);
  const FROM_FILE = location.protocol === "file:";
  const FILE_HINT =
    "To run code here, start the local viewer: run “python3 serve.py” in the lesson folder " +
    "and open the address it prints.";
  // The page's loader (snippetkit/runner.py, LOADER) made window.lessonRunner before this script.
  window.lessonRunner = window.lessonRunner || { timings: [] };
  const timings = window.lessonRunner.timings;

  // -- progress, kept in this browser ------------------------------------------------------
  const STORE = "nn-techniques-lesson:";
  const listed = document.getElementById("lesson-exercises");
  const EXERCISES = listed ? JSON.parse(listed.textContent) : [];

  const store = {
    get(key) {
      try { return localStorage.getItem(STORE + key); } catch (err) { return null; }
    },
    set(key, value) {
      try { localStorage.setItem(STORE + key, value); } catch (err) { /* storage off: nothing kept */ }
    },
    remove(key) {
      try { localStorage.removeItem(STORE + key); } catch (err) { /* nothing kept */ }
    },
    forget() {
      try {
        Object.keys(localStorage).filter((key) => key.startsWith(STORE)).forEach((key) => localStorage.removeItem(key));
      } catch (err) { /* nothing kept */ }
    },
  };

  function passedCount() {
    return EXERCISES.filter((source) => store.get(`passed:${source}`)).length;
  }

  function countText() {
    const n = passedCount();
    return `${n} of the lesson's ${EXERCISES.length} in-browser exercises passed in this browser.`;
  }

  function showProgress() {
    for (const runner of runners) {
      if (!runner.progress) continue;
      const passed = store.get(`passed:${runner.data.source}`);
      runner.progress.textContent = `${passed ? "✓ You passed this exercise. " : ""}${countText()}`;
      runner.progress.hidden = false;
      showNext(runner, Boolean(passed));
    }
    document.querySelectorAll("div.lesson-progress").forEach((box) => {
      box.querySelector(".lesson-progress-count").textContent = countText();
      box.hidden = false;
    });
  }

  // After a pass, a next step: the page that follows in the lesson (the page's own "next" link).
  function showNext(runner, passed) {
    if (!runner.next) return;
    runner.next.textContent = "";
    runner.next.hidden = !passed;
    if (!passed) return;
    const next = document.querySelector("a.right-next");
    const link = document.createElement("a");
    if (next) {
      const title = next.querySelector(".prev-next-title");
      link.href = next.href;
      link.textContent = (title ? title.textContent : next.textContent).trim();
      runner.next.append("Next step: read on with ", link, ".");
    } else {
      link.href = new URL("../../index.html", BASE).href;
      link.textContent = "the lesson's contents";
      runner.next.append("Next step: pick a page from ", link, " to practise again.");
    }
  }

  // -- the page's one Python worker --------------------------------------------------------
  let worker = null;
  let workerReady = false;
  let active = null; // the run in progress: {runner, id, mode, ...}
  let nextId = 1;

  function startWorker() {
    worker = new Worker(WORKER_URL, { type: "module", name: "lesson-python" });
    workerReady = false;
    worker.onmessage = (event) => onWorkerMessage(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      if (!active) stopWorker();
      finish({ failed: `Python could not start (${event.message || "its files did not load"}).` });
    };
  }

  function stopWorker() {
    if (worker) worker.terminate();
    worker = null;
    workerReady = false;
  }

  function onWorkerMessage(message) {
    if (!message || typeof message !== "object") return;
    if (message.type === "ready") {
      workerReady = true;
      if (active) active.loadMs = message.loadMs;
      return;
    }
    if (message.type === "failed") {
      if (!active) stopWorker(); // started ahead of a Run: the next Run tries again, and says why
      finish({ failed: `Python could not start: ${message.message}` });
      return;
    }
    if (!active || message.id !== active.id) return;
    if (message.type === "started" || message.type === "checking") { // the time limit starts for each
      active.startedAt ??= performance.now();
      active.checking = message.type === "checking";
      setStatus(active.runner, active.checking ? "Checking the output…" : "Running…");
      clearTimeout(active.timer);
      active.timer = setTimeout(() => finish({ timedOut: true }), active.runner.data.timeout * 1000);
    } else if (message.type === "output" && Array.isArray(message.chunks)) {
      for (const [stream, text] of message.chunks) appendOutput(active.runner, String(text), stream);
    } else if (message.type === "done") {
      finish({ stdout: String(message.stdout || ""), error: message.error ? String(message.error) : null,
               truncated: Boolean(message.truncated), omitted: Number(message.omitted || 0),
               tail: String(message.tail || ""), check: message.check || null });
    }
  }

  // -- one runner ----------------------------------------------------------------------------
  function setStatus(runner, text, kind) {
    runner.status.textContent = text;
    runner.status.dataset.kind = kind || "";
  }

  function appendOutput(runner, text, stream) {
    if (!text) return;
    const out = runner.output;
    out.hidden = false;
    const last = out.lastElementChild;
    if (last && last.dataset.stream === stream) {
      last.append(text);
    } else {
      const span = document.createElement("span");
      span.dataset.stream = stream;
      span.className = `runner-${stream}`;
      span.append(text);
      out.append(span);
    }
    if (active && active.runner === runner && active.firstOutputMs === undefined) {
      active.firstOutputMs = performance.now() - active.pressedAt;
    }
    out.scrollTop = out.scrollHeight;
  }

  function setBusy(busy) {
    for (const runner of runners) {
      runner.run.disabled = busy;
      runner.check.disabled = busy;
      runner.stop.disabled = !(busy && active && active.runner === runner);
      runner.root.setAttribute("aria-busy", String(busy && active && active.runner === runner));
    }
  }

  function clearResult(runner) {
    runner.output.textContent = "";
    runner.output.hidden = true;
    runner.diff.textContent = "";
    runner.diff.hidden = true;
    setStatus(runner, "");
  }

  function start(runner, mode) {
    if (active) return;
    if (FROM_FILE) {
      setStatus(runner, FILE_HINT, "error");
      return;
    }
    clearResult(runner);
    const cold = !workerReady; // Python still starting (or not started): this run waits for it
    active = { runner, mode, id: nextId++, cold, pressedAt: performance.now() };
    setBusy(true);
    if (!worker) startWorker();
    setStatus(runner, workerReady ? "Running…" : "Starting Python in your browser (the first run takes a few seconds)…");
    worker.postMessage({ type: "run", id: active.id, code: runner.code.value, filename: runner.data.file,
                         expected: mode === "check" ? runner.data.expected : null });
  }

  function finish(result) {
    if (!active) return;
    const run = active;
    const runner = run.runner;
    clearTimeout(run.timer);
    if (result.timedOut || result.stopped || result.failed) stopWorker();
    if (result.truncated) {
      const count = result.omitted > 0 ? `${result.omitted.toLocaleString("en")} characters of ` : "";
      appendOutput(runner, `\n[… ${count}output cut here: the output was too long to show whole …]\n`, "note");
      if (result.tail) appendOutput(runner, result.tail, "stdout");
    }
    if (result.error) appendOutput(runner, result.error, "error");
    const ended = performance.now();
    active = null;
    timings.push({
      file: runner.data.file, mode: run.mode, cold: run.cold,
      firstOutputMs: run.firstOutputMs === undefined ? null : run.firstOutputMs,
      totalMs: ended - run.pressedAt, loadMs: run.loadMs === undefined ? null : run.loadMs,
      outcome: result.failed ? "failed" : result.timedOut ? "timeout" : result.stopped ? "stopped"
        : result.error ? "error" : "ok",
      check: !result.check ? null : result.check.failed ? "not checked" : result.check.passed ? "passed" : "failed",
    });
    setBusy(false);

    if (result.failed) {
      setStatus(runner, result.failed, "error");
    } else if (result.timedOut && run.checking) {
      setStatus(runner, `Stopped after ${runner.data.timeout} s: checking the output took too long.`, "error");
    } else if (result.timedOut) {
      setStatus(runner, `Stopped after ${runner.data.timeout} s: the code was still running (an endless loop?).`, "error");
    } else if (result.stopped) {
      setStatus(runner, "Stopped.", "error");
    } else if (result.error) {
      const last = result.error.trim().split("\n").pop();
      let text = `Your code raised an error: ${last}`;
      if (/NameError: name '___' is not defined/.test(result.error)) {
        text += ". Replace each ___ with code: the \"->\" note on its line says where to look";
        text += runner.hints ? `, and “${runner.hints}” below gives the idea for each line, then its code.` : ".";
      }
      setStatus(runner, run.mode === "check" ? `✗ Check failed. ${text}` : text, "error");
    } else if (run.mode === "check") {
      showCheck(runner, result.stdout, result.check);
    } else {
      const seconds = ((ended - (run.startedAt || run.pressedAt)) / 1000).toFixed(2);
      const nothing = result.stdout || runner.output.textContent ? "" : " It printed nothing.";
      setStatus(runner, `Finished in ${seconds} s.${nothing}`, "ok");
    }
  }

  function showCheck(runner, stdout, check) {
    if (!check || check.failed) {
      setStatus(runner, `The output could not be checked: ${check ? check.failed : "Python gave no verdict"}.`, "error");
      return;
    }
    if (check.passed) {
      setStatus(runner, "✓ Check passed: your output matches the expected output.", "ok");
      if (runner.data.exercise) {
        store.set(`passed:${runner.data.source}`, new Date().toISOString());
        showProgress();
      }
      return;
    }
    if (check.long) {
      setStatus(runner, `✗ Check failed: your code printed ${check.long.toLocaleString("en")} characters, ` +
        "far more than the expected output.", "error");
      return;
    }
    const what = stdout ? "your output differs from the expected output" : "your code printed nothing";
    setStatus(runner, `✗ Check failed: ${what} (the lines that differ are below).`, "error");
    showDiff(runner, check.rows || []);
  }

  // The lines that differ, paired as check.py prints them ("line 32: expected '…'" over
  // "printed  '…'", snippetkit.checker.differing_lines), numbered as the editor numbers them.
  const HEADER = /^#\s*Expected output:/;

  function headerLine(runner) {
    const lines = runner.code.value.split("\n");
    for (let n = lines.length - 1; n >= 0; n--) if (HEADER.test(lines[n])) return n + 1;
    return runner.data.expected_line || null;
  }

  function showDiff(runner, rows) {
    const diff = runner.diff;
    diff.textContent = "";
    const header = headerLine(runner);
    const legend = document.createElement("p");
    legend.className = "runner-diff-legend";
    legend.textContent = header
      ? "Lines that differ (numbered as in the editor):"
      : "Lines that differ (numbered from the first line of the expected output):";
    const pre = document.createElement("pre");
    pre.tabIndex = 0;
    pre.setAttribute("role", "region");
    pre.setAttribute("aria-label", "Lines that differ: expected and printed");
    for (const [index, expected, printed] of rows) {
      const where = `line ${header ? header + 1 + index : index + 1}: `;
      const row = document.createElement("span");
      row.className = "runner-diff-row";
      const [a, b] = split(expected, printed);
      const at = document.createElement("span");
      at.className = "runner-diff-where"; // on a phone, a line of its own (runner.css)
      at.textContent = where;
      const pad = document.createElement("span");
      pad.className = "runner-diff-pad";
      pad.textContent = " ".repeat(where.length);
      row.append(at, label("expected "), text(a), "\n", pad, label("printed  "), text(b));
      pre.append(row);
    }
    diff.append(legend, pre);
    diff.hidden = false;
  }

  function label(word) {
    const span = document.createElement("span");
    span.className = "runner-diff-label";
    span.textContent = word;
    return span;
  }

  // Where two lines differ: for lines of as many words and numbers, each one that differs; else the
  // stretch between their common start and common end. [[text, differs], ...] for each line.
  const TOKENS = /[^\s,;:()[\]{}]+|[\s,;:()[\]{}]+/g;

  function split(x, y) {
    const quoted = (t) => t.startsWith("'") || t.startsWith('"');
    if (!quoted(x) || !quoted(y)) return [[[x, false]], [[y, false]]];
    const a = x.match(TOKENS), b = y.match(TOKENS);
    if (a.length === b.length) return [a.map((t, i) => [t, t !== b[i]]), b.map((t, i) => [t, t !== a[i]])];
    let start = 0;
    while (start < x.length && start < y.length && x[start] === y[start]) start++;
    let end = 0;
    while (end < x.length - start && end < y.length - start && x[x.length - 1 - end] === y[y.length - 1 - end]) end++;
    const parts = (t) => [[t.slice(0, start), false], [t.slice(start, t.length - end), true], [t.slice(t.length - end), false]];
    return [parts(x), parts(y)];
  }

  function text(parts) {
    const span = document.createElement("span");
    span.className = "runner-diff-text";
    for (const [piece, differs] of parts) {
      if (!piece) continue;
      if (!differs) {
        span.append(piece);
        continue;
      }
      const change = document.createElement("span");
      change.className = "runner-diff-change";
      change.textContent = piece;
      span.append(change);
    }
    return span;
  }

  // -- the editor ----------------------------------------------------------------------------
  const INDENT = "    ";

  function onEditorKey(runner, event) {
    const area = runner.code;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      start(runner, event.shiftKey ? "check" : "run");
      return;
    }
    if (event.key === "Escape") {
      runner.tabLeaves = true; // the next Tab moves focus on, as in any form field
      return;
    }
    if (event.key === "Tab" && !runner.tabLeaves && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      const { selectionStart: start0, selectionEnd: end0, value } = area;
      const lineStart = value.lastIndexOf("\n", start0 - 1) + 1;
      if (event.shiftKey) {
        const spaces = value.slice(lineStart).match(/^ {1,4}/);
        if (spaces) {
          area.setRangeText("", lineStart, lineStart + spaces[0].length, "preserve");
        }
      } else if (start0 === end0) {
        area.setRangeText(INDENT, start0, end0, "end");
      } else {
        // indent every selected line
        const block = value.slice(lineStart, end0);
        const indented = block.replace(/^/gm, INDENT);
        area.setRangeText(indented, lineStart, end0, "select");
      }
      fitRows(area);
      return;
    }
    runner.tabLeaves = false;
  }

  function fitRows(area) {
    const count = area.value.split("\n").length;
    area.rows = Math.min(Math.max(count, 4), 40);
    const runner = runners.find((r) => r.code === area);
    if (runner && runner.lines && runner.lines.dataset.count !== String(count)) {
      runner.lines.textContent = Array.from({ length: count }, (_, n) => n + 1).join("\n");
      runner.lines.dataset.count = String(count);
      runner.lines.style.width = `calc(${Math.max(2, String(count).length)}ch + 1rem)`;
    }
    if (runner && runner.lines) runner.lines.scrollTop = area.scrollTop;
  }

  // -- copying an example that cannot run here -------------------------------------------------
  async function copyText(text) {
    // the copy buttons' clipboard stand-in (snippetkit/static/clipboard-lite.js) does the copying
    const lite = window.ClipboardJS && window.ClipboardJS.copyText;
    if (lite) return lite(text);
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (err) {
      return false;
    }
  }

  function wireCopy(note) {
    const button = note.querySelector("button.runner-copy");
    const code = note.previousElementSibling && note.previousElementSibling.querySelector("pre");
    if (!button || !code) return;
    const said = note.querySelector(".runner-copy-status");
    button.hidden = false;
    button.addEventListener("click", async () => {
      // The file's text: a folded expected-output block too (snippetkit.provenance), not its button.
      const clone = code.cloneNode(true);
      clone.querySelectorAll("button").forEach((node) => node.remove());
      const ok = await copyText(clone.textContent.replace(/\n$/, "") + "\n");
      if (said) said.textContent = ok ? "Copied." : "Could not copy: select the code and copy it by hand.";
    });
  }

  // -- set up ---------------------------------------------------------------------------------
  const runners = [];

  function wire(root) {
    const q = (selector) => root.querySelector(selector);
    const runner = {
      root,
      data: JSON.parse(q("script.runner-data").textContent),
      code: q("textarea.runner-code"),
      run: q("button.runner-run"),
      check: q("button.runner-check"),
      stop: q("button.runner-stop"),
      reset: q("button.runner-reset"),
      status: q(".runner-status"),
      output: q(".runner-output"),
      diff: q(".runner-diff"),
      progress: q(".runner-progress"),
      next: q(".runner-next"),
      lines: q("div.runner-lines"),
      hints: null,
      tabLeaves: false,
    };
    // An exercise's hints follow its runner (snippetkit.pages): the run message names their button.
    const after = root.nextElementSibling;
    if (after && after.matches("details.exercise-hints")) {
      runner.hints = after.querySelector("summary").textContent.trim();
    }
    runner.code.addEventListener("scroll", () => {
      if (runner.lines) runner.lines.scrollTop = runner.code.scrollTop;
    });
    const saved = `code:${runner.data.source}`;
    runners.push(runner);
    runner.run.addEventListener("click", () => start(runner, "run"));
    runner.check.addEventListener("click", () => start(runner, "check"));
    runner.stop.addEventListener("click", () => {
      if (active && active.runner === runner) finish({ stopped: true });
    });
    runner.reset.addEventListener("click", () => {
      if (active && active.runner === runner) finish({ stopped: true });
      runner.code.value = runner.code.defaultValue;
      store.remove(saved);
      fitRows(runner.code);
      clearResult(runner);
      setStatus(runner, "The code is back to how the lesson gives it.");
    });
    // An editor opened: start Python now, in the background, so that Run answers at once.
    root.querySelector("details").addEventListener("toggle", (event) => {
      if (event.target.open && !worker && !active && !FROM_FILE) startWorker();
    });
    if (root.querySelector("details").open && !worker && !FROM_FILE) startWorker();
    runner.code.addEventListener("keydown", (event) => onEditorKey(runner, event));
    runner.code.addEventListener("input", () => {
      fitRows(runner.code);
      if (runner.code.value === runner.code.defaultValue) store.remove(saved);
      else store.set(saved, runner.code.value);
    });
    const kept = store.get(saved);
    if (kept !== null && kept !== runner.code.defaultValue) runner.code.value = kept;
    fitRows(runner.code);
    if (FROM_FILE) setStatus(runner, FILE_HINT, "error");
    else if (kept !== null) setStatus(runner, "Your edits are back, as this browser kept them. Reset gives the lesson's code.");
    root.hidden = false;
  }

  // "Forget my progress" asks first: Yes clears it all, No leaves it as it was.
  function wireForget(box) {
    const forget = box.querySelector("button.lesson-progress-forget");
    const ask = box.querySelector(".lesson-progress-confirm");
    const said = box.querySelector(".lesson-progress-said");
    if (!forget || !ask) return;
    const yes = ask.querySelector("button.lesson-progress-yes");
    const no = ask.querySelector("button.lesson-progress-no");
    forget.setAttribute("aria-expanded", "false");
    const close = (text) => {
      ask.hidden = true;
      forget.setAttribute("aria-expanded", "false");
      if (said) said.textContent = text;
      forget.focus();
    };
    forget.addEventListener("click", () => {
      ask.hidden = false;
      forget.setAttribute("aria-expanded", "true");
      if (said) said.textContent = "";
      no.focus();
    });
    no.addEventListener("click", () => close("Nothing was forgotten."));
    yes.addEventListener("click", () => {
      store.forget();
      for (const runner of runners) {
        runner.code.value = runner.code.defaultValue;
        fitRows(runner.code);
      }
      showProgress();
      close("Forgotten: your passes and your edits are gone from this browser.");
    });
    ask.addEventListener("keydown", (event) => {
      if (event.key === "Escape") close("Nothing was forgotten.");
    });
  }

  function init() {
    document.querySelectorAll("div.runner").forEach(wire);
    document.querySelectorAll("div.runner-unavailable").forEach(wireCopy);
    document.querySelectorAll("div.lesson-progress").forEach(wireForget);
    showProgress();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
