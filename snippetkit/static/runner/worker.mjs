/* The Python of the "Try it yourself" runners: Pyodide in a Web Worker.
 *
 * runner.js starts this worker on a page's first Run. Learner code runs here,
 * off the page's thread (an endless loop cannot freeze the page; the page ends
 * it by terminating the worker) and with no access to the page's DOM: what it
 * prints comes back as text messages.
 *
 * Messages in:  {type: "run", id, code, filename}
 * Messages out: {type: "ready", loadMs} once Python is up, then per run
 *               {type: "started", id}, {type: "output", id, chunks: [[stream, text], ...]},
 *               {type: "done", id, stdout, error, truncated};
 *               {type: "failed", message} if Python could not start.
 */
import { loadPyodide } from "./pyodide/pyodide.mjs";

const post = self.postMessage.bind(self);
const SHOWN_LIMIT = 200_000; // characters of output forwarded to the page per run
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
`;

let run = null; // the run in progress: {id, chunks, stdout, shown, truncated, lastFlush}

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
      if (stream === "stdout") run.stdout += text;
      if (run.shown < SHOWN_LIMIT) {
        const part = text.slice(0, SHOWN_LIMIT - run.shown);
        run.shown += part.length;
        const last = run.chunks[run.chunks.length - 1];
        if (last && last[0] === stream) last[1] += part;
        else run.chunks.push([stream, part]);
        if (part.length < text.length) run.truncated = true;
      } else {
        run.truncated = true;
      }
      if (performance.now() - run.lastFlush >= FLUSH_MS) flush();
      return buffer.length;
    },
  };
}

const ready = (async () => {
  const started = performance.now();
  const pyodide = await loadPyodide({
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

self.onmessage = async (event) => {
  const message = event.data;
  if (!message || message.type !== "run") return;
  const runScript = await ready;
  run = { id: message.id, chunks: [], stdout: "", shown: 0, truncated: false, lastFlush: 0 };
  post({ type: "started", id: run.id });
  let error = null;
  try {
    error = runScript(String(message.code), String(message.filename)) ?? null;
  } catch (err) {
    error = String((err && err.message) || err);
  }
  flush();
  post({ type: "done", id: run.id, stdout: run.stdout, error, truncated: run.truncated });
  run = null;
};
