// A job's files and delivery outcomes on the job page, kept current: the files appear when
// the job finishes, delivery outcomes as they are recorded; each channel can be resent.
import { api, labels } from "./shelf.js";
import { resend, shareLink, viewCatalog } from "./catalog-actions.js";
import { badge, timeNode } from "./render.js";
import { h, icon } from "./ui.js";

const root = document.querySelector("[data-job-outputs]");
let state = JSON.parse(document.getElementById("job-outputs-data").textContent);
const canWrite = root.dataset.canWrite === "true";
const FINISHED = ["completed", "completed_with_errors"];

function sizeText(size) {
  if (!size) return "—";
  if (size < 1024) return `${size} bytes`;
  if (size < 1024 * 1024) return `${Math.round(size / 1024).toLocaleString()} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

function renderFiles() {
  const list = root.querySelector("[data-file-list]");
  list.replaceChildren(...state.file_locations.map((f) => {
    const inline = ["text/html", "application/pdf"].includes(f.content_type);
    const link = h("a", { href: f.url, ...(inline ? { target: "_blank", rel: "noopener" } : { download: f.name }) },
      icon(f.kind === "zip" ? "archive" : "catalog", "sm"), ` ${f.label ? `${f.label}: ` : ""}${f.name}`);
    const item = h("li", { "data-file": f.kind }, link, h("span.subdued.small", { text: sizeText(f.size) }));
    if (f.content_type === "text/html") {
      item.append(h("button.btn.tertiary", { type: "button", "data-view-file": true, "data-url": f.url }, icon("view"), "View"));
    }
    return item;
  }));
  root.querySelector("[data-no-files]").hidden = state.file_locations.length > 0;
  const share = root.querySelector("[data-share-files]");
  if (share) share.hidden = !state.file_locations.length;
}

function renderDelivery() {
  const list = root.querySelector("[data-delivery-list]");
  if (!list) return;
  const spec = (status) => (labels.delivery_status && labels.delivery_status[status]) || [status, "subtle", "info"];
  list.replaceChildren(...Object.entries(state.delivery || {}).map(([channel, d]) => {
    const detail = h("div.subdued.small");
    if (d.to) detail.append(`To ${d.to}${d.audience === "merchant" ? " (you, test mode)" : ""}`);
    if (d.at) detail.append(" · ", timeNode(d.at));
    if (d.attempts > 1) detail.append(` · ${d.attempts} attempts`);
    const text = h("div", {}, h("strong", { text: channel.charAt(0).toUpperCase() + channel.slice(1) }), " ", badge(spec(d.status)), detail);
    if (d.error) text.append(h("div.small.error-text", { "data-delivery-error": true, text: d.error }));
    const row = h("div.delivery-row", { "data-channel": channel }, text);
    if (canWrite && FINISHED.includes(state.status) && d.status !== "sending") {
      row.append(h("button.btn", { type: "button", "data-resend": channel }, icon("replay"), "Resend"));
    }
    return row;
  }));
  root.querySelector("[data-no-delivery]").hidden = Object.keys(state.delivery || {}).length > 0;
}

async function reload() {
  const { data } = await api(`/api/jobs/${state.id}`);
  state = { id: data.id, status: data.status, catalog_id: data.catalog_id,
    file_locations: data.file_locations || [], delivery: data.delivery || {} };
  renderFiles();
  renderDelivery();
}

document.addEventListener("shelf:job-updated", ({ detail }) => {
  if (detail.id !== state.id) return;
  const finishedNow = detail.status !== state.status && !["pending", "processing"].includes(detail.status);
  state.status = detail.status;
  if (detail.delivery) {
    state.delivery = detail.delivery;
    renderDelivery();
  }
  if (finishedNow || (FINISHED.includes(detail.status) && !state.file_locations.length)) reload().catch(() => {});
});

root.addEventListener("click", async (event) => {
  const view = event.target.closest("[data-view-file]");
  if (view) return void viewCatalog(view.dataset.url);
  const share = event.target.closest("[data-share-files]");
  if (share && state.catalog_id) return void shareLink(state.catalog_id, share);
  const again = event.target.closest("[data-resend]");
  if (again && await resend(state.id, again, again.dataset.resend)) reload().catch(() => {});
});
