// The import part of the New job form: pick or drop a CSV/XLSX file, upload it with progress,
// then show what the server read from it (format, column mapping, the first rows with what
// each would change or why it fails, counts per field) before the job is created from it.
// A value past a limit (an SEO title over 70 characters…) is not a failing row here: the job
// leaves it alone when the store already has it, so the preview warns instead.
import { idToken } from "./shelf.js";
import { h, icon } from "./ui.js";

const panel = document.querySelector("[data-import-form]");
const form = panel.closest("form");
const fileInput = panel.querySelector("[data-import-file]");
const chooseButton = panel.querySelector("[data-choose-file]");
const dropZone = panel.querySelector("[data-drop-zone]");
const status = panel.querySelector("[data-upload-status]");
const errorBox = panel.querySelector("[data-upload-error]");
const preview = panel.querySelector("[data-import-preview]");
const uploadId = panel.querySelector('[data-option="upload_id"]');
const maxBytes = Number(panel.dataset.maxBytes) || 0;

const USES = {
  identifies: ["Identifies the row", "info"],
  sets: ["Imported", "success"],
  context: ["Shown for reference, not written", "subtle"],
  not_imported: ["Ignored: a Shopify column Shelf doesn't change", "subtle"],
  unknown: ["Ignored: not a column Shelf knows", "warning"],
};
const LAYOUTS = { shelf: "Shelf's columns", shopify: "Shopify's product CSV" };
const PRICE_LABELS = ["Price", "Compare-at price"];
const plural = (n, word) => `${n.toLocaleString()} ${word}${n === 1 ? "" : "s"}`;

function sizeText(size) {
  if (size < 1024) return plural(size, "byte");
  if (size < 1024 * 1024) return `${Math.round(size / 1024).toLocaleString()} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

// ---- upload ----------------------------------------------------------------------------------
/** POST the file as multipart with progress; resolves with the upload record. */
async function send(file, onProgress) {
  const token = await idToken();
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", "/api/uploads");
    request.setRequestHeader("Authorization", `Bearer ${token}`);
    request.setRequestHeader("Accept", "application/json");
    request.responseType = "json";
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener("load", () => {
      const body = request.response;
      if (request.status >= 200 && request.status < 300 && body?.data) return resolve(body.data);
      reject(uploadError(request.status, body));
    });
    request.addEventListener("error", () => reject(new Error(
      "The file could not be sent. Check the connection and try again"
      + (maxBytes ? `; files over ${sizeText(maxBytes)} are refused.` : "."))));
    const data = new FormData();
    data.append("file", file, file.name);
    request.send(data);
  });
}

function uploadError(code, body) {
  const detail = (body?.errors || []).map((e) => e.detail || e.title).filter(Boolean).join(" ");
  if (detail) return new Error(detail);
  if (code === 413) return new Error("The file is too large. Split it into smaller files and import each one.");
  if (code === 401 || code === 403) return new Error("You are not allowed to upload files. Starting an import needs the write role.");
  return new Error(`The upload failed (HTTP ${code}). Try again.`);
}

function setProgress(fraction, text) {
  const percent = Math.round(fraction * 100);
  status.querySelector(".progress-bar").style.width = `${percent}%`;
  status.querySelector("[role=progressbar]").setAttribute("aria-valuenow", String(percent));
  status.querySelector("[data-upload-percent]").textContent = `${percent}%`;
  status.querySelector("[data-upload-text]").textContent = text;
}

function showError(message) {
  errorBox.querySelector("[data-upload-error-text]").textContent = message;
  errorBox.hidden = false;
  errorBox.focus();
}

async function upload(file) {
  errorBox.hidden = true;
  preview.hidden = true;
  uploadId.value = "";
  if (!file) return;
  if (maxBytes && file.size > maxBytes) {
    showError(`${file.name} is ${sizeText(file.size)}; the limit is ${sizeText(maxBytes)}. `
      + "Split it into smaller files and import each one.");
    return;
  }
  status.hidden = false;
  chooseButton.disabled = true;
  setProgress(0, `Uploading ${file.name} (${sizeText(file.size)})…`);
  try {
    const record = await send(file, (fraction) => setProgress(fraction,
      fraction < 1 ? `Uploading ${file.name}…` : `Reading ${file.name}…`));
    status.hidden = true;
    render(record);
    uploadId.value = record.id;
    preview.hidden = false;
    panel.querySelector("[data-choose-label]").textContent = "Choose another file";
    preview.querySelector("#import-file-heading").setAttribute("tabindex", "-1");
    preview.querySelector("#import-file-heading").focus();
  } catch (error) {
    status.hidden = true;
    showError(error.message);
  } finally {
    chooseButton.disabled = false;
    fileInput.value = "";
  }
}

// ---- preview ---------------------------------------------------------------------------------
function facts(record) {
  const file = record.file || {};
  const rows = [["File", `${record.name} (${sizeText(record.size || 0)})`],
    ["Format", file.format === "xlsx" ? "Excel workbook (XLSX)" : "CSV"]];
  if (file.encoding) rows.push(["Encoding", file.encoding]);
  if (file.delimiter) rows.push(["Delimiter", file.delimiter]);
  rows.push(["Layout", LAYOUTS[record.mapping?.layout] || record.mapping?.layout || "—"]);
  rows.push(["Rows are found by", (record.mapping?.identifies || []).join(", ") || "—"]);
  return rows.flatMap(([term, value]) => [h("dt", { text: term }), h("dd", { text: value })]);
}

function counts(record) {
  const c = record.counts || {};
  const box = (term, value, tone = "") => h(`div.count-box${tone}`, {}, h("dt", { text: term }), h("dd", { text: (value || 0).toLocaleString() }));
  const boxes = [box("Rows read", c.rows), box("Values to set", c.changes),
    box("Rows that fail", c.failed_rows, c.failed_rows ? ".critical" : "")];
  const checked = c.rows_fail_unless_unchanged || 0;
  if (checked) boxes.push(box("Rows checked against your store", checked, ".warning"));
  return boxes;
}

// Rows with values past a limit: they fail only if the store's value is different.
function checkedNote(record) {
  const checked = record.counts?.rows_fail_unless_unchanged || 0;
  const note = panel.querySelector("[data-unless-unchanged]");
  note.hidden = !checked;
  if (!checked) return;
  note.querySelector("[data-unless-unchanged-text]").textContent = `${plural(checked, "row")} `
    + `${checked === 1 ? "sets a value" : "set values"} longer or larger than Shelf allows. `
    + "They are not counted as failing: when the job runs, a value your store already has is "
    + "left as it is, and any other value fails its row.";
  const shown = new Set((record.rows || []).map((row) => row.line));
  const listed = (record.fail_unless_unchanged || []).filter((f) => !shown.has(f.line));
  note.querySelector("[data-unless-unchanged-list]").replaceChildren(...listed.map((f) =>
    h("li", {}, h("strong", { text: `Line ${f.line}: ` }), h("span", { text: f.reason }))));
}

function fieldRows(record) {
  const labels = Object.fromEntries((record.mapping?.columns || []).filter((col) => col.field).map((col) => [col.field, col.label]));
  const perField = Object.entries(record.counts?.per_field || {});
  if (!perField.length) {
    return [h("tr", {}, h("td", { colspan: 4, class: "subdued", text: "No value in this file would change anything." }))];
  }
  return perField.map(([field, n]) => h("tr", { "data-field": field },
    // "row" counts problems of a whole row (two lines setting one value differently, …).
    h("td", { text: field === "row" ? "Whole row" : labels[field] || field.replace(/_/g, " ") }),
    h("td.num", { "data-label": "Values to set", text: (n.set || 0).toLocaleString() }),
    h("td.num", { "data-label": "Invalid", class: n.invalid ? "num error-text" : "num", text: (n.invalid || 0).toLocaleString() }),
    h("td.num", { "data-label": "Checked against your store", "data-checked-count": n.fails_unless_unchanged || 0,
      text: (n.fails_unless_unchanged || 0).toLocaleString() })));
}

function useCell(col) {
  const [words, tone] = USES[col.use] || [col.use, "subtle"];
  const cell = h("td", { "data-label": "Use" }, h(`span.badge.${tone}`, { text: words }));
  if (col.label && col.use !== "unknown" && col.use !== "not_imported") cell.append(" ", h("span", { text: `→ ${col.label}` }));
  return cell;
}

function mappingRows(record) {
  return (record.mapping?.columns || []).map((col) => h("tr", { "data-column": col.column, "data-use": col.use },
    h("td", {}, h("code", { text: col.column || "(no header)" })), useCell(col)));
}

function keyText(record, row) {
  const columns = record.mapping?.columns || [];
  const keys = columns.map((col, index) => [col, row.cells[index]]).filter(([col, value]) => col.use === "identifies" && value);
  return keys.map(([col, value]) => `${col.label}: ${value}`).join(" · ") || "—";
}

function valueOf(record, row, field) {
  const index = (record.mapping?.columns || []).findIndex((col) => col.field === field && col.use === "sets");
  return index >= 0 ? row.cells[index] : undefined;
}

// A row's own problems, or the one found against a later line (a clash) that fails it too.
function rowErrors(record, row) {
  if (row.errors?.length) return row.errors;
  const failed = (record.failed || []).find((f) => f.line === row.line);
  return failed ? [failed.reason] : [];
}

function rowResult(record, row) {
  const cell = h("td", { "data-label": "What it does" });
  const errors = rowErrors(record, row);
  if (errors.length) {
    cell.append(...errors.map((message) => h("div.item-error", {}, icon("alert-circle"), h("span", { text: message }))));
  } else if (!row.changes?.length) {
    cell.append(h("span.subdued", { text: "Nothing to set: every cell is empty or only identifies the row." }));
  } else {
    cell.append(h("ul.change-list", {}, row.changes.map((change) => {
      const value = change.clears ? "cleared" : valueOf(record, row, change.field);
      return h("li", {}, h("strong", { text: change.label }),
        value !== undefined ? h("span", { text: change.clears ? " cleared" : ` → ${truncateCell(value)}` }) : null,
        // Which variant or image, when not simply the row's product.
        change.target.startsWith("product ") ? null : h("span.subdued.small", { text: ` (${change.target})` }));
    })));
  }
  if (!errors.length) {
    for (const warning of row.warnings || []) cell.append(h("div.item-warning", {}, icon("alert-triangle"), h("span", { text: warning })));
  }
  for (const notice of row.notices || []) cell.append(h("div.small.subdued", {}, icon("info", "sm"), ` ${notice}`));
  return cell;
}

const truncateCell = (value) => (value.length > 80 ? `${value.slice(0, 79)}…` : value);

function rowState(record, row) {
  if (rowErrors(record, row).length) return "failed";
  return row.warnings?.length ? "checked" : "ok";
}

function previewRows(record) {
  if (!record.rows?.length) return [h("tr", {}, h("td", { colspan: 3, class: "subdued", text: "The file has no rows under its header." }))];
  return record.rows.map((row) => h("tr", { "data-line": row.line, "data-row-state": rowState(record, row) },
    h("td.num", { "data-label": "Line", text: row.line }),
    h("td", { "data-label": "Row", text: keyText(record, row) }),
    rowResult(record, row)));
}

function failedList(record) {
  const shown = new Set((record.rows || []).map((row) => row.line));
  const failed = (record.failed || []).filter((f) => !shown.has(f.line));
  const more = (record.counts?.failed_rows || 0) - (record.failed || []).length;
  const items = failed.map((f) => h("li", {}, h("strong", { text: `Line ${f.line}: ` }), h("span", { text: f.reason })));
  if (more > 0) items.push(h("li.subdued", { text: `…and ${plural(more, "more row")}: the job lists them all and offers them as a file to fix and upload again.` }));
  return items;
}

function decimalChoice(record) {
  const fieldset = panel.querySelector("[data-decimal-choice]");
  const hasPrices = (record.mapping?.sets || []).some((label) => PRICE_LABELS.includes(label));
  fieldset.hidden = !hasPrices;
  panel.querySelector('[name="import_decimal"][value="auto"]').checked = true;
  const comma = record.file?.delimiter === "semicolon";
  panel.querySelector("[data-decimal-auto]").textContent = record.file?.format === "csv"
    ? `From the file: ${comma ? "semicolons separate its columns, so prices use a decimal comma (12,90)" : "prices use a decimal point (12.90)"}.`
    : "Prices use a decimal point (12.90); cells the workbook stores as numbers are read as they are.";
}

function render(record) {
  panel.querySelector("[data-file-facts]").replaceChildren(...facts(record));
  panel.querySelector("[data-import-counts]").replaceChildren(...counts(record));
  checkedNote(record);
  panel.querySelector("[data-field-counts] tbody").replaceChildren(...fieldRows(record));
  panel.querySelector("[data-column-mapping] tbody").replaceChildren(...mappingRows(record));
  panel.querySelector("[data-preview-rows] tbody").replaceChildren(...previewRows(record));
  const failed = failedList(record);
  panel.querySelector("[data-failed-list]").replaceChildren(...failed);
  panel.querySelector("[data-failed-preview]").hidden = !failed.length;
  decimalChoice(record);
}

// ---- picking and dropping --------------------------------------------------------------------
chooseButton.addEventListener("click", () => fileInput.click());
panel.querySelector("[data-replace-file]").addEventListener("click", () => fileInput.click());
fileInput.addEventListener("change", () => upload(fileInput.files[0]));

for (const type of ["dragenter", "dragover"]) {
  dropZone.addEventListener(type, (event) => {
    if (!event.dataTransfer?.types?.includes("Files") || chooseButton.disabled) return;
    event.preventDefault();
    dropZone.classList.add("dragging");
  });
}
for (const type of ["dragleave", "drop"]) {
  dropZone.addEventListener(type, () => dropZone.classList.remove("dragging"));
}
dropZone.addEventListener("drop", (event) => {
  event.preventDefault();
  const files = event.dataTransfer?.files;
  if (files?.length > 1) return void showError("Drop one file at a time.");
  if (files?.length) upload(files[0]);
});

// The whole form's submit goes through job-new.js; it sends upload_id and decimal as options.
form.addEventListener("reset", () => { uploadId.value = ""; preview.hidden = true; });
