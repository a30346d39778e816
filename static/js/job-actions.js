// Retry, pause, resume, cancel, archive, unarchive and delete a job — the same on the list and the detail page.
import { api } from "./shelf.js";
import { confirmDialog, h, openDialog, setBusy, toast } from "./ui.js";

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
  cancel: "Job cancelled", archive: "Job archived",
  pause: "Job paused: items already started will finish", resume: "Job resumed",
  unarchive: "Job restored from the archive", delete: "Job deleted",
};

// Retry: with the shop's settings as they are now (the default, so a fixed template is
// what runs) or as the job was created; the dialog says what changed since.
async function retryChoice(job) {
  let changes = [];
  try {
    changes = (await api(`/api/jobs/${job.id}/retry`)).data.changes || [];
  } catch {
    // the choice is still worth offering
  }
  const failed = job.counts ? job.counts.failed : 0;
  const radio = (value, checked) => h("input", { type: "radio", name: "retry-settings", value, id: `retry-${value}`, checked });
  const current = radio("current", true);
  const created = radio("as_created", false);
  const changed = changes.length
    ? h("ul.small", { "data-retry-changes": "" }, changes.map((change) => h("li", { text: change })))
    : h("span.choice-help", { "data-retry-changes": "", text: "Your settings have not changed since this job was created." });
  const body = h("div.stack", {},
    h("p", { text: `Shelf runs the ${failed} failed item${failed === 1 ? "" : "s"} again.` }),
    h("fieldset.choice-list", {}, h("legend", { text: "Settings to use" }),
      h("label.choice", { for: "retry-current" }, current,
        h("span", {}, h("strong", { text: "With current settings" }), " (recommended)",
          h("span.choice-help", { text: changes.length ? "What changed since the job was created:" : "" }), changed)),
      h("label.choice", { for: "retry-as_created" }, created,
        h("span", {}, h("strong", { text: "As created" }),
          h("span.choice-help", { text: "The settings and templates the job started with." })))));
  const value = await openDialog({
    title: `Retry the failed items of ${job.title}?`, body,
    actions: [{ label: "Cancel", value: "cancel" }, { label: "Retry failed", value: "confirm", tone: "primary" }],
  });
  if (value !== "confirm") return null;
  return created.checked ? "as_created" : "current";
}

function retriedMessage(settings, changes) {
  if (settings === "as_created") return "Retrying the failed items with the settings the job was created with";
  if (!changes.length) return "Retrying the failed items (settings unchanged)";
  return `Retrying the failed items with current settings: ${changes.join("; ")}`;
}

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
    if (action === "retry") {
      const settings = await retryChoice(job);
      if (!settings) return undefined;
      const answer = await api(`/api/jobs/${job.id}/retry`, { method: "POST", body: { settings } });
      toast(retriedMessage(settings, answer.changes || []));
      return answer.data;
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
