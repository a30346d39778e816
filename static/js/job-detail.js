// One job: live progress and counts, the job actions, and the items table (item-list.js) with
// its item actions (item-dialogs.js) and bulk publishing (publish-progress.js). What the kind
// offers and how it words it comes from the job's `kind_info`.
import { navigate, pageUrl, api } from "./shelf.js";
import { subscribe } from "./live.js";
import { badge, jobActions, jobStatusSpec, percentDone, processed, progressNode, stageLabel, timeNode } from "./render.js";
import { runJobAction } from "./job-actions.js";
import { createItemDialogs } from "./item-dialogs.js";
import { createItemList, PAGE } from "./item-list.js";
import { createItemWrites } from "./item-writes.js";
import { createPublishProgress, publishable, TERMINAL_PUBLISH } from "./publish-progress.js";
import { regenerateMany } from "./item-quality.js";
import { toast } from "./ui.js";

let job = JSON.parse(document.getElementById("job-data").textContent);
const info = job.kind_info || { actions: {} };
const tabFilters = JSON.parse(document.getElementById("item-tabs").textContent);
const header = document.querySelector("[data-job-header]");
const card = document.querySelector("[data-items]");

// ---- job header, progress and counts ---------------------------------------------------------
function renderJob() {
  header.querySelector("[data-job-badge]").replaceChildren(badge(jobStatusSpec(job.status)));
  header.querySelector("[data-archived-badge]").hidden = !job.archived;
  header.querySelector("[data-job-actions]").replaceChildren(jobActions(job, "page"));
  const banner = document.querySelector("[data-failure-banner]");
  banner.hidden = !(job.status === "failed" && job.error);
  banner.querySelector("[data-failure-reason]").textContent = job.error || "";
  const paused = document.querySelector("[data-paused-banner]");
  if (paused) paused.hidden = job.status !== "paused";
  document.querySelector("[data-progress]").replaceWith(progressNode(job, true));
  document.querySelector("[data-processed]").textContent = processed(job);
  document.querySelector("[data-total]").textContent = job.counts.total;
  document.querySelector("[data-percent]").textContent = percentDone(job);
  document.querySelector("[data-skipped-note]").textContent =
    job.status === "cancelled" && job.counts.skipped ? ` · cancelled, ${job.counts.skipped} skipped` : "";
  document.querySelector("[data-stage]").textContent =
    job.status === "processing" && job.stage ? `${stageLabel(job.stage)}…` : "";
  for (const node of document.querySelectorAll("[data-count]")) {
    node.textContent = job.counts[node.dataset.count] ?? 0;
  }
  if (job.started_at) document.querySelector("[data-started]").replaceChildren(timeNode(job.started_at));
  if (job.completed_at) document.querySelector("[data-completed]").replaceChildren(timeNode(job.completed_at));
  else if (job.status === "review") document.querySelector("[data-completed]").textContent = "Waiting for your review";
  const publishAll = card.querySelector("[data-publish-all]");
  if (publishAll && !publishAll.classList.contains("busy")) publishAll.disabled = !publishable(job);
  const revertAll = card.querySelector("[data-revert-all]");
  if (revertAll && !revertAll.classList.contains("busy")) revertAll.hidden = !job.counts.published;
}

function setJob(next) {
  job = next;
  renderJob();
}

header.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-action]");
  if (!button) return;
  const result = await runJobAction(button.dataset.action, job, button);
  if (result === null) navigate(pageUrl("/"));
  else if (result) setJob({ ...job, ...result });
});

// ---- items -----------------------------------------------------------------------------------
const list = createItemList(card, job.id, tabFilters);
// The first page came from the server; keep its data for the item actions.
for (const item of JSON.parse(document.getElementById("items-data").textContent)) list.items.set(item.id, item);
// Items whose publish or revert finished, by event: a late 'publishing' event for them is stale.
const settled = new Map();
const writes = createItemWrites(list, { info, settled });
createItemDialogs(list, { info, writes });
const others = info.regenerable ? { regenerate: (ids, button) => regenerateMany(ids, list, button) } : {};
const progress = createPublishProgress(card, { getJob: () => job, setJob, list, info, settled, others });

// ---- live updates ----------------------------------------------------------------------------
subscribe({
  "job.updated": (summary) => {
    if (summary.id !== job.id) return;
    const before = job;
    setJob({ ...job, ...summary, counts: { ...job.counts, ...summary.counts } });
    // Other parts of the page (a job's files and delivery) follow the job too.
    document.dispatchEvent(new CustomEvent("shelf:job-updated", { detail: summary }));
    const publishingEnded = before.stage === "publishing" && job.stage !== "publishing";
    if (before.status !== job.status || publishingEnded
        || (list.shown() < PAGE && before.counts.total !== job.counts.total)) list.reload();
    if (before.status !== job.status || publishingEnded || before.counts.total !== job.counts.total) list.refreshCounts();
  },
  "items.updated": ({ job_id: jobId, items: changes }) => {
    if (jobId !== job.id) return;
    for (const change of changes) {
      // The "publishing" announcement can trail the worker's own result: ignore it then.
      if (change.publish_status === "publishing" && settled.has(change.id)) continue;
      if (change.status === "succeeded" && TERMINAL_PUBLISH.includes(change.publish_status)) {
        settled.set(change.id, change.publish_status);
        writes.settle(change);
      }
      progress.count(change);
      list.markStale(change.id);
    }
  },
  "job.deleted": ({ id }) => {
    if (id !== job.id) return;
    toast("This job was deleted");
    setTimeout(() => navigate(pageUrl("/")), 800);
  },
  reset: () => {
    api(`/api/jobs/${job.id}`).then(({ data }) => setJob(data)).catch(() => {});
    list.reload();
  },
});

list.updateSelection();
