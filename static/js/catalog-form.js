// The catalog part of the New job form: customer fields, item rows (add, remove, paste from
// a spreadsheet, upload a CSV — both parsed by the server) and the request fields they make.
import { api } from "./shelf.js";
import { addBodyFields } from "./kind-forms.js";
import { h, icon, openDialog, setBusy, toast } from "./ui.js";

const panel = document.querySelector("[data-catalog-form]");
const kindName = panel.dataset.kindPanel;
const form = panel.closest("form");
const itemsPanel = form.querySelector(`[data-kind-panel="${CSS.escape(kindName)}"] [data-item-rows]`).closest("[data-kind-panel]");
const tbody = itemsPanel.querySelector("[data-item-rows]");
const createButton = form.querySelector("[data-create]");
const createAllowed = createButton && !createButton.disabled;

function cell(cls, name, label, attrs = {}) {
  return h(`td.${cls}`, {}, h("input.input", { name, "aria-label": label, autocomplete: "off", ...attrs }));
}

function renumber() {
  [...tbody.rows].forEach((row, index) => {
    const n = index + 1;
    row.dataset.pointer = `/items[${n}]`;
    row.querySelector(".row-number").textContent = n;
    for (const input of row.querySelectorAll("input")) {
      input.setAttribute("aria-label", `${input.dataset.label} of row ${n}`);
    }
    const slot = row.querySelector("[data-error-for]");
    slot.dataset.errorFor = `/items[${n}]`;
    slot.id = `err-items-${n}`;
    row.querySelector("[data-remove-row]").setAttribute("aria-label", `Remove row ${n}`);
  });
  const filled = rows().length;
  itemsPanel.querySelector("[data-row-count]").textContent = `${filled} row${filled === 1 ? "" : "s"} with a SKU`;
}

function addRow(values = {}, { focus = false } = {}) {
  const sku = cell("row-sku", "item_sku", "SKU", { "data-col": "sku", "data-label": "SKU", value: values.sku ?? "", placeholder: "SKU" });
  sku.append(h("p.field-error", { "data-error-for": "", hidden: true }));
  const row = h("tr", {},
    h("td.row-number"), sku,
    cell("row-description", "item_description", "Description", { "data-col": "description", "data-label": "Description", value: values.description ?? "" }),
    cell("row-qty", "item_quantity", "Quantity", { "data-col": "quantity", "data-label": "Quantity", inputmode: "numeric", value: values.quantity ?? "", placeholder: "1" }),
    cell("row-price", "item_price", "Price", { "data-col": "price", "data-label": "Price", inputmode: "decimal", value: values.price ?? "" }),
    h("td.row-remove", {}, h("button.btn.tertiary.icon-only", { type: "button", "data-remove-row": true, title: "Remove row" }, icon("delete"))));
  tbody.append(row);
  renumber();
  if (focus) row.querySelector("input").focus();
  return row;
}

function rowValues(row) {
  const value = (col) => row.querySelector(`[data-col="${col}"]`).value.trim();
  return { sku: value("sku"), description: value("description"), quantity: value("quantity"), price: value("price") };
}

/** Rows as the API takes them; wholly empty rows are left out, a row without SKU is kept. */
function rows() {
  return [...tbody.rows].map(rowValues).filter((r) => r.sku || r.description || r.quantity || r.price);
}

function itemsForRequest() {
  return rows().map((r) => {
    const item = { sku: r.sku };
    if (r.description) item.description = r.description;
    if (r.quantity) item.quantity = /^\d+$/.test(r.quantity) ? Number(r.quantity) : r.quantity;
    if (r.price) item.price = r.price;
    return item;
  });
}

/** Put parsed rows in the table: they fill the empty rows first, then add new ones. */
function takeRows(items) {
  for (const row of [...tbody.rows]) {
    const v = rowValues(row);
    if (!v.sku && !v.description && !v.quantity && !v.price) row.remove();
  }
  for (const item of items) {
    addRow({ sku: item.sku, description: item.description || "", quantity: item.quantity ?? "", price: item.price ?? "" });
  }
  if (!tbody.rows.length) addRow();
  renumber();
}

async function parse(request, button) {
  setBusy(button, true);
  try {
    const { data } = await api("/api/catalog-rows/parse", { method: "POST", body: request });
    if (data.items.length) takeRows(data.items);
    const note = `${data.items.length} row${data.items.length === 1 ? "" : "s"} added`;
    if (data.problems.length) {
      toast(`${note}; ${data.problems.length} line${data.problems.length === 1 ? "" : "s"} skipped: ${data.problems.map((p) => p.detail).slice(0, 3).join("; ")}`, { error: true, duration: 10000 });
    } else toast(note);
  } catch (error) {
    toast(error.message, { error: true });
  } finally {
    setBusy(button, false);
  }
}

async function pasteRows(button) {
  const area = h("textarea.input.code", {
    rows: 10, "aria-label": "Rows to paste", "data-paste-area": true,
    placeholder: "SKU\tDescription\tQuantity\tPrice\nSHELF-00001\t\t12\t18.50",
  });
  const value = await openDialog({
    title: "Paste rows from a spreadsheet",
    body: h("div.stack.tight", {},
      h("p", { text: "Copy the cells from your spreadsheet (SKU, description, quantity, price — in that order, or with a header line) and paste them here. Tab-, comma- or semicolon-separated." }),
      area),
    actions: [{ label: "Cancel", value: "cancel" }, { label: "Add rows", value: "add", tone: "primary" }],
  });
  if (value === "add" && area.value.trim()) await parse({ text: area.value }, button);
}

panel.ownerDocument.addEventListener("click", (event) => {
  if (!itemsPanel.contains(event.target)) return;
  const remove = event.target.closest("[data-remove-row]");
  if (remove) {
    const row = remove.closest("tr");
    const next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    if (!tbody.rows.length) addRow();
    renumber();
    (next || tbody.rows[0]).querySelector("input").focus();
    return;
  }
  if (event.target.closest("[data-add-row]")) addRow({}, { focus: true });
  const paste = event.target.closest("[data-paste-rows]");
  if (paste) pasteRows(paste);
});

itemsPanel.querySelector("[data-csv-file]").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  const upload = new FormData();
  upload.append("file", file);
  await parse(upload, itemsPanel.querySelector('label[for="cat-csv"]'));
  event.target.value = "";
});
tbody.addEventListener("input", () => renumber());

// With no active definition a catalog job cannot be created: say so (the banner) and
// keep the button off while this kind is chosen.
function syncCreate() {
  if (!createButton || !createAllowed) return;
  const blocked = !panel.hidden && Boolean(panel.querySelector("[data-no-definitions]"));
  createButton.disabled = blocked;
}
form.addEventListener("change", (event) => {
  if (event.target.name === "kind") syncCreate();
});

addBodyFields(kindName, (request) => {
  const text = (name) => (form.elements[name]?.value || "").trim();
  const body = { ...request, definition_id: text("definition_id"), customer_name: text("customer_name"),
    customer_email: text("customer_email"), reference: text("reference"), items: itemsForRequest() };
  if (text("customer_phone")) body.customer_phone = text("customer_phone");
  return body;
});

addRow();
syncCreate();
