// "Working" feedback for every htmx request. While a request runs, the region it will
// replace carries aria-busy="true" and the control that sent it (a period link, a submit
// button) carries data-sending; the page-wide bar (#busy, the body's hx-indicator) gets
// htmx's request class. CSS shows all three only after 150 ms, so fast swaps don't flicker.
"use strict";

(() => {
  // The control the reader used: the form's submitter, or the link or button itself.
  function sender(detail) {
    const event = detail.requestConfig && detail.requestConfig.triggeringEvent;
    if (event && event.submitter) return event.submitter;
    const elt = detail.elt;
    if (elt && (elt.tagName === "A" || elt.tagName === "BUTTON")) return elt;
    if (event && event.type === "submit" && elt && elt.tagName === "FORM") {
      return elt.querySelector("button[type=submit], button:not([type])");
    }
    return null;
  }

  document.addEventListener("htmx:beforeRequest", (event) => {
    const { target, xhr } = event.detail;
    const control = sender(event.detail);
    if (target) target.setAttribute("aria-busy", "true");
    if (control) control.setAttribute("data-sending", "");
    // loadend fires once per request whatever happens (swap, error, abort, timeout), even
    // when the elements were swapped out of the page meanwhile.
    xhr.addEventListener("loadend", () => {
      if (target) target.removeAttribute("aria-busy");
      if (control) control.removeAttribute("data-sending");
    });
  });
})();
