// One job: live progress and counts, the items table with filters, multi-select, preview,
// inline edit, publish / revert / force, bulk publish with live progress, and the job actions.
import { api, can, navigate, pageUrl } from "./shelf.js";
import { subscribe } from "./live.js";
import {
  adminProductUrl, badge, itemRow, itemStatusSpec, jobActions, jobStatusSpec, processed,
  progressNode, publishStatusSpec, stageLabel, swapRow, timeNode,
} from "./render.js";
import { runJobAction } from "./job-actions.js";
import { confirmDialog, debounce, h, icon, openDialog, setBusy, toast } from "./ui.js";

let job = JSON.parse(document.getElementById("job-data").textContent);
const tabFilters = JSON.parse(document.getElementById("item-tabs").textContent);
const header = document.querySelector("[data-job-header]");
const card = document.querySelector("[data-items]");
const tbody = card.querySelector("[data-rows]");
const html = card.dataset.htmlField === "true";
const reviewable = card.dataset.reviewable === "true";
const PAGE = 20;
const TERMINAL_PUBLISH = ["published", "failed", "conflict", "reverted", "unpublished"];

const items = new Map();
const selected = new Set();
let tab = card.dataset.tab || "all";
let cursor = card.dataset.nextCursor || null;
let total = Number(card.dataset.total || 0);
let generation = 0;
let batch = null; // {action, ids, queued, done, counted, outcomes}
// Items whose publish or revert finished, by event: a late 'publishing' event for them is stale.
const settled = new Map();

// The first page came from the server; keep its data for live updates.
for (const item of JSON.parse(document.getElementById("items-data").textContent)) items.set(item.id, item);

function fetchPage(which, after, limit) {
  const params = new URLSearchParams({ ...tabFilters[which], limit: String(limit) });
  if (after) params.set("cursor", after);
  return api(`/api/jobs/${job.id}/items?${params}`);
}

// ---- job header, progress and counts ---------------------------------------------------------
function renderJob() {
  header.querySelector("[data-job-badge]").replaceChildren(badge(jobStatusSpec(job.status)));
  header.querySelector("[data-archived-badge]").hidden = !job.archived;
  header.querySelector("[data-job-actions]").replaceChildren(jobActions(job, "page"));
  const banner = document.querySelector("[data-failure-banner]");
  banner.hidden = !(job.status === "failed" && job.error);
  banner.querySelector("[data-failure-reason]").textContent = job.error || "";
  document.querySelector("[data-progress]").replaceWith(progressNode(job, true));
  document.querySelector("[data-processed]").textContent = processed(job);
  document.querySelector("[data-total]").textContent = job.counts.total;
  document.querySelector("[data-percent]").textContent = job.progress || 0;
  document.querySelector("[data-stage]").textContent =
    job.status === "processing" && job.stage ? `${stageLabel(job.stage)}…` : "";
  for (const node of document.querySelectorAll("[data-count]")) {
    node.textContent = job.counts[node.dataset.count] ?? 0;
  }
  if (job.started_at) document.querySelector("[data-started]").replaceChildren(timeNode(job.started_at));
  if (job.completed_at) document.querySelector("[data-completed]").replaceChildren(timeNode(job.completed_at));
  const publishAll = card.querySelector("[data-publish-all]");
  if (publishAll && !publishAll.classList.contains("busy")) publishAll.disabled = !job.counts.pending_review;
}

header.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-action]");
  if (!button) return;
  const result = await runJobAction(button.dataset.action, job, button);
  if (result === null) navigate(pageUrl("/"));
  else if (result) {
    job = { ...job, ...result };
    renderJob();
  }
});

// ---- items list ------------------------------------------------------------------------------
function rowFor(id) {
  return tbody.querySelector(`tr[data-item-id="${CSS.escape(String(id))}"]`);
}

function renderItem(item) {
  items.set(item.id, item);
  const row = rowFor(item.id);
  if (!row) return;
  const editing = row.nextElementSibling?.classList.contains("edit-row");
  swapRow(row, itemRow(item, { html, reviewable, selected: selected.has(item.id) }));
  if (editing && (item.status !== "succeeded" || ["publishing", "published"].includes(item.publish_status))) {
    rowFor(item.id).nextElementSibling?.remove();
  }
}

function updateListChrome() {
  const count = tbody.querySelectorAll("tr[data-item-id]").length;
  card.querySelector("[data-no-items]").hidden = count > 0;
  card.querySelector("[data-load-more]").hidden = !cursor;
  const end = card.querySelector("[data-end]");
  end.hidden = Boolean(cursor) || count === 0;
  end.replaceChildren("Showing all ", h("strong", { text: total }), ` item${total === 1 ? "" : "s"}`);
  updateSelection();
}

async function loadItems({ reset = false, limit = PAGE } = {}) {
  const mine = reset ? ++generation : generation;
  const loading = card.querySelector("[data-loading]");
  loading.hidden = false;
  card.querySelector("[data-load-more]").hidden = true;
  try {
    const page = await fetchPage(tab, reset ? null : cursor, limit);
    if (mine !== generation) return;
    if (reset) {
      tbody.replaceChildren();
      selected.clear();
    }
    for (const item of page.data) {
      items.set(item.id, item);
      if (!rowFor(item.id)) tbody.append(itemRow(item, { html, reviewable }));
    }
    cursor = page.meta.next_cursor;
    total = page.meta.results.total;
  } catch (error) {
    toast(`Could not load items: ${error.message}`, { error: true });
  } finally {
    if (mine === generation) {
      loading.hidden = true;
      updateListChrome();
    }
  }
}

card.querySelector("[data-load-more]").addEventListener("click", () => loadItems());

card.querySelector("[data-item-tabs]").addEventListener("click", (event) => {
  const link = event.target.closest("[data-tab]");
  if (!link) return;
  event.preventDefault();
  tab = link.dataset.tab;
  for (const other of card.querySelectorAll("[data-tab]")) other.removeAttribute("aria-current");
  link.setAttribute("aria-current", "true");
  const params = new URLSearchParams(window.location.search);
  if (tab === "all") params.delete("items");
  else params.set("items", tab);
  params.delete("id_token");
  const text = params.toString();
  window.history.replaceState(null, "", text ? `${window.location.pathname}?${text}` : window.location.pathname);
  loadItems({ reset: true });
});

// ---- selection -------------------------------------------------------------------------------
const selectAll = card.querySelector("[data-select-all]");
const bulkBar = card.querySelector("[data-bulk-bar]");

function updateSelection() {
  const boxes = [...tbody.querySelectorAll("[data-select]")];
  for (const box of boxes) {
    box.checked = selected.has(box.value);
    box.closest("tr").classList.toggle("selected", box.checked);
  }
  const checked = boxes.filter((box) => box.checked).length;
  selectAll.checked = boxes.length > 0 && checked === boxes.length;
  selectAll.indeterminate = checked > 0 && checked < boxes.length;
  if (bulkBar) {
    bulkBar.hidden = selected.size === 0;
    bulkBar.querySelector("[data-selected-count]").textContent = `${selected.size} selected`;
  }
}

selectAll.addEventListener("change", () => {
  for (const box of tbody.querySelectorAll("[data-select]")) {
    if (selectAll.checked) selected.add(box.value);
    else selected.delete(box.value);
  }
  updateSelection();
});

tbody.addEventListener("change", (event) => {
  const box = event.target.closest("[data-select]");
  if (!box) return;
  if (box.checked) selected.add(box.value);
  else selected.delete(box.value);
  updateSelection();
});

// ---- publishing with live progress -----------------------------------------------------------
const progressBanner = card.querySelector("[data-publish-progress]");

function showBatch() {
  if (!batch) {
    progressBanner.hidden = true;
    return;
  }
  const verb = batch.action === "publish" ? "Publishing" : "Reverting";
  let text;
  if (batch.queued === null) text = `${verb}…`;
  else if (batch.done >= batch.queued) {
    text = `${batch.action === "publish" ? "Published" : "Reverted"} ${batch.outcomes.ok} of ${batch.queued}`
      + (batch.outcomes.conflict ? ` · ${batch.outcomes.conflict} in conflict` : "")
      + (batch.outcomes.failed ? ` · ${batch.outcomes.failed} failed` : "");
  } else text = `${verb}… ${batch.done} of ${batch.queued} done`;
  progressBanner.querySelector("[data-publish-progress-text]").textContent = text;
  progressBanner.hidden = false;
}

// A batch starts before its request is sent: the worker may finish items before the
// answer arrives, and those events count too.
function beginBatch(action, itemIds) {
  batch = {
    action, ids: itemIds ? new Set(itemIds) : null, queued: null, done: 0,
    counted: new Set(), outcomes: { ok: 0, conflict: 0, failed: 0 },
  };
  if (itemIds) for (const id of itemIds) settled.delete(id);
  else settled.clear();
  showBatch();
  return batch;
}

function finishIfDone() {
  if (!batch || batch.queued === null || batch.done < batch.queued) return;
  const finished = batch;
  const verb = finished.action === "publish" ? "Published" : "Reverted";
  toast(`${verb} ${finished.outcomes.ok} item${finished.outcomes.ok === 1 ? "" : "s"}`
    + (finished.outcomes.conflict ? `, ${finished.outcomes.conflict} in conflict` : ""));
  setTimeout(() => {
    if (batch === finished) {
      batch = null;
      showBatch();
    }
  }, 6000);
}

function queuedBatch(started, queued) {
  if (batch !== started) return;
  if (!queued) {
    batch = null;
    showBatch();
    toast(started.action === "publish" ? "Nothing to publish: those results are published or not ready"
      : "Nothing to revert: none of those is published");
    return;
  }
  started.queued = queued;
  showBatch();
  finishIfDone();
}

function countBatch(change) {
  if (!batch || !TERMINAL_PUBLISH.includes(change.publish_status) || batch.counted.has(change.id)) return;
  if (batch.ids && !batch.ids.has(change.id)) return;
  batch.counted.add(change.id);
  batch.done += 1;
  if (change.publish_status === "conflict") batch.outcomes.conflict += 1;
  else if (change.publish_status === "failed") batch.outcomes.failed += 1;
  else batch.outcomes.ok += 1;
  showBatch();
  finishIfDone();
}

async function bulk(action, itemIds) {
  const count = itemIds ? itemIds.length : job.counts.pending_review;
  const what = itemIds ? `${count} selected item${count === 1 ? "" : "s"}` : `all ${count} unpublished result${count === 1 ? "" : "s"}`;
  const ok = await confirmDialog(action === "publish"
    ? {
      title: itemIds ? "Publish selected items?" : "Publish all results?",
      message: `This writes ${what} to your store. Each original value is kept, so you can revert later. `
        + "Items whose value changed in Shopify since Shelf read it are held back as conflicts.",
      confirmLabel: itemIds ? "Publish selected" : "Publish all",
    }
    : {
      title: "Revert selected items?",
      message: `This puts the original values of ${what} back in your store.`,
      confirmLabel: "Revert selected",
    });
  if (!ok) return;
  const button = itemIds ? bulkBar.querySelector(`[data-bulk="${action}"]`) : card.querySelector("[data-publish-all]");
  setBusy(button, true);
  const started = beginBatch(action, itemIds);
  try {
    const body = itemIds ? { item_ids: itemIds } : { all: true };
    const { data } = await api(`/api/jobs/${job.id}/${action}`, { method: "POST", body });
    job = { ...job, ...data.job, counts: { ...job.counts, ...data.job.counts } };
    queuedBatch(started, data.queued);
    if (itemIds) {
      selected.clear();
      updateSelection();
    }
  } catch (error) {
    if (batch === started) {
      batch = null;
      showBatch();
    }
    toast(error.message, { error: true });
  } finally {
    setBusy(button, false);
    renderJob();
  }
}

card.querySelector("[data-publish-all]")?.addEventListener("click", () => bulk("publish", null));
bulkBar?.addEventListener("click", (event) => {
  const button = event.target.closest("[data-bulk]");
  if (!button) return;
  if (button.dataset.bulk === "clear") {
    selected.clear();
    updateSelection();
    selectAll.focus();
    return;
  }
  bulk(button.dataset.bulk, [...selected]);
});

// ---- one item: preview, edit, publish, force, revert -----------------------------------------
function renderedFrame(value, label) {
  const doc = "<!doctype html><html><head><meta charset=\"utf-8\">"
    + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src https: data:; style-src 'unsafe-inline'\">"
    + "<style>body{font:14px/1.55 -apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,sans-serif;color:#303030;margin:12px}"
    + "img{max-width:100%;height:auto}</style></head><body>"
    + (value || "<p style=\"color:#616161\">(empty)</p>") + "</body></html>";
  // sandbox with no permissions: no scripts, no forms, no navigation, a unique origin.
  return h("iframe", { sandbox: "", srcdoc: doc, title: label, loading: "lazy" });
}

function valueBlock(value, label) {
  if (html) return renderedFrame(value, label);
  return h("div.text-value", { text: value || "(empty)" });
}

async function getItem(id) {
  return (await api(`/api/items/${id}`)).data;
}

async function previewItem(item) {
  let fresh = item;
  try {
    fresh = await getItem(item.id);
    renderItem(fresh);
  } catch {
    // show what we have
  }
  const url = adminProductUrl(fresh.product_id);
  const statusLine = h("div.inline", {}, badge(itemStatusSpec(fresh.status)));
  if (reviewable && fresh.status === "succeeded") statusLine.append(badge(publishStatusSpec(fresh.publish_status)));
  if (url) {
    statusLine.append(h("a", { href: url, target: "_blank", rel: "noopener" }, icon("external", "sm"),
      " View product in Shopify admin"));
  }
  const body = h("div.stack", {}, statusLine);
  if (fresh.error) body.append(h("div.banner.critical", {}, icon("alert-diamond"), h("div.banner-body", { text: fresh.error })));
  body.append(h("div.compare", {},
    h("section", {}, h("h3", {}, "Original ", h("span.badge.subtle", { text: "Now in Shopify" })),
      valueBlock(fresh.original, `Original ${html ? "description, rendered" : "value"}`)),
    h("section", {}, h("h3", {}, "Proposed ", h("span.badge.magic", {}, icon("magic"), "Shelf")),
      valueBlock(fresh.proposed, `Proposed ${html ? "description, rendered" : "value"}`))));
  if (fresh.proposed && !html) {
    body.append(h("p.small.subdued", { text: `${fresh.proposed.length} characters` }));
  }
  const actions = [{ label: "Close", value: "cancel" }];
  const canWrite = reviewable && can("write") && fresh.status === "succeeded";
  if (canWrite && !["publishing", "published"].includes(fresh.publish_status)) actions.push({ label: "Edit", value: "edit" });
  if (canWrite && ["unpublished", "failed", "reverted"].includes(fresh.publish_status)) {
    actions.push({ label: "Publish", value: "publish", tone: "primary" });
  } else if (canWrite && fresh.publish_status === "conflict") {
    actions.push({ label: "Publish anyway", value: "force", tone: "primary" });
  }
  const choice = await openDialog({ title: fresh.product_title || "Preview", body, actions, large: true, focusClose: true });
  if (["edit", "publish", "force"].includes(choice)) {
    const row = rowFor(fresh.id);
    itemAction(choice, fresh, row?.querySelector(`[data-item-action="${choice}"]`));
  }
}

function editItem(item, button) {
  const row = rowFor(item.id);
  if (!row) return;
  if (row.nextElementSibling?.classList.contains("edit-row")) {
    row.nextElementSibling.querySelector("textarea").focus();
    return;
  }
  const id = `edit-${item.id}`;
  const textarea = h("textarea.input", { id, rows: html ? 8 : 3, "aria-describedby": `${id}-help ${id}-error` });
  textarea.value = item.proposed || "";
  const error = h("p.field-error", { id: `${id}-error`, hidden: true });
  const save = h("button.btn.primary", { type: "submit" }, "Save");
  const cancel = h("button.btn", { type: "button" }, "Cancel");
  const form = h("form.editor", {},
    h("label", { for: id, text: `Proposed ${html ? "description (HTML)" : "text"} for ${item.product_title}` }),
    textarea,
    h("span.field-help", { id: `${id}-help`, text: html ? "Allowed HTML is kept; anything unsafe is removed when saved." : "Saved as plain text." }),
    error,
    h("div.btn-group", {}, save, cancel));
  const editRow = h("tr.edit-row", {}, h("td", { colspan: 5 }, form));
  row.after(editRow);
  textarea.focus();
  const close = () => {
    editRow.remove();
    (rowFor(item.id)?.querySelector('[data-item-action="edit"]') || button)?.focus();
  };
  cancel.addEventListener("click", close);
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    setBusy(save, true);
    error.hidden = true;
    textarea.removeAttribute("aria-invalid");
    try {
      const { data } = await api(`/api/items/${item.id}`, { method: "PATCH", body: { proposed: textarea.value } });
      editRow.remove();
      renderItem(data);
      rowFor(item.id)?.querySelector('[data-item-action="edit"]')?.focus();
      toast("Change saved");
    } catch (failure) {
      const detail = failure.body?.errors?.find((e) => e.source?.pointer === "/proposed")?.detail || failure.message;
      error.textContent = detail;
      error.hidden = false;
      textarea.setAttribute("aria-invalid", "true");
      textarea.focus();
    } finally {
      setBusy(save, false);
    }
  });
}

async function itemAction(action, item, button) {
  if (action === "preview") return previewItem(item);
  if (action === "edit") return editItem(item, button);
  if (action === "force") {
    const ok = await confirmDialog({
      title: "Overwrite the change made in Shopify?",
      message: "This product's value changed in Shopify after Shelf read it. Publishing anyway replaces that change with Shelf's result.",
      confirmLabel: "Publish anyway", destructive: true,
    });
    if (!ok) return undefined;
  }
  if (action === "revert") {
    const ok = await confirmDialog({
      title: "Revert this item?", message: "The original value goes back to your store.", confirmLabel: "Revert",
    });
    if (!ok) return undefined;
  }
  setBusy(button, true);
  settled.delete(item.id);
  try {
    const verb = action === "revert" ? "revert" : "publish";
    const { data } = await api(`/api/items/${item.id}/${verb}`, { method: "POST", body: { force: action === "force" } });
    if (!settled.has(item.id)) renderItem(data);
    toast(verb === "publish" ? "Publishing…" : "Reverting…");
  } catch (error) {
    toast(error.message, { error: true });
    if (button && document.contains(button)) setBusy(button, false);
  }
  return undefined;
}

tbody.addEventListener("click", (event) => {
  const button = event.target.closest("[data-item-action]");
  if (!button) return;
  const row = button.closest("tr[data-item-id]");
  const item = items.get(row.dataset.itemId) || { id: row.dataset.itemId, status: row.dataset.status, publish_status: row.dataset.publishStatus };
  itemAction(button.dataset.itemAction, item, button);
});

// ---- live updates ----------------------------------------------------------------------------
const stale = new Set();
const refreshStale = debounce(async () => {
  const ids = [...stale];
  stale.clear();
  if (ids.length > 8) {
    const loaded = tbody.querySelectorAll("tr[data-item-id]").length;
    return loadItems({ reset: true, limit: Math.min(100, Math.max(PAGE, loaded)) });
  }
  for (const id of ids) {
    try {
      renderItem(await getItem(id));
    } catch {
      // the item may be gone with its job
    }
  }
  return undefined;
}, 250);

const reloadItems = debounce(() => loadItems({
  reset: true, limit: Math.min(100, Math.max(PAGE, tbody.querySelectorAll("tr[data-item-id]").length)),
}), 400);

subscribe({
  "job.updated": (summary) => {
    if (summary.id !== job.id) return;
    const before = job;
    job = { ...job, ...summary, counts: { ...job.counts, ...summary.counts } };
    renderJob();
    const rowsShown = tbody.querySelectorAll("tr[data-item-id]").length;
    const publishingEnded = before.stage === "publishing" && job.stage !== "publishing";
    if (before.status !== job.status || publishingEnded
        || (rowsShown < PAGE && before.counts.total !== job.counts.total)) reloadItems();
  },
  "items.updated": ({ job_id: jobId, items: changes }) => {
    if (jobId !== job.id) return;
    for (const change of changes) {
      // The "publishing" announcement can trail the worker's own result: ignore it then.
      if (change.publish_status === "publishing" && settled.has(change.id)) continue;
      if (change.status === "succeeded" && TERMINAL_PUBLISH.includes(change.publish_status)) {
        settled.set(change.id, change.publish_status);
      }
      countBatch(change);
      const known = items.get(change.id);
      if (!rowFor(change.id)) continue;
      const merged = { ...(known || {}), ...change };
      if (!known || known.status !== change.status || change.error !== (known.error ?? null)) stale.add(change.id);
      renderItem(merged);
    }
    if (stale.size) refreshStale();
  },
  "job.deleted": ({ id }) => {
    if (id !== job.id) return;
    toast("This job was deleted");
    setTimeout(() => navigate(pageUrl("/")), 800);
  },
  reset: () => {
    api(`/api/jobs/${job.id}`).then(({ data }) => {
      job = data;
      renderJob();
    }).catch(() => {});
    reloadItems();
  },
});

updateSelection();
