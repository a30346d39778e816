// The jobs list: filters, infinite scroll, row actions and live updates over SSE.
import { api, navigate } from "./shelf.js";
import { subscribe } from "./live.js";
import { jobRow, swapRow } from "./render.js";
import { runJobAction } from "./job-actions.js";
import { debounce, toast } from "./ui.js";

const section = document.querySelector("[data-jobs]");
const tbody = section.querySelector("[data-rows]");
const form = section.querySelector("[data-filters]");
const footer = {
  loading: section.querySelector("[data-loading]"),
  more: section.querySelector("[data-load-more]"),
  end: section.querySelector("[data-end]"),
  summary: section.querySelector("[data-total-summary]"),
  noMatch: section.querySelector("[data-no-match]"),
  start: document.querySelector("[data-empty-start]"),
};
const jobs = new Map(JSON.parse(document.getElementById("jobs-data").textContent).map((j) => [j.id, j]));
let total = Number(section.dataset.total || 0);
let approximate = section.dataset.totalApproximate === "true";
let cursor = section.dataset.nextCursor || null;
let loading = false;
let generation = 0;

const DAY = 86_400_000;
const FINISHED = ["completed", "completed_with_errors", "failed", "cancelled", "review"];

function filters() {
  const data = new FormData(form);
  return {
    q: (data.get("q") || "").trim(), status: data.get("status") || "", kind: data.get("kind") || "",
    mode: data.get("mode") || "", created: data.get("created") || "",
    archived: data.get("archived") === "true" ? "true" : "",
  };
}

function filtered() {
  return Object.values(filters()).some(Boolean);
}

function matches(job, f = filters()) {
  if (f.status && job.status !== f.status) return false;
  if (f.kind && job.kind !== f.kind) return false;
  if (f.mode && job.mode !== f.mode) return false;
  if (Boolean(job.archived) !== (f.archived === "true")) return false;
  if (f.created && job.created_at) {
    const created = new Date(job.created_at).getTime();
    const now = new Date();
    const since = f.created === "today"
      ? Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
      : Date.now() - (f.created === "7d" ? 7 : 30) * DAY;
    if (created < since) return false;
  }
  if (f.q) {
    const text = [job.title, job.customer && job.customer.name, job.customer && job.customer.email, job.reference]
      .filter(Boolean).join(" ").toLowerCase();
    if (!text.includes(f.q.toLowerCase())) return false;
  }
  return true;
}

function rows() {
  return tbody.querySelectorAll("tr[data-job-id]");
}

function updateFooter() {
  const count = rows().length;
  footer.more.hidden = !cursor;
  footer.end.hidden = Boolean(cursor) || count === 0;
  // Once every page is loaded the rows are the exact count (the total may be an estimate).
  const shown = cursor ? total : count;
  footer.end.replaceChildren("Showing all ", Object.assign(document.createElement("strong"), {
    textContent: String(shown),
  }), ` job${shown === 1 ? "" : "s"}`);
  footer.summary.hidden = !cursor;
  footer.summary.textContent = `${approximate ? "About " : ""}${total.toLocaleString("en-US")} job${total === 1 ? "" : "s"}`;
  footer.noMatch.hidden = count > 0 || !filtered();
  if (count > 0 || filtered()) {
    section.hidden = false;
    if (footer.start) footer.start.hidden = true;
  } else if (footer.start) {
    footer.start.hidden = false;
    section.hidden = true;
  }
}

async function load({ reset = false } = {}) {
  if (!reset && (loading || !cursor)) return;
  const mine = reset ? ++generation : generation;
  loading = true;
  footer.loading.hidden = false;
  footer.more.hidden = true;
  const params = new URLSearchParams({ limit: "20" });
  for (const [key, value] of Object.entries(filters())) if (value) params.set(key, value);
  if (!reset && cursor) params.set("cursor", cursor);
  try {
    const body = await api(`/api/jobs?${params}`);
    if (mine !== generation) return;
    if (reset) {
      tbody.replaceChildren();
      jobs.clear();
    }
    for (const job of body.data) {
      if (jobs.has(job.id)) continue;
      jobs.set(job.id, job);
      tbody.append(jobRow(job));
    }
    total = body.meta.results.total;
    approximate = Boolean(body.meta.results.approximate);
    cursor = body.meta.next_cursor;
  } catch (error) {
    toast(`Could not load jobs: ${error.message}`, { error: true });
  } finally {
    if (mine === generation) {
      loading = false;
      footer.loading.hidden = true;
      updateFooter();
      if (cursor) queueMicrotask(checkSentinel);
    }
  }
}

function applyFilters() {
  const params = new URLSearchParams(window.location.search);
  for (const [key, value] of Object.entries(filters())) {
    if (value) params.set(key, value);
    else params.delete(key);
  }
  params.delete("id_token");
  const text = params.toString();
  window.history.replaceState(null, "", text ? `${window.location.pathname}?${text}` : window.location.pathname);
  load({ reset: true });
}

// ---- infinite scroll -------------------------------------------------------------------------
const sentinel = section.querySelector("[data-sentinel]");
let sentinelVisible = false;
function checkSentinel() {
  if (sentinelVisible && cursor && !loading) load();
}
if ("IntersectionObserver" in window) {
  new IntersectionObserver((entries) => {
    sentinelVisible = entries.some((entry) => entry.isIntersecting);
    checkSentinel();
  }, { rootMargin: "200px" }).observe(sentinel);
}
footer.more.addEventListener("click", () => load());

// ---- filters ---------------------------------------------------------------------------------
form.addEventListener("submit", (event) => {
  event.preventDefault();
  applyFilters();
});
form.querySelector("[name=q]").addEventListener("input", debounce(applyFilters, 300));
for (const control of form.querySelectorAll("select, input[type=checkbox]")) {
  control.addEventListener("change", applyFilters);
}
section.querySelector("[data-clear-filters]").addEventListener("click", (event) => {
  event.preventDefault();
  form.reset();
  for (const control of form.querySelectorAll("select")) control.value = "";
  form.querySelector("[name=q]").value = "";
  form.querySelector("[name=archived]").checked = false;
  applyFilters();
});
document.querySelector("[data-refresh]")?.addEventListener("click", () => load({ reset: true }));

// ---- rows: open on click, actions ------------------------------------------------------------
function removeRow(id) {
  const row = tbody.querySelector(`tr[data-job-id="${CSS.escape(id)}"]`);
  if (!row) return;
  const next = row.nextElementSibling || row.previousElementSibling;
  const hadFocus = row.contains(document.activeElement);
  row.remove();
  jobs.delete(id);
  total = Math.max(0, total - 1);
  if (hadFocus) (next?.querySelector("a.job-title") || form.querySelector("[name=q]")).focus();
  updateFooter();
}

function renderJob(job, { flash = false } = {}) {
  const row = tbody.querySelector(`tr[data-job-id="${CSS.escape(job.id)}"]`);
  jobs.set(job.id, job);
  if (!matches(job)) {
    if (row) removeRow(job.id);
    return;
  }
  const fresh = jobRow(job);
  if (flash) fresh.classList.add("flash");
  if (row) swapRow(row, fresh);
}

/** Put a job that now belongs to the list at its place (newest first). */
function insertJob(job) {
  if (tbody.querySelector(`tr[data-job-id="${CSS.escape(job.id)}"]`) || !matches(job)) return;
  const created = job.created_at || "";
  const after = [...rows()].find((row) => (jobs.get(row.dataset.jobId)?.created_at || "") < created);
  if (!after && cursor) return; // it sorts into a page not loaded yet
  jobs.set(job.id, job);
  const fresh = jobRow(job);
  fresh.classList.add("flash");
  if (after) after.before(fresh);
  else tbody.append(fresh);
  total += 1;
  updateFooter();
}

tbody.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-action]");
  const row = event.target.closest("tr[data-job-id]");
  if (!row) return;
  if (button) {
    const job = jobs.get(row.dataset.jobId);
    if (!job) return;
    const result = await runJobAction(button.dataset.action, job, button);
    if (result === null) removeRow(job.id);
    else if (result) renderJob(result);
    return;
  }
  if (event.target.closest("a, button, input, label, .tip")) return;
  if (window.getSelection && String(window.getSelection())) return;
  navigate(row.dataset.href);
});

// ---- live updates ----------------------------------------------------------------------------
async function fetchJob(id) {
  try {
    return (await api(`/api/jobs/${id}`)).data;
  } catch {
    return null;
  }
}

subscribe({
  "job.created": async (summary) => {
    const job = await fetchJob(summary.id);
    if (job) insertJob(job);
  },
  "job.updated": async (summary) => {
    const known = jobs.get(summary.id);
    if (known) {
      renderJob({ ...known, ...summary, counts: { ...known.counts, ...summary.counts } });
      // A job that just finished has an outcome (files, deliveries) the summary does not carry.
      if (summary.status && summary.status !== known.status && FINISHED.includes(summary.status)) {
        const fresh = await fetchJob(summary.id);
        if (fresh) renderJob(fresh);
      }
      return;
    }
    const f = filters();
    if ((f.status && summary.status !== f.status) || Boolean(summary.archived) !== (f.archived === "true")) return;
    const job = await fetchJob(summary.id);
    if (job) insertJob(job);
  },
  "job.deleted": ({ id }) => {
    if (jobs.has(id)) removeRow(id);
  },
  reset: () => load({ reset: true }),
});

updateFooter();
