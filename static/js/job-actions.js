// Retry, cancel, archive, unarchive and delete a job — the same on the list and the detail page.
import { api } from "./shelf.js";
import { confirmDialog, h, setBusy, toast } from "./ui.js";

function deleteMessage(job) {
  const items = job.counts ? job.counts.total : 0;
  const parts = [`its ${items} item${items === 1 ? "" : "s"} with their results and original values`];
  if (job.catalog_id || job.definition_id) parts.push("its catalog"); // jobs built from a catalog definition
  parts.push("every file it stored");
  return h("div", {},
    h("p", {}, "This permanently deletes the job ", h("strong", { text: `“${job.title}”` }), ", ",
      `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}.`),
    h("p", { text: "Published changes stay in your store. This cannot be undone." }));
}

const CONFIRM = {
  delete: (job) => ({ title: `Delete ${job.title}?`, message: deleteMessage(job), confirmLabel: "Delete job", destructive: true }),
  cancel: (job) => ({
    title: `Cancel ${job.title}?`,
    message: "Items not processed yet are skipped. Results that are already in are kept for review.",
    confirmLabel: "Cancel job", destructive: true,
  }),
};

const DONE = {
  retry: "Retrying the failed items", cancel: "Job cancelled", archive: "Job archived",
  unarchive: "Job restored from the archive", delete: "Job deleted",
};

/**
 * Run `action` on `job` after confirming when it destroys something.
 * Resolves with the updated job (null after delete), or undefined when not done.
 */
export async function runJobAction(action, job, button) {
  if (CONFIRM[action] && !(await confirmDialog(CONFIRM[action](job)))) return undefined;
  setBusy(button, true);
  try {
    if (action === "delete") {
      await api(`/api/jobs/${job.id}`, { method: "DELETE" });
      toast(DONE.delete);
      return null;
    }
    const { data } = await api(`/api/jobs/${job.id}/${action}`, { method: "POST", body: {} });
    toast(DONE[action]);
    return data;
  } catch (error) {
    toast(error.message || "That did not work", { error: true });
    return undefined;
  } finally {
    if (button && document.contains(button)) setBusy(button, false);
  }
}
