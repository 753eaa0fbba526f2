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

// Scored sentences (app/web/note_render.py): the first piece of each is focusable and
// holds its score tip, shown by CSS on hover and focus. Here: a tap focuses the sentence
// (iOS does not focus on tap), Escape hides the tip, a tip never leaves the viewport, and
// a call link (#s-N) focuses its evidence sentence and marks every piece of it.
function fitTip(sentence) {
  const tip = sentence.querySelector(":scope > .sent-tip");
  if (!tip) return;
  tip.style.removeProperty("left");
  const rect = tip.getBoundingClientRect();
  if (rect.width === 0 || getComputedStyle(tip).position !== "absolute") return;
  const margin = 8;
  const room = document.documentElement.clientWidth - margin;
  let shift = 0;
  if (rect.right > room) shift = room - rect.right;
  if (rect.left + shift < margin) shift = margin - rect.left;
  if (shift) tip.style.setProperty("left", `${shift}px`);
}

function markSentence(id) {
  document.querySelectorAll(".sent-current").forEach((el) => el.classList.remove("sent-current"));
  const first = id ? document.getElementById(id) : null;
  if (!first || !first.classList.contains("sent")) return;
  document
    .querySelectorAll(`.sent[data-s="${first.dataset.s}"]`)
    .forEach((el) => el.classList.add("sent-current"));
  first.focus({ preventScroll: true });
}

function followHash() {
  const id = decodeURIComponent(location.hash.slice(1));
  if (/^s-\d+$/.test(id)) markSentence(id);
}

document.addEventListener("DOMContentLoaded", () => {
  document.addEventListener("focusin", (event) => {
    const target = event.target;
    if (target instanceof Element && target.matches(".sent[tabindex]")) fitTip(target);
  });
  document.addEventListener("mouseover", (event) => {
    const sentence = event.target instanceof Element ? event.target.closest(".sent[tabindex]") : null;
    if (sentence) fitTip(sentence);
  });
  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const piece = target ? target.closest(".sent[data-s]") : null;
    if (!piece || target.closest("a")) return;
    const first = document.getElementById(`s-${piece.dataset.s}`);
    if (first && document.activeElement !== first) first.focus({ preventScroll: true });
  });
  document.addEventListener("keydown", (event) => {
    const active = document.activeElement;
    if (event.key === "Escape" && active instanceof HTMLElement && active.matches(".sent[tabindex]")) {
      active.blur();
    }
  });
  window.addEventListener("hashchange", followHash);
  followHash();
});
