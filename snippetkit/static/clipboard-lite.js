/* Stands in for clipboard.js (8.9 KB), which sphinx-copybutton's copy buttons use (see
   snippetkit/slim.py): the one part they need. new ClipboardJS(selector, {text}) copies
   text(button) when a button matching selector is clicked, then calls the handler given to
   .on("success") or .on("error") with {trigger, text}. It copies as the runner's Copy code does:
   with navigator.clipboard, else through a hidden text box; the button keeps the focus. */
window.ClipboardJS = class {
  constructor(selector, options) {
    this.handlers = {};
    document.addEventListener("click", (event) => {
      const trigger = event.target.closest && event.target.closest(selector);
      if (trigger) this.copy(trigger, options.text(trigger));
    });
  }

  on(name, handler) {
    this.handlers[name] = handler;
    return this;
  }

  /* Copies text: with navigator.clipboard, else (a page opened from the disk, an older browser)
     through a hidden text box. True when it worked. The runner's Copy code uses it too. */
  static async copyText(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (err) {
      const focused = document.activeElement;
      const scratch = document.createElement("textarea");
      scratch.value = text;
      scratch.setAttribute("readonly", "");
      scratch.style.position = "fixed";
      scratch.style.opacity = "0";
      document.body.append(scratch);
      scratch.select();
      const done = document.execCommand("copy");
      scratch.remove();
      if (focused && focused.focus) focused.focus(); // the button keeps the focus
      return done;
    }
  }

  async copy(trigger, text) {
    const done = await this.constructor.copyText(text);
    const handler = this.handlers[done ? "success" : "error"];
    if (handler) handler({ action: "copy", text, trigger, clearSelection: () => getSelection().removeAllRanges() });
  }
};
