/* The Python of the "Try it yourself" runners: Pyodide in a Web Worker.
 *
 * runner.js starts this worker on a page's first Run. Learner code runs here,
 * off the page's thread (an endless loop cannot freeze the page; the page ends
 * it by terminating the worker) and with no access to the page's DOM: what it
 * prints comes back as text messages.
 *
 * Check runs CI's own checker in this Python: pytest-doctestplus's
 * output_checker.py, our lesson_check.py calling it, and check.json (the names
 * of CI's flags), all three shipped next to this file by the build
 * (snippetkit/runner.py), fetched on the first Check and loaded from
 * Pyodide's file system.
 *
 * Messages in:  {type: "run", id, code, filename, expected}, expected a string for Check, else null
 * Messages out: {type: "ready", loadMs} once Python is up, then per run
 *               {type: "started", id}, {type: "output", id, chunks: [[stream, text], ...]},
 *               for Check, once the code ran without an error, {type: "checking", id};
 *               {type: "done", id, stdout, error, truncated, omitted, tail, check}, check null after Run
 *               (a huge output: its start was forwarded, `omitted` characters are left out, `tail` is its end),
 *               else {passed, diff: [[op, line], ...], rows: [[index, expected, printed], ...]}
 *               (lesson_check.py's paired_lines; too long an output to check: rows empty and `long`
 *               its length in characters) or {failed: message};
 *               {type: "failed", message} if Python could not start.
 */
import { loadPyodide } from "./pyodide/pyodide.mjs";

const post = self.postMessage.bind(self);
const SHOWN_LIMIT = 200_000; // characters of output forwarded to the page per run, from its start
const TAIL_LIMIT = 20_000; // ...and from its end, once past that: a huge output shows both ends
const KEEP_LIMIT = 1_000_000; // characters of stdout kept for Check (more cannot match a lesson's block)
const FLUSH_MS = 40; // forward output at most this often while code runs

// Runs one script the way `python file.py` would: a fresh __main__ namespace,
// its tracebacks naming the file and its lines, none of this wrapper's frames.
const PRELUDE = `
import builtins, linecache, sys, traceback

def _lesson_run(code, filename):
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    namespace = {"__name__": "__main__", "__file__": filename, "__builtins__": builtins}
    try:
        exec(compile(code, filename, "exec", dont_inherit=True), namespace)
    except SystemExit as exc:
        if exc.code not in (None, 0):
            return f"SystemExit: {exc.code}\\n"
    except BaseException as exc:
        tb = exc.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename != filename:
            tb = tb.tb_next
        return "".join(traceback.format_exception(type(exc), exc, tb))
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return None

def _lesson_checker(folder, flag_names):
    import json
    sys.path.insert(0, folder)
    try:
        import lesson_check
    finally:
        sys.path.remove(folder)
    flags = json.loads(flag_names)
    return lambda expected, got: json.dumps(lesson_check.check(expected, got, flags))
`;

// What Check loads into Python's file system: [URL next to this file, path under CHECKER_DIR].
const CHECKER_DIR = "/lesson-check";
const CHECKER_FILES = [
  ["output_checker.py", "pytest_doctestplus/output_checker.py"], // from the pinned pytest-doctestplus
  ["lesson_check.py", "lesson_check.py"],
];

let run = null; // the run in progress: {id, chunks, stdout, shown, truncated, tail, cut, lastFlush}

function flush() {
  if (run && run.chunks.length) {
    post({ type: "output", id: run.id, chunks: run.chunks });
    run.chunks = [];
  }
  if (run) run.lastFlush = performance.now();
}

function writer(stream) {
  const decoder = new TextDecoder();
  return {
    write(buffer) {
      const text = decoder.decode(buffer, { stream: true });
      if (!run || !text) return buffer.length;
      if (stream === "stdout") {
        run.stdout += text;
        if (run.stdout.length > 2 * KEEP_LIMIT) { // an endless print: bounded, never a string too long
          run.cut += run.stdout.length - KEEP_LIMIT;
          run.stdout = run.stdout.slice(-KEEP_LIMIT);
        }
      }
      const part = run.shown < SHOWN_LIMIT ? text.slice(0, SHOWN_LIMIT - run.shown) : "";
      if (part) {
        run.shown += part.length;
        const last = run.chunks[run.chunks.length - 1];
        if (last && last[0] === stream) last[1] += part;
        else run.chunks.push([stream, part]);
      }
      if (part.length < text.length) { // past the start shown: keep the end, count what is left out
        run.truncated = true;
        const rest = text.slice(part.length);
        run.skipped += rest.length;
        run.tail = (run.tail + rest).slice(-TAIL_LIMIT);
      }
      if (performance.now() - run.lastFlush >= FLUSH_MS) flush();
      return buffer.length;
    },
  };
}

let pyodide = null;

const ready = (async () => {
  const started = performance.now();
  pyodide = await loadPyodide({
    indexURL: new URL("./pyodide/", import.meta.url).href,
    stdout: () => {},
    stderr: () => {},
  });
  pyodide.setStdout(writer("stdout"));
  pyodide.setStderr(writer("stderr"));
  pyodide.setStdin({ stdin: () => null }); // input() sees end of file, as with `python file.py < /dev/null`
  pyodide.runPython(PRELUDE);
  const runScript = pyodide.globals.get("_lesson_run");
  post({ type: "ready", loadMs: performance.now() - started });
  return runScript;
})();

ready.catch((err) => post({ type: "failed", message: String((err && err.message) || err) }));

async function fetchText(name) {
  const response = await fetch(new URL(`./${name}`, import.meta.url));
  if (!response.ok) throw new Error(`${name}: ${response.status} ${response.statusText}`);
  return response.text();
}

let checker = null; // a promise of check(expected, got) -> JSON text, made on the first Check

function loadChecker() {
  checker ??= (async () => {
    const [config, ...sources] = await Promise.all(
      ["check.json", ...CHECKER_FILES.map(([name]) => name)].map(fetchText));
    CHECKER_FILES.forEach(([, path], i) => {
      const full = `${CHECKER_DIR}/${path}`;
      pyodide.FS.mkdirTree(full.slice(0, full.lastIndexOf("/")));
      pyodide.FS.writeFile(full, sources[i]);
    });
    const load = pyodide.globals.get("_lesson_checker");
    try {
      return load(CHECKER_DIR, JSON.stringify(JSON.parse(config).flags));
    } finally {
      load.destroy();
    }
  })();
  checker.catch(() => { checker = null; }); // a failed load is tried again on the next Check
  return checker;
}

async function checkOutput(expected, got) {
  try {
    const check = await loadChecker();
    const { passed, diff, rows } = JSON.parse(check(expected, got));
    return { passed, diff, rows };
  } catch (err) {
    return { failed: String((err && err.message) || err) };
  }
}

self.onmessage = async (event) => {
  const message = event.data;
  if (!message || message.type !== "run") return;
  const runScript = await ready;
  run = { id: message.id, chunks: [], stdout: "", shown: 0, truncated: false, tail: "", skipped: 0, cut: 0,
          lastFlush: 0 };
  post({ type: "started", id: run.id });
  let error = null;
  try {
    error = runScript(String(message.code), String(message.filename)) ?? null;
  } catch (err) {
    error = String((err && err.message) || err);
  }
  flush();
  const { id, stdout, truncated, tail, skipped, cut } = run;
  run = null;
  let check = null;
  if (typeof message.expected === "string" && error === null) {
    post({ type: "checking", id });
    check = cut ? { passed: false, diff: [], rows: [], long: cut + stdout.length }
      : await checkOutput(message.expected, stdout);
  }
  post({ type: "done", id, stdout: stdout.slice(-SHOWN_LIMIT), error, truncated, omitted: skipped - tail.length,
         tail, check });
};
