/* Printing a page (or `nox -s pdf`): open every fold, hints and solutions included, so the
   paper copy has them; close again what was closed once printing is over. The editors of
   "Try it yourself" stay as they are (the print stylesheet leaves them out). */
(() => {
  const opened = [];
  function open() {
    document.querySelectorAll("details:not([open])").forEach((d) => {
      if (d.closest("div.runner")) return;
      d.open = true;
      opened.push(d);
    });
  }
  function close() {
    opened.splice(0).forEach((d) => {
      d.open = false;
    });
  }
  window.lessonPrint = { open, close };
  window.addEventListener("beforeprint", open);
  window.addEventListener("afterprint", close);
})();
