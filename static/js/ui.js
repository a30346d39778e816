// Small UI pieces: element builder, icons, toasts, confirmation and content dialogs.
import { appBridge } from "./shelf.js";

/** h("button.btn.primary", {type: "button", onclick}, "Save") — children may be nodes or text. */
export function h(spec, attrs = {}, ...children) {
  const [tag, ...classes] = spec.split(".");
  const node = document.createElement(tag || "div");
  if (classes.length) node.className = classes.join(" ");
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "text") node.textContent = value;
    else if (value === true) node.setAttribute(key, "");
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function icon(name, extra = "") {
  return h(`span.icon.icon-${name}${extra ? `.${extra}` : ""}`, { "aria-hidden": "true" });
}

export function debounce(fn, wait = 300) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), wait);
  };
}

export function setBusy(button, busy) {
  if (!button) return;
  button.classList.toggle("busy", busy);
  button.setAttribute("aria-busy", busy ? "true" : "false");
  if (busy) button.setAttribute("disabled", "");
  else button.removeAttribute("disabled");
}

const BLOCK_TAG = /<\/?(?:p|div|br|h[1-6]|li|ul|ol|tr|td|th|table|blockquote|section)\b[^>]*>/gi;

/** Plain text of an HTML fragment, blocks kept apart as words ("Canvas</p><p>Imported" is
 * two); DOMParser runs no scripts and loads nothing. */
export function htmlText(html) {
  if (!html) return "";
  const spaced = html.replace(BLOCK_TAG, (tag) => `${tag}\n`);
  const text = new DOMParser().parseFromString(spaced, "text/html").body.textContent || "";
  // One line break between blocks, one space between words.
  return text.replace(/[^\S\n]+/g, " ").replace(/\s*\n\s*/g, "\n").trim();
}

export function truncate(text, length = 160) {
  return text.length > length ? `${text.slice(0, length - 1).trimEnd()}…` : text;
}

// ---- toasts ----------------------------------------------------------------------------------
/** Show a toast; the handle's dismiss() takes it away early (a "Publishing…" that the
 * outcome replaces). */
export function toast(message, { error = false, duration = 5000 } = {}) {
  const bridge = appBridge();
  if (bridge && bridge.toast && typeof bridge.toast.show === "function") {
    const id = bridge.toast.show(message, { isError: error, duration });
    return { dismiss: () => { if (id && typeof bridge.toast.hide === "function") bridge.toast.hide(id); } };
  }
  const region = document.getElementById("shelf-toasts");
  if (!region) return { dismiss: () => {} };
  const close = h("button", { type: "button", "aria-label": "Dismiss" }, icon("x"));
  const node = h(`div.toast${error ? ".error" : ""}`, { "data-toast": error ? "error" : "info" },
    h("span", { text: message }), close);
  const remove = () => node.remove();
  close.addEventListener("click", remove);
  region.append(node);
  setTimeout(remove, duration);
  return { dismiss: remove };
}

// ---- dialogs ---------------------------------------------------------------------------------
/**
 * A modal <dialog>: Escape closes it, Tab stays inside (native showModal), and focus goes
 * back to what had it before. Resolves with the value of the button that closed it.
 */
export function openDialog({ title, body, actions = [], large = false, onOpen, focusClose = false } = {}) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const titleId = `dialog-title-${Math.random().toString(36).slice(2, 8)}`;
    const form = h("form", { method: "dialog" });
    const header = h("div.modal-header", {},
      h("h2", { id: titleId, text: title }),
      h("button.btn.tertiary.icon-only", { type: "submit", value: "cancel", "aria-label": "Close" }, icon("x")));
    const footer = h("div.modal-footer");
    for (const action of actions) {
      const classes = ["btn", action.tone].filter(Boolean).join(".");
      footer.append(h(`button.${classes}`, { type: "submit", value: action.value, "data-dialog-action": action.value },
        action.label));
    }
    const content = h("div.modal-body", {}, body);
    form.append(header, content);
    if (actions.length) form.append(footer);
    const dialog = h(`dialog.modal${large ? ".large" : ""}`, { "aria-labelledby": titleId }, form);
    document.body.append(dialog);
    dialog.addEventListener("close", () => {
      const value = dialog.returnValue || "cancel";
      dialog.remove();
      if (opener && typeof opener.focus === "function" && document.contains(opener)) opener.focus();
      resolve(value);
    });
    dialog.showModal();
    const primary = footer.querySelector(".primary"); // a destructive action never gets the focus
    const firstInput = content.querySelector("input, textarea, select");
    const close = header.querySelector("button");
    (focusClose ? close : (firstInput || primary || footer.querySelector("button") || close))?.focus();
    if (onOpen) onOpen(dialog);
  });
}

/** Resolves true when the merchant confirms. */
export async function confirmDialog({ title, message, confirmLabel = "Confirm", destructive = false }) {
  const body = typeof message === "string" ? h("p", { text: message }) : message;
  const value = await openDialog({
    title, body,
    actions: [{ label: "Cancel", value: "cancel" },
      { label: confirmLabel, value: "confirm", tone: destructive ? "critical" : "primary" }],
  });
  return value === "confirm";
}
