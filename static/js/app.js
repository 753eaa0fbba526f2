// Site-wide behaviour. No inline scripts anywhere: the CSP forbids them.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  if (!window.htmx) return;
  // Form errors come back as 422 with the re-rendered form: swap them like a 200.
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  // Move focus to swapped-in panels that ask for it, so keyboard users keep their place.
  document.body.addEventListener("htmx:afterSwap", (event) => {
    const target = event.detail.target;
    if (target && target.id === "results") {
      const heading = document.getElementById("results-title");
      if (heading && document.activeElement === document.body) heading.focus();
    }
  });
});
