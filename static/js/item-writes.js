// Publishing or reverting one item from its row or its preview. A "Publishing…" toast shows
// while the write runs and gives way to the outcome ("Published", or the reason it failed) as
// soon as either the API's answer or the live update brings it, so it never outlives a row
// that already shows the result.
import { api } from "./shelf.js";
import { publishStatusSpec } from "./render.js";
import { toast } from "./ui.js";
import { TERMINAL_PUBLISH } from "./publish-progress.js";

// Without live updates (a dropped stream) the item is asked for at these delays; after the
// last one the waiting toast goes quietly and the row shows the outcome when it comes.
const CHECKS_MS = [2000, 4000, 8000, 16000];

export function createItemWrites(list, { info, settled }) {
  const verb = (info.actions || {}).publish || "Publish";
  const pending = new Map(); // item id -> {action, note, timer}

  function outcomeToast(action, change) {
    const status = change.publish_status;
    if (status === "conflict") {
      return toast("Changed in Shopify since Shelf read it: review the conflict on its row", { error: true });
    }
    if (status === "failed") {
      const fallback = action === "revert" ? "Could not revert this item" : `Could not ${verb.toLowerCase()} this item`;
      return toast(change.error || fallback, { error: true });
    }
    return toast(status === "reverted" ? "Reverted" : publishStatusSpec(status)[0]);
  }

  /** An item's publish state as an event or a fresh read reports it: ends its wait. */
  function settle(change) {
    const id = String(change.id);
    const entry = pending.get(id);
    if (!entry || change.publish_status === "publishing" || !TERMINAL_PUBLISH.includes(change.publish_status)) return;
    pending.delete(id);
    clearTimeout(entry.timer);
    entry.note?.dismiss();
    outcomeToast(entry.action, change);
  }

  function check(id, step) {
    const entry = pending.get(id);
    if (!entry) return;
    if (step >= CHECKS_MS.length) {
      pending.delete(id);
      entry.note?.dismiss();
      return;
    }
    entry.timer = setTimeout(async () => {
      try {
        const item = await list.getItem(id);
        list.renderItem(item);
        settle(item);
      } catch {
        // asked again at the next step
      }
      check(id, step + 1);
    }, CHECKS_MS[step] - (step ? CHECKS_MS[step - 1] : 0));
  }

  /** Ask for a publish (`force` over a conflict) or a revert; true when it was accepted. */
  async function write(item, action, force = false) {
    const id = String(item.id);
    const earlier = pending.get(id);
    if (earlier) {
      clearTimeout(earlier.timer);
      earlier.note?.dismiss();
    }
    // Live events for this item from now on are about this write.
    pending.set(id, { action, note: null, timer: null });
    settled.delete(id);
    try {
      await api(`/api/items/${item.id}/${action}`, { method: "POST", body: { force } });
    } catch (error) {
      pending.delete(id);
      toast(error.message, { error: true });
      return false;
    }
    if (!pending.has(id)) return true; // the outcome came first, and is already shown
    if (!settled.has(id)) {
      try {
        // Read after the answer, so a finished state in it is this write's outcome.
        const fresh = await list.getItem(id);
        list.renderItem(fresh);
        settle(fresh);
      } catch {
        // the live update or the checks below bring it
      }
    }
    const entry = pending.get(id);
    if (entry && !entry.note) {
      entry.note = toast(action === "publish" ? `${publishStatusSpec("publishing")[0]}…` : "Reverting…",
        { duration: CHECKS_MS[CHECKS_MS.length - 1] + 2000 });
      check(id, 0);
    }
    return true;
  }

  return { write, settle };
}
