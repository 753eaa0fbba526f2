// Site-wide behaviour. No inline scripts anywhere: the CSP forbids them.
"use strict";

// A form sent by htmx never fails silently. A form with an alert region
// ([data-form-alert]) says in place what went wrong and what to do next; the wording
// comes from the form's data-alert-* attributes (rendered by the server), with these
// as a fallback. Statuses listed in data-swap-errors (422 is always) carry the form
// again (field errors, a rate-limit notice) and are swapped like a 200.
const ALERTS = {
  403: "This form has expired. Reload the page, then submit it again.",
  413: "What you entered is too long to send. Shorten it and submit again.",
  422: "Some fields need attention. Check the form and submit again.",
  429: "Too many requests. Please try again in {wait}.",
  "5xx": "Something went wrong on our side. Please try again in a few minutes.",
  other: "The request failed (error {status}). Reload the page and try again.",
  network: "We couldn't reach the server. Check your connection and try again.",
  timeout: "The server took too long to answer. Please try again.",
};

function formOf(elt) {
  return elt && typeof elt.closest === "function" ? elt.closest("form") : null;
}

function alertRegion(elt) {
  const form = formOf(elt);
  return form ? form.querySelector("[data-form-alert]") : null;
}

function alertKey(status) {
  if ([403, 413, 422, 429].includes(status)) return String(status);
  return status >= 500 ? "5xx" : "other";
}

// "Retry-After: 600" -> "10 minutes"; an absent or HTTP-date header -> "a few minutes".
function waitText(xhr) {
  const seconds = Number(xhr.getResponseHeader("Retry-After"));
  if (!Number.isFinite(seconds) || seconds <= 0) return "a few minutes";
  if (seconds <= 60) return "a minute";
  return `${Math.ceil(seconds / 60)} minutes`;
}

function showAlert(elt, key, fill) {
  const region = alertRegion(elt);
  if (!region) return;
  const text = formOf(elt).getAttribute(`data-alert-${key}`) || ALERTS[key];
  region.textContent = text
    .replace("{wait}", fill.wait || "a few minutes")
    .replace("{status}", String(fill.status || ""));
  region.scrollIntoView({ block: "nearest" });
}

function swapsError(elt, xhr) {
  const html = (xhr.getResponseHeader("Content-Type") || "").startsWith("text/html");
  const form = formOf(elt);
  const listed = form ? (form.dataset.swapErrors || "").split(/\s+/) : [];
  return html && (xhr.status === 422 || listed.includes(String(xhr.status)));
}

document.addEventListener("DOMContentLoaded", () => {
  if (!window.htmx) return;
  // Settling copies old `style` attributes onto swapped-in elements, which the CSP
  // (no inline styles) refuses: settle classes and sizes only.
  window.htmx.config.attributesToSettle = ["class", "width", "height"];
  const body = document.body;
  body.addEventListener("htmx:beforeRequest", (event) => {
    const region = alertRegion(event.detail.elt);
    if (region) region.textContent = "";
  });
  body.addEventListener("htmx:beforeSwap", (event) => {
    const { xhr, elt } = event.detail;
    if (xhr.status >= 400 && swapsError(elt, xhr)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  body.addEventListener("htmx:responseError", (event) => {
    const { xhr, elt } = event.detail;
    showAlert(elt, alertKey(xhr.status), { status: xhr.status, wait: waitText(xhr) });
  });
  body.addEventListener("htmx:sendError", (event) => showAlert(event.detail.elt, "network", {}));
  body.addEventListener("htmx:timeout", (event) => showAlert(event.detail.elt, "timeout", {}));
  // Move focus to swapped-in panels that ask for it, so keyboard users keep their place.
  body.addEventListener("htmx:afterSwap", (event) => {
    const target = event.detail.target;
    if (target && target.id === "results") {
      const heading = document.getElementById("results-title");
      if (heading && document.activeElement === document.body) heading.focus();
    }
  });
});
