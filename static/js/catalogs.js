// Catalogs page: view, share and resend; "Load more" builds the same rows as the server.
import { api, can, pageUrl, refreshTimes } from "./shelf.js";
import { resend, shareLink, viewCatalog } from "./catalog-actions.js";
import { timeNode } from "./render.js";
import { debounce, h, icon, setBusy, toast } from "./ui.js";

const section = document.querySelector("[data-catalogs]");

function fileSize(size) {
  if (!size) return "—";
  if (size < 1024) return `${size} bytes`;
  if (size < 1024 * 1024) return `${Math.round(size / 1024).toLocaleString()} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

function fileLink(catalog, kind, label, iconName) {
  const file = catalog.files.find((f) => f.kind === kind);
  if (!file) return null;
  const attrs = { href: file.url, "data-file": kind, "aria-label": `${label} of the catalog for ${catalog.customer.name}` };
  if (kind === "html") Object.assign(attrs, { target: "_blank", rel: "noopener" });
  else attrs.download = file.name;
  return h("a.btn.tertiary", attrs, icon(iconName), label);
}

function catalogRow(c) {
  const name = c.customer.name || "—";
  const html = c.files.find((f) => f.kind === "html");
  const actions = h("span.row-actions", {},
    html ? h("button.btn.tertiary", { type: "button", "data-view-catalog": true, "data-url": html.url, "aria-label": `View the catalog for ${name}` }, icon("view"), "View") : null,
    fileLink(c, "html", "Open", "external"), fileLink(c, "pdf", "PDF", "catalog"), fileLink(c, "zip", "ZIP", "archive"));
  if (can("write")) {
    actions.append(
      h("button.btn.tertiary", { type: "button", "data-share": true, "aria-label": `Copy a share link to the catalog for ${name}` }, icon("external"), "Share link"),
      h("button.btn.tertiary", { type: "button", "data-resend": true, "aria-label": `Resend the catalog to ${name}` }, icon("replay"), "Resend"));
  }
  const customer = h("td", {}, h("a.job-title", { href: pageUrl(`/jobs/${c.job_id}`), text: name }));
  if (c.mode === "test") customer.append(" ", h("span.badge.subtle", { "data-test-badge": true, text: "Test" }));
  if (c.customer.email) customer.append(h("div.job-meta", {}, h("span", { text: c.customer.email })));
  // data-label: on a phone each row is a card, and the labels stand in for the header.
  const rows = h("td.num", { "data-label": "Rows", text: c.rows });
  if (c.unknown_rows) rows.append(" ", h("span.badge.warning", { title: "Rows whose SKU was not found", text: `${c.unknown_rows} unknown` }));
  return h("tr", { "data-catalog-id": c.id, "data-job-id": c.job_id },
    customer, h("td", { "data-label": "Reference", text: c.reference || "—" }),
    h("td", { "data-label": "Definition", text: c.definition_name || "—" }), rows,
    h("td.num.nowrap", { "data-label": "Size", text: fileSize(c.size) }),
    h("td.nowrap", { "data-label": "Created" }, timeNode(c.created_at)),
    h("td.actions-cell", {}, actions));
}

const form = section?.querySelector("[data-catalog-filters]");

function filters() {
  const data = new FormData(form);
  return { q: (data.get("q") || "").trim(), mode: data.get("mode") || "" };
}

function showPage({ data, meta }, reset) {
  const rows = section.querySelector("[data-rows]");
  if (reset) rows.replaceChildren();
  rows.append(...data.map(catalogRow));
  section.dataset.nextCursor = meta.next_cursor || "";
  const count = rows.querySelectorAll("tr[data-catalog-id]").length;
  section.querySelector("[data-load-more]").hidden = !meta.next_cursor;
  const end = section.querySelector("[data-end]");
  end.hidden = Boolean(meta.next_cursor) || count === 0;
  end.querySelector("strong").textContent = meta.results.total;
  section.querySelector("[data-no-match]").hidden = count > 0;
}

async function fetchPage(cursor) {
  const params = new URLSearchParams({ limit: "20" });
  for (const [key, value] of Object.entries(filters())) if (value) params.set(key, value);
  if (cursor) params.set("cursor", cursor);
  return api(`/api/catalogs?${params}`);
}

async function loadMore(button) {
  setBusy(button, true);
  try {
    showPage(await fetchPage(section.dataset.nextCursor), false);
  } catch (error) {
    toast(error.message, { error: true });
  } finally {
    setBusy(button, false);
  }
}

let generation = 0;
async function applyFilters() {
  const params = new URLSearchParams(window.location.search);
  for (const [key, value] of Object.entries(filters())) {
    if (value) params.set(key, value);
    else params.delete(key);
  }
  params.delete("id_token");
  const text = params.toString();
  window.history.replaceState(null, "", text ? `${window.location.pathname}?${text}` : window.location.pathname);
  const mine = ++generation;
  try {
    const page = await fetchPage(null);
    if (mine === generation) showPage(page, true);
  } catch (error) {
    toast(`Could not load catalogs: ${error.message}`, { error: true });
  }
}

if (form) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    applyFilters();
  });
  form.querySelector("[name=q]").addEventListener("input", debounce(applyFilters, 300));
  form.querySelector("[name=mode]").addEventListener("change", applyFilters);
}

document.addEventListener("click", (event) => {
  const row = event.target.closest("tr[data-catalog-id]");
  const view = event.target.closest("[data-view-catalog]");
  if (view) return void viewCatalog(view.dataset.url, `Catalog for ${row.querySelector(".job-title").textContent}`);
  const share = event.target.closest("[data-share]");
  if (share) return void shareLink(row.dataset.catalogId, share);
  const again = event.target.closest("[data-resend]");
  if (again) return void resend(row.dataset.jobId, again);
  const more = event.target.closest("[data-load-more]");
  if (more) loadMore(more);
});
refreshTimes();
