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

export function showErrors(form, summary, errors) {
  const list = summary.querySelector("[data-error-list]");
  list.replaceChildren();
  for (const error of errors) {
    const slot = slotFor(form, error.source?.pointer);
    let target = null;
    if (slot) {
      slot.textContent = slot.textContent ? `${slot.textContent} ${error.detail}` : error.detail;
      slot.hidden = false;
      const container = slot.closest("[data-pointer]");
      target = container?.querySelector("input:not([type=hidden]):not([disabled]), select, textarea, button");
      for (const control of container?.querySelectorAll("input, select, textarea") || []) {
        control.setAttribute("aria-invalid", "true");
        if (slot.id) control.setAttribute("aria-describedby", slot.id);
      }
    }
    list.append(h("li", {}, target
      ? h("a", { href: "#", onclick: (event) => { event.preventDefault(); target.focus(); } }, error.detail)
      : error.detail));
  }
  summary.hidden = false;
  summary.focus();
}
