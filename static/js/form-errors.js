// Field errors of a 422 envelope placed next to their fields: each error's
// `source.pointer` (`/branding/accent_color`, `/items[3]/sku`) finds the closest
// `[data-error-for]` slot, and the summary banner lists every error with a link to its field.
import { h } from "./ui.js";

export function clearErrors(form, summary) {
  if (summary) summary.hidden = true;
  for (const slot of form.querySelectorAll("[data-error-for]")) {
    slot.hidden = true;
    slot.textContent = "";
  }
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
}

function slotFor(form, pointer) {
  let current = pointer || "";
  while (current) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(current)}"]`);
    if (slot && !slot.parentElement.closest("[hidden]")) return slot;
    current = current.slice(0, current.lastIndexOf("/"));
  }
  return null;
}

// The API names a field by its key ("customer_email is not a valid email address"); the
// page says it with the field's own label ("Customer email is not a valid email address").
export function readable(form, error, target) {
  const detail = error.detail || "";
  const key = (error.source?.pointer || "").split("/").pop();
  const label = target?.id ? form.querySelector(`label[for="${CSS.escape(target.id)}"]`) : null;
  if (!key || !label || !detail.startsWith(`${key} `)) return detail;
  const name = [...label.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE)
    .map((node) => node.textContent).join("").trim();
  return name ? `${name} ${detail.slice(key.length + 1)}` : detail;
}

export function showErrors(form, summary, errors) {
  const list = summary.querySelector("[data-error-list]");
  list.replaceChildren();
  for (const error of errors) {
    const slot = slotFor(form, error.source?.pointer);
    let target = null;
    let detail = error.detail;
    if (slot) {
      const container = slot.closest("[data-pointer]");
      target = container?.querySelector("input:not([type=hidden]):not([disabled]), select, textarea, button");
      detail = readable(form, error, target);
      slot.textContent = slot.textContent ? `${slot.textContent} ${detail}` : detail;
      slot.hidden = false;
      for (const control of container?.querySelectorAll("input, select, textarea") || []) {
        control.setAttribute("aria-invalid", "true");
        if (slot.id) control.setAttribute("aria-describedby", slot.id);
      }
    }
    list.append(h("li", {}, target
      ? h("a", { href: "#", onclick: (event) => { event.preventDefault(); target.focus(); } }, detail)
      : detail));
  }
  summary.hidden = false;
  summary.focus();
}
