// Settings: save with PUT (App Bridge's save bar when embedded, our Save button otherwise),
// 422 errors shown by field, and live template previews.
import { api, can } from "./shelf.js";
import { debounce, h, setBusy, toast } from "./ui.js";
import { readable } from "./form-errors.js";

const form = document.querySelector("[data-settings-form]");
const summary = document.querySelector("[data-error-summary]");
const editable = can("admin") && form.hasAttribute("data-save-bar");
const defaults = JSON.parse(document.getElementById("default-templates").textContent);

function defaultTemplate(field) {
  const language = (form.elements.language.value || "en").split("-")[0];
  return (defaults[language] || defaults.en)[field];
}

function collect() {
  const body = {};
  for (const element of form.querySelectorAll("input[name], select[name], textarea[name]")) {
    if (element.type === "radio" && !element.checked) continue;
    let value;
    if (element.dataset.type === "bool") value = element.checked;
    else if (element.dataset.type === "int") {
      const parsed = Number(element.value);
      value = element.value.trim() !== "" && Number.isInteger(parsed) ? parsed : element.value;
    } else value = element.value;
    const path = element.name.split(".");
    let target = body;
    for (const key of path.slice(0, -1)) target = target[key] ??= {};
    target[path[path.length - 1]] = value;
  }
  return body;
}

let saved = JSON.stringify(collect());
const dirtyNote = form.querySelector("[data-dirty-note]");
const saveButton = form.querySelector("[data-save]");
const discardButton = form.querySelector("[data-discard]");

function updateDirty() {
  if (!editable) return;
  const dirty = JSON.stringify(collect()) !== saved;
  if (dirtyNote) dirtyNote.textContent = dirty ? "Unsaved changes" : "";
  if (saveButton && !saveButton.classList.contains("busy")) saveButton.disabled = !dirty;
  if (discardButton) discardButton.disabled = !dirty;
}

function markSaved() {
  for (const element of form.querySelectorAll("input, textarea")) {
    if (element.type === "checkbox" || element.type === "radio") element.defaultChecked = element.checked;
    else element.defaultValue = element.value;
  }
  for (const option of form.querySelectorAll("option")) option.defaultSelected = option.selected;
  saved = JSON.stringify(collect());
  updateDirty();
}

// ---- errors ----------------------------------------------------------------------------------
function clearErrors() {
  summary.hidden = true;
  for (const slot of form.querySelectorAll("[data-error-for]")) {
    slot.hidden = true;
    slot.textContent = "";
  }
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
}

function showErrors(errors) {
  const list = summary.querySelector("[data-error-list]");
  list.replaceChildren();
  for (const error of errors) {
    let pointer = error.source?.pointer || "";
    let slot = null;
    while (pointer && !slot) {
      slot = form.querySelector(`[data-error-for="${pointer}"]`);
      pointer = pointer.slice(0, pointer.lastIndexOf("/"));
    }
    let target = null;
    let detail = error.detail;
    if (slot) {
      const container = slot.closest("[data-pointer]") || slot.parentElement;
      target = container.querySelector("input, select, textarea");
      detail = readable(form, error, target);
      slot.textContent = detail;
      slot.hidden = false;
      for (const control of container.querySelectorAll("input, select, textarea")) control.setAttribute("aria-invalid", "true");
    }
    list.append(h("li", {}, target
      ? h("a", { href: "#", onclick: (event) => { event.preventDefault(); target.focus(); } }, detail)
      : detail));
  }
  summary.hidden = false;
  summary.focus();
}

// ---- save ------------------------------------------------------------------------------------
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!editable) return;
  clearErrors();
  setBusy(saveButton, true);
  try {
    await api("/api/settings", { method: "PUT", body: collect() });
    markSaved();
    toast("Settings saved");
  } catch (error) {
    if (error.status === 422 && error.body?.errors) showErrors(error.body.errors);
    else showErrors([{ detail: error.message }]);
    toast("Settings were not saved", { error: true });
  } finally {
    setBusy(saveButton, false);
    updateDirty();
  }
});

form.addEventListener("reset", () => {
  setTimeout(() => {
    clearErrors();
    updateDirty();
    for (const area of form.querySelectorAll("[data-template]")) preview(area);
  });
});
form.addEventListener("input", updateDirty);
form.addEventListener("change", updateDirty);

// ---- template previews -----------------------------------------------------------------------
const previewRequests = {};

async function preview(area) {
  const field = area.dataset.template;
  const box = form.querySelector(`[data-preview="${field}"]`);
  const mine = (previewRequests[field] = (previewRequests[field] || 0) + 1);
  box.setAttribute("aria-busy", "true");
  try {
    const own = area.value.trim() !== "";
    const { data } = await api("/api/settings/preview", {
      method: "POST",
      body: { field, template: own ? area.value : defaultTemplate(field), language: form.elements.language.value },
    });
    if (mine !== previewRequests[field]) return;
    if (field === "description") {
      const doc = "<!doctype html><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" "
        + "content=\"default-src 'none'; style-src 'unsafe-inline'\"><style>body{font:13px/1.5 -apple-system,"
        + "BlinkMacSystemFont,'Segoe UI',Roboto,sans-serif;color:#303030;margin:0}</style>" + data.text;
      box.replaceChildren(h("iframe", {
        sandbox: "", srcdoc: doc, title: "Description preview",
        style: "width:100%;height:9rem;border:0;background:transparent",
      }));
    } else {
      box.replaceChildren(h("span", { text: data.text }), h("span.small.subdued", { text: ` (${data.text.length} characters)` }));
    }
    if (!own) box.append(h("div.small.subdued", { text: "Built-in template" }));
  } catch (error) {
    if (mine !== previewRequests[field]) return;
    box.replaceChildren(h("span.error-text", { text: error.message }));
  } finally {
    if (mine === previewRequests[field]) box.removeAttribute("aria-busy");
  }
}

for (const area of form.querySelectorAll("[data-template]")) {
  const later = debounce(() => preview(area), 400);
  area.addEventListener("input", later);
  preview(area);
}
form.addEventListener("click", (event) => {
  const button = event.target.closest("[data-use-default]");
  if (!button) return;
  const area = form.querySelector(`[data-template="${button.dataset.useDefault}"]`);
  area.value = defaultTemplate(button.dataset.useDefault);
  area.focus();
  updateDirty();
  preview(area);
});
form.elements.language?.addEventListener("change", () => {
  for (const area of form.querySelectorAll("[data-template]")) preview(area);
});

updateDirty();
