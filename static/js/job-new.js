// New job: kind and field, which products (with a live count), options, and field-level
// validation errors from the API's 422 `source.pointer`s.
import { api, navigate, pageUrl } from "./shelf.js";
import { pickCollection, pickProducts } from "./picker.js";
import { fieldLabel } from "./render.js";
import { debounce, h, icon, setBusy, toast } from "./ui.js";
import { extendBody } from "./kind-forms.js";
import { readable } from "./form-errors.js";

const form = document.querySelector("[data-new-job]");
const lengths = JSON.parse(document.getElementById("field-lengths").textContent);
const summary = document.querySelector("[data-error-summary]");
const countBox = document.querySelector("[data-scope-count]");
let picked = [];
let collection = null;

const checked = (name) => form.querySelector(`[name="${name}"]:checked`)?.value || "";
const text = (name) => (form.elements[name]?.value || "").trim();
const kindInput = () => form.querySelector('[name="kind"]:checked') || form.querySelector('[name="kind"]');
const kind = () => kindInput()?.value || "";
const panels = () => form.querySelectorAll(`[data-kind-panel="${CSS.escape(kind())}"]`);
// A kind whose form asks for a field (its panel says so) sends it; others do not.
const hasField = () => [...panels()].some((panel) => panel.hasAttribute("data-has-field"));
const field = () => (hasField() ? checked("field") || "description" : null);
// Kinds whose form names its own products (no product scope) or that publish nothing.
const usesScope = () => !kindInput()?.hasAttribute("data-no-scope");
const usesStrategy = () => !kindInput()?.hasAttribute("data-no-strategy");

function scope() {
  const type = checked("scope_type") || "all";
  switch (type) {
    case "collection": return collection ? { type, id: collection.id } : { type };
    case "products": return { type, ids: picked.map((product) => product.id) };
    case "tag": case "vendor": case "product_type":
      return { type, value: text(`scope_${type}`) };
    case "status": return { type, value: text("scope_status") };
    default: return { type };
  }
}

function scopeReady(s) {
  if (s.type === "collection") return Boolean(s.id);
  if (s.type === "products") return s.ids.length > 0;
  if (["tag", "vendor", "product_type", "status"].includes(s.type)) return Boolean(s.value);
  return true;
}

const SCOPE_HINT = {
  collection: "Choose a collection to see how many products it covers.",
  products: "Pick products to include them.",
  tag: "Type a tag to count its products.",
  vendor: "Type a vendor to count its products.",
  product_type: "Type a product type to count its products.",
};

// ---- panels that depend on the kind, field and scope -----------------------------------------
function updatePanels() {
  const currentKind = kind();
  for (const panel of form.querySelectorAll("[data-kind-panel]")) panel.hidden = panel.dataset.kindPanel !== currentKind;
  form.querySelector("[data-scope-card]").hidden = !usesScope();
  form.querySelector("[data-strategy-section]").hidden = !usesStrategy();
  const currentField = field();
  const altOnly = form.querySelector("[data-alt-only]");
  if (altOnly) altOnly.hidden = currentField !== "alt_text";
  const missing = form.querySelector('[name="scope_type"][value="missing"]');
  const missingAllowed = Boolean(kindInput()?.hasAttribute("data-missing-scope"));
  missing.disabled = !missingAllowed;
  missing.closest("label").hidden = !missingAllowed;
  if (missing.disabled && missing.checked) form.querySelector('[name="scope_type"][value="all"]').checked = true;
  for (const node of form.querySelectorAll("[data-field-name]")) node.textContent = fieldLabel(currentField || "description").toLowerCase();
  const hint = form.querySelector("[data-length-hint]");
  if (hint && currentField && lengths[currentField]) {
    const { target, unit } = lengths[currentField];
    hint.firstChild.textContent = `Target length: ${target} ${unit} (from `;
  }
  const type = checked("scope_type");
  for (const detail of form.querySelectorAll("[data-scope-detail]")) detail.hidden = detail.dataset.scopeDetail !== type;
}

// ---- how many products -----------------------------------------------------------------------
let countRequest = 0;
const setCount = (...content) => countBox.replaceChildren(icon("product-list"), h("span", { "data-count-text": true }, ...content));

const updateCount = debounce(async () => {
  if (!usesScope()) return;
  const s = scope();
  const mine = ++countRequest;
  if (!scopeReady(s)) {
    setCount(SCOPE_HINT[s.type] || "");
    return;
  }
  setCount(h("span.spinner", { "aria-hidden": "true" }), " Counting products…");
  const params = new URLSearchParams({ scope: JSON.stringify(s) });
  if (field()) params.set("field", field());
  try {
    const { data } = await api(`/api/scope/count?${params}`);
    if (mine !== countRequest) return;
    const n = data.count.toLocaleString();
    const noun = `product${data.count === 1 ? "" : "s"}`;
    if (data.count === 0) {
      setCount(h("span.error-text", { text: "No products match this scope, so the job would have nothing to do. Pick another scope." }));
    } else if (typeof data.images === "number") {
      const images = data.images.toLocaleString();
      setCount("This job will cover ", h("strong.count-number", { text: images }),
        ` image${data.images === 1 ? "" : "s"} that need alt text, on ${n} ${noun} (one item per image).`);
    } else {
      setCount("This job will cover ", h("strong.count-number", { text: data.exact ? n : `about ${n}` }), ` ${noun}.`,
        data.reason ? h("span.subdued", { text: ` ${data.reason}.` }) : null);
    }
  } catch (error) {
    if (mine === countRequest) setCount(h("span.error-text", { text: `Could not count products: ${error.message}` }));
  }
}, 350);

// ---- pickers ---------------------------------------------------------------------------------
function renderPicked() {
  const list = form.querySelector("[data-picked-list]");
  list.replaceChildren(...picked.map((product) => h("li.tag", {}, product.title || product.id,
    h("button", {
      type: "button", "aria-label": `Remove ${product.title || product.id}`,
      onclick: () => {
        picked = picked.filter((p) => p.id !== product.id);
        renderPicked();
        updateCount();
        form.querySelector("[data-pick-products]").focus();
      },
    }, icon("x", "sm")))));
}

form.querySelector("[data-pick-products]").addEventListener("click", async () => {
  const chosen = await pickProducts(picked);
  if (chosen) {
    picked = chosen;
    renderPicked();
    updateCount();
  }
});

form.querySelector("[data-pick-collection]").addEventListener("click", async () => {
  const chosen = await pickCollection(collection);
  if (chosen) {
    collection = chosen;
    form.elements.scope_collection.value = chosen.id;
    form.querySelector("[data-collection-name]").textContent = chosen.title;
    form.querySelector("[data-collection-name]").classList.remove("subdued");
    updateCount();
  }
});

// ---- errors ----------------------------------------------------------------------------------
function clearErrors() {
  summary.hidden = true;
  for (const slot of form.querySelectorAll("[data-error-for]")) {
    slot.hidden = true;
    slot.textContent = "";
  }
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
}

function slotFor(pointer) {
  let current = pointer || "";
  while (current) {
    const slot = form.querySelector(`[data-error-for="${current}"]`);
    if (slot && !slot.parentElement.closest("[hidden]")) return slot;
    current = current.slice(0, current.lastIndexOf("/"));
  }
  return null;
}

function showErrors(errors) {
  const list = summary.querySelector("[data-error-list]");
  list.replaceChildren();
  for (const error of errors) {
    const slot = slotFor(error.source?.pointer);
    let target = null;
    let detail = error.detail;
    if (slot) {
      const container = slot.closest("[data-pointer]");
      target = container?.querySelector("input:not([type=hidden]):not([disabled]), select, textarea, button");
      detail = readable(form, error, target);
      slot.textContent = detail;
      slot.hidden = false;
      for (const control of container?.querySelectorAll("input, select, textarea") || []) {
        control.setAttribute("aria-invalid", "true");
        if (slot.id) control.setAttribute("aria-describedby", slot.id);
      }
    }
    const item = h("li", {}, target
      ? h("a", { href: "#", onclick: (event) => { event.preventDefault(); target.focus(); } }, detail)
      : detail);
    list.append(item);
  }
  summary.hidden = false;
  summary.focus();
}

// ---- submit ----------------------------------------------------------------------------------
function body() {
  const common = { kind: kind(), mode: checked("mode") || "production" };
  if (usesScope()) common.scope = scope();
  const strategy = checked("strategy");
  if (strategy && usesStrategy()) common.strategy = strategy;
  if (text("title")) common.title = text("title");
  const request = { ...common, options: options() };
  if (field()) request.field = field();
  return extendBody(kind(), request);
}

// The visible inputs of the kind's panels marked data-option="key" become its options:
// checkboxes as true/false (data-type="list": the checked values), data-type="int" as numbers (kept as typed when not one, so the
// server names the problem), data-optional ones only when filled, data-raw ones untrimmed.
function options() {
  const found = {};
  for (const panel of panels()) {
    for (const input of panel.querySelectorAll("[data-option]")) {
      if (input.closest("[hidden]")) continue;
      const key = input.dataset.option;
      if (input.type === "radio") {
        if (input.checked) found[key] = input.value;
        continue;
      }
      if (input.type === "checkbox" && input.dataset.type === "list") {
        // several checkboxes with one key: the checked values, in page order
        if (!Array.isArray(found[key])) found[key] = [];
        if (input.checked) found[key].push(input.value);
        continue;
      }
      if (input.type === "checkbox") {
        found[key] = input.checked;
        continue;
      }
      const value = "raw" in input.dataset ? input.value : input.value.trim();
      if ("optional" in input.dataset && !value) continue;
      if (input.dataset.type === "int") {
        const number = Number.parseInt(value, 10);
        found[key] = Number.isNaN(number) ? value : number;
      } else found[key] = value;
    }
  }
  return found;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors();
  const button = form.querySelector("[data-create]");
  setBusy(button, true);
  try {
    const { data } = await api("/api/jobs", { method: "POST", body: body() });
    toast("Job created");
    navigate(pageUrl(`/jobs/${data.id}`));
  } catch (error) {
    setBusy(button, false);
    if (error.status === 422 && error.body?.errors) showErrors(error.body.errors);
    else {
      showErrors([{ detail: error.message || "The job could not be created" }]);
      toast(error.message || "The job could not be created", { error: true });
    }
  }
});

form.addEventListener("change", (event) => {
  if (["kind", "field", "scope_type", "scope_status"].includes(event.target.name)) {
    updatePanels();
    updateCount();
  }
});
form.addEventListener("input", (event) => {
  if (["scope_tag", "scope_vendor", "scope_product_type"].includes(event.target.name)) updateCount();
});

updatePanels();
updateCount();
