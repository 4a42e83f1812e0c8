/* Printing a page (or `nox -s pdf`): open every fold, hints and solutions included, so the
   paper copy has them; close again what was closed once printing is over. The editors of
   "Try it yourself" stay as they are (the print stylesheet leaves them out).

   Code is cut into one span per line (span.print-line), each with its indentation in --indent,
   so that the print stylesheet can wrap a line too long for the sheet under its own code, with
   a continuation mark, instead of back at the margin. A code block whose output is printed under
   it marks its "# Expected output:" comment block (span.print-expected): the output prints once. */
(() => {
  const opened = [];
  function open() {
    document.querySelectorAll("details:not([open])").forEach((d) => {
      if (d.closest("div.runner")) return;
      d.open = true;
      opened.push(d);
    });
    document.querySelectorAll("article div.highlight > pre:not(.print-lines)").forEach(lines);
  }
  function close() {
    opened.splice(0).forEach((d) => {
      d.open = false;
    });
  }

  /* The pre's text, line by line, each line in a span.print-line holding copies of the elements
     (Pygments' tokens, and whatever holds them) its text sits in. The text is unchanged, newlines
     included, so the block looks and copies as before. */
  function lines(pre) {
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    const texts = [];
    while (walker.nextNode()) texts.push(walker.currentNode);
    const out = [];
    let line = null;
    let open = []; // [original element, its copy in this line], outermost first
    const newLine = () => {
      line = document.createElement("span");
      line.className = "print-line";
      out.push(line);
      open = [];
    };
    newLine();
    for (const text of texts) {
      const chain = [];
      for (let el = text.parentNode; el !== pre; el = el.parentNode) chain.unshift(el);
      text.data.split("\n").forEach((piece, i) => {
        if (i > 0) {
          (open.length ? open[open.length - 1][1] : line).append("\n");
          newLine();
        }
        if (!piece) return;
        let depth = 0;
        while (depth < open.length && open[depth][0] === chain[depth]) depth += 1;
        open.length = depth;
        for (const el of chain.slice(depth)) {
          const copy = el.cloneNode(false);
          (open.length ? open[open.length - 1][1] : line).append(copy);
          open.push([el, copy]);
        }
        (open.length ? open[open.length - 1][1] : line).append(piece);
      });
    }
    if (!out[out.length - 1].textContent) out.pop(); // the newline that ends the block
    const printed = pre.closest("div.cell")?.querySelector("div.cell_output");
    let expected = false;
    out.forEach((span, i) => {
      const code = span.textContent.replace(/\n$/, "");
      span.style.setProperty("--indent", code.length - code.trimStart().length);
      if (printed && !expected && /(^|[^#])# Expected output:\s*$/.test(code)) {
        expected = true;
        if (i > 0 && !out[i - 1].textContent.trim()) out[i - 1].classList.add("print-expected");
      }
      if (expected) span.classList.add("print-expected");
    });
    pre.replaceChildren(...out);
    pre.classList.add("print-lines");
  }

  window.lessonPrint = { open, close };
  window.addEventListener("beforeprint", open);
  window.addEventListener("afterprint", close);
})();
