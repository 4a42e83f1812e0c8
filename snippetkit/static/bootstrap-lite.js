/* Stands in for the theme's bootstrap.js (80 KB: every Bootstrap component, and Popper to place
   them), which this site's pages use for two things only (snippetkit/slim.py puts this file in
   its place):
   - tooltips on the header buttons ([data-bs-toggle="tooltip"]): after 500 ms of hover, or on
     keyboard focus, the button's title in the theme's .tooltip box, below or above the button;
   - the header menus ([data-bs-toggle="dropdown"]: download, colour mode): open on click, close
     on a second click, a click elsewhere, a choice or Escape; arrow keys move between items.
   The theme's own script creates one tooltip itself, so window.bootstrap.Tooltip stays. */
(() => {
  "use strict";
  let count = 0;

  class Tooltip {
    constructor(element, options = {}) {
      this.element = element;
      this.options = options;
      this.title = options.title || element.getAttribute("title") || element.dataset.bsOriginalTitle || "";
      this.placement = options.placement || element.dataset.bsPlacement || "top";
      this.tip = null;
      this.timer = 0;
      if (element.hasAttribute("title")) {
        // the title moves here, so the browser's own tooltip does not show as well
        element.dataset.bsOriginalTitle = element.getAttribute("title");
        element.removeAttribute("title");
        if (!element.hasAttribute("aria-label") && !element.textContent.trim()) {
          element.setAttribute("aria-label", this.title);
        }
      }
      if (options.trigger !== "manual") {
        const later = (show, ms) => () => {
          clearTimeout(this.timer);
          this.timer = setTimeout(() => (show ? this.show() : this.hide()), ms);
        };
        element.addEventListener("mouseenter", later(true, 500));
        element.addEventListener("mouseleave", later(false, 100));
        element.addEventListener("focusin", () => element.matches(":focus-visible") && later(true, 0)());
        element.addEventListener("focusout", later(false, 100));
        element.addEventListener("click", later(false, 0));
        document.addEventListener("keydown", (event) => event.key === "Escape" && this.hide());
      }
    }

    show() {
      if (this.tip || !this.title || !this.element.isConnected) return;
      const tip = document.createElement("div");
      tip.className = "tooltip bs-tooltip-auto fade show";
      tip.setAttribute("role", "tooltip");
      tip.id = `tooltip${++count}`;
      tip.innerHTML = '<div class="tooltip-arrow"></div><div class="tooltip-inner"></div>';
      tip.lastChild.textContent = this.title;
      tip.style.position = "absolute";
      tip.style.inset = "0 auto auto 0";
      document.body.append(tip);
      this.tip = tip;
      this.element.setAttribute("aria-describedby", tip.id);
      this.place();
    }

    place() {
      const tip = this.tip;
      const box = this.element.getBoundingClientRect();
      const wanted = [this.placement, ...(this.options.fallbackPlacements || ["top", "bottom"])];
      const fits = {
        top: box.top >= tip.offsetHeight,
        bottom: innerHeight - box.bottom >= tip.offsetHeight,
        left: box.left >= tip.offsetWidth,
        right: innerWidth - box.right >= tip.offsetWidth,
      };
      const side = wanted.find((name) => fits[name]) || this.placement;
      tip.dataset.popperPlacement = side;
      const across = side === "top" || side === "bottom";
      let x = across ? box.left + box.width / 2 - tip.offsetWidth / 2 : side === "left" ? box.left - tip.offsetWidth : box.right;
      let y = across ? (side === "top" ? box.top - tip.offsetHeight : box.bottom) : box.top + box.height / 2 - tip.offsetHeight / 2;
      const [skid, distance] = this.options.offset || [0, 6]; // Bootstrap's: the arrow's room
      if (across) {
        x = Math.min(Math.max(x + skid, 0), document.documentElement.clientWidth - tip.offsetWidth);
        y += side === "top" ? -distance : distance;
      } else {
        y += skid;
        x += side === "left" ? -distance : distance;
      }
      tip.style.transform = `translate(${Math.round(x + scrollX)}px, ${Math.round(y + scrollY)}px)`;
      const arrow = tip.firstChild;
      arrow.style.position = "absolute";
      if (across) arrow.style.transform = `translateX(${Math.round(box.left + box.width / 2 - x - arrow.offsetWidth / 2)}px)`;
      else arrow.style.transform = `translateY(${Math.round(box.top + box.height / 2 - y - arrow.offsetHeight / 2)}px)`;
    }

    hide() {
      clearTimeout(this.timer);
      if (!this.tip) return;
      this.tip.remove();
      this.tip = null;
      this.element.removeAttribute("aria-describedby");
    }

    dispose() {
      this.hide();
    }
  }

  const menuOf = (toggle) => toggle.parentElement.querySelector(".dropdown-menu");
  const items = (menu) => [...menu.querySelectorAll(".dropdown-item:not(.disabled):not(:disabled)")];

  // Where Bootstrap (with Popper) puts a menu: 2 px below its button, aligned with the button's
  // start, or its end where the stylesheet says so (--bs-position: end), kept inside the window.
  function place(toggle, menu) {
    const end = getComputedStyle(menu).getPropertyValue("--bs-position").trim() === "end";
    const button = toggle.getBoundingClientRect();
    const origin = menu.offsetParent ? menu.offsetParent.getBoundingClientRect() : { left: 0, top: 0 };
    const width = document.documentElement.clientWidth;
    const x = Math.max(0, Math.min(end ? button.right - menu.offsetWidth : button.left, width - menu.offsetWidth));
    Object.assign(menu.style, { position: "absolute", inset: "0 auto auto 0", margin: "0" });
    menu.style.transform = `translate(${Math.round(x - origin.left)}px, ${Math.round(button.bottom + 2 - origin.top)}px)`;
    menu.dataset.popperPlacement = end ? "bottom-end" : "bottom-start";
  }

  function setOpen(toggle, open) {
    const menu = menuOf(toggle);
    if (!menu) return;
    toggle.classList.toggle("show", open);
    menu.classList.toggle("show", open);
    toggle.setAttribute("aria-expanded", String(open));
    if (open) place(toggle, menu);
  }

  function closeAll(except) {
    for (const toggle of document.querySelectorAll('[data-bs-toggle="dropdown"].show')) {
      if (toggle !== except) setOpen(toggle, false);
    }
  }

  document.addEventListener("click", (event) => {
    const toggle = event.target.closest('[data-bs-toggle="dropdown"]');
    if (toggle) {
      event.preventDefault();
      closeAll(toggle);
      setOpen(toggle, !toggle.classList.contains("show"));
      return;
    }
    closeAll(null); // a click elsewhere, or on a choice in the menu
  });

  document.addEventListener("keydown", (event) => {
    const open = document.querySelector('[data-bs-toggle="dropdown"].show');
    const toggle = event.target.closest && event.target.closest('[data-bs-toggle="dropdown"]');
    if (event.key === "Escape" && open) {
      setOpen(open, false);
      open.focus();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const current = open || toggle;
      if (!current) return;
      event.preventDefault();
      if (!open) setOpen(current, true);
      const list = items(menuOf(current));
      const at = list.indexOf(document.activeElement);
      const next = event.key === "ArrowDown" ? Math.min(at + 1, list.length - 1) : Math.max(at - 1, 0);
      list[at < 0 ? 0 : next]?.focus();
    }
  });

  window.bootstrap = { Tooltip };
  const start = () => {
    for (const element of document.querySelectorAll('[data-bs-toggle="tooltip"]')) {
      new Tooltip(element);
    }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
