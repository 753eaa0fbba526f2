// The top bar's symbol search as an ARIA combobox: htmx fills the listbox as you type
// (see templates/_suggest.html); this adds the keyboard. Arrow keys move through the
// options, Enter opens the chosen one (or submits the form), Escape closes the list.
"use strict";

(() => {
  const input = document.getElementById("jump-symbol");
  const list = document.getElementById("jump-suggestions");
  if (!input || !list) return;
  let active = -1;

  const options = () => Array.from(list.querySelectorAll('[role="option"]'));

  function show(open) {
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) choose(-1);
  }

  function choose(index) {
    const all = options();
    active = index;
    all.forEach((el, i) => el.setAttribute("aria-selected", i === index ? "true" : "false"));
    if (index >= 0 && all[index]) {
      input.setAttribute("aria-activedescendant", all[index].id);
      all[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  // New options arrived: show them (or close an empty list).
  list.addEventListener("htmx:afterSwap", () => show(options().length > 0 && input.value.trim() !== ""));
  input.addEventListener("input", () => {
    if (!input.value.trim()) show(false);
  });

  input.addEventListener("keydown", (event) => {
    const all = options();
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!all.length) return;
      event.preventDefault();
      if (list.hidden) show(true);
      const step = event.key === "ArrowDown" ? 1 : -1;
      choose((active + step + all.length) % all.length);
    } else if (event.key === "Enter" && !list.hidden && active >= 0 && all[active]) {
      event.preventDefault();
      window.location.assign(all[active].href);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      show(false);
    }
  });

  // A click on an option is a plain link; clicking elsewhere closes the list.
  document.addEventListener("click", (event) => {
    if (!event.target.closest || !event.target.closest(".jump")) show(false);
  });
  // Keep focus in the box while an option is pressed, so leaving the box can close the list.
  list.addEventListener("pointerdown", (event) => event.preventDefault());
  input.addEventListener("blur", () => show(false));
  input.addEventListener("focus", () => {
    if (options().length && input.value.trim()) show(true);
  });
})();
