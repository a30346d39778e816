// Publishing or reverting many items at once: confirm, send, and follow the outcomes live in
// a banner until every queued item has one.
import { api } from "./shelf.js";
import { confirmDialog, setBusy, toast } from "./ui.js";

export const TERMINAL_PUBLISH = ["published", "failed", "conflict", "reverted", "unpublished"];

/** Results a publish-all can still write: every good result not in the store, which counts
 * reverted ones (they are not awaiting review, so pending_review leaves them out). */
export function publishable(job) {
  return Math.max(0, (job.counts.succeeded || 0) - (job.counts.published || 0));
}

export function createPublishProgress(card, { getJob, setJob, list, info, settled, others = {} }) {
  const banner = card.querySelector("[data-publish-progress]");
  const actions = info.actions || {};
  let batch = null; // {action, ids, queued, done, counted, outcomes}

  function show() {
    if (!batch) {
      banner.hidden = true;
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
    banner.querySelector("[data-publish-progress-text]").textContent = text;
    // Failures finish the batch too: the banner turns critical so they are not missed.
    banner.classList.toggle("critical", batch.queued !== null && batch.done >= batch.queued
      && batch.outcomes.failed > 0);
    banner.hidden = false;
  }

  // A batch starts before its request is sent: the worker may finish items before the
  // answer arrives, and those events count too.
  function begin(action, itemIds) {
    batch = {
      action, ids: itemIds ? new Set(itemIds) : null, queued: null, done: 0,
      counted: new Set(), outcomes: { ok: 0, conflict: 0, failed: 0 },
    };
    if (itemIds) for (const id of itemIds) settled.delete(id);
    else settled.clear();
    show();
    return batch;
  }

  function finishIfDone() {
    if (!batch || batch.queued === null || batch.done < batch.queued) return;
    const finished = batch;
    const verb = finished.action === "publish" ? "Published" : "Reverted";
    toast(`${verb} ${finished.outcomes.ok} item${finished.outcomes.ok === 1 ? "" : "s"}`
      + (finished.outcomes.conflict ? `, ${finished.outcomes.conflict} in conflict` : "")
      + (finished.outcomes.failed ? `, ${finished.outcomes.failed} failed: see each row's reason` : ""));
    setTimeout(() => {
      if (batch === finished) {
        batch = null;
        show();
      }
    }, 6000);
  }

  function queued(started, count) {
    if (batch !== started) return;
    if (!count) {
      batch = null;
      show();
      toast(started.action === "publish" ? "Nothing to publish: those results are published or not ready"
        : "Nothing to revert: none of those is published");
      return;
    }
    started.queued = count;
    show();
    finishIfDone();
  }

  /** Count one item's outcome (from a live event) towards the running batch. */
  function count(change) {
    if (!batch || !TERMINAL_PUBLISH.includes(change.publish_status) || batch.counted.has(change.id)) return;
    if (batch.ids && !batch.ids.has(change.id)) return;
    batch.counted.add(change.id);
    batch.done += 1;
    if (change.publish_status === "conflict") batch.outcomes.conflict += 1;
    else if (change.publish_status === "failed") batch.outcomes.failed += 1;
    else batch.outcomes.ok += 1;
    show();
    finishIfDone();
  }

  async function bulk(action, itemIds) {
    const job = getJob();
    const total = itemIds ? itemIds.length : (action === "publish" ? publishable(job) : job.counts.published);
    const what = itemIds ? `${total.toLocaleString()} selected item${total === 1 ? "" : "s"}`
      : `all ${total.toLocaleString()} ${action === "publish" ? "unpublished" : "published"} result${total === 1 ? "" : "s"}`;
    const verb = actions.publish || "Publish";
    const ok = await confirmDialog(action === "publish"
      ? {
        title: itemIds ? `${verb} selected items?` : `${verb} all results?`,
        message: `This writes ${what} to your store. Each original value is kept, so you can revert later. `
          + "Items whose value changed in Shopify since Shelf read it are held back as conflicts.",
        confirmLabel: itemIds ? actions.publish_selected : actions.publish_all,
      }
      : {
        title: itemIds ? "Revert selected items?" : "Revert all published results?",
        message: `This puts the original values of ${what} back in your store.`,
        confirmLabel: itemIds ? "Revert selected" : "Revert all",
      });
    if (!ok) return;
    const button = itemIds ? list.bulkBar.querySelector(`[data-bulk="${action}"]`)
      : card.querySelector(action === "publish" ? "[data-publish-all]" : "[data-revert-all]");
    setBusy(button, true);
    const started = begin(action, itemIds);
    try {
      const body = itemIds ? { item_ids: itemIds } : { all: true };
      const { data } = await api(`/api/jobs/${job.id}/${action}`, { method: "POST", body });
      const now = getJob();
      setJob({ ...now, ...data.job, counts: { ...now.counts, ...data.job.counts } });
      queued(started, data.queued);
      if (itemIds) list.clearSelection();
    } catch (error) {
      if (batch === started) {
        batch = null;
        show();
      }
      toast(error.message, { error: true });
    } finally {
      setBusy(button, false);
      setJob(getJob());
    }
  }

  card.querySelector("[data-publish-all]")?.addEventListener("click", () => bulk("publish", null));
  card.querySelector("[data-revert-all]")?.addEventListener("click", () => bulk("revert", null));
  list.bulkBar?.addEventListener("click", (event) => {
    const button = event.target.closest("[data-bulk]");
    if (!button) return;
    if (button.dataset.bulk === "clear") {
      list.clearSelection();
      list.selectAll.focus();
      return;
    }
    // Actions of the kind's own (regenerate) are handled by whoever offers them.
    if (others[button.dataset.bulk]) others[button.dataset.bulk]([...list.selected], button);
    else bulk(button.dataset.bulk, [...list.selected]);
  });

  return { count };
}
