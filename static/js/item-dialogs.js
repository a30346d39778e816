// One item of a job: preview (original beside proposed), inline edit, publish, force, revert.
// What applies and how it is worded comes from the job's `kind_info`, never its kind name.
import { api, can } from "./shelf.js";
import { adminProductUrl, badge, itemStatusSpec, publishStatusSpec } from "./render.js";
import { confirmDialog, h, icon, openDialog, setBusy, toast } from "./ui.js";
import { claimsBlock, proposalsBlock, regenerate, seoBlock } from "./item-quality.js";

const PUBLISHABLE = ["unpublished", "failed", "reverted"];
const LOCKED = ["publishing", "published"];

function renderedFrame(value, label) {
  const doc = "<!doctype html><html><head><meta charset=\"utf-8\">"
    + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src https: data:; style-src 'unsafe-inline'\">"
    + "<style>body{font:14px/1.55 -apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,sans-serif;color:#303030;margin:12px}"
    + "img{max-width:100%;height:auto}</style></head><body>"
    + (value || "<p style=\"color:#616161\">(empty)</p>") + "</body></html>";
  // sandbox with no permissions: no scripts, no forms, no navigation, a unique origin.
  return h("iframe", { sandbox: "", srcdoc: doc, title: label, loading: "lazy" });
}

export function createItemDialogs(list, { info, settled }) {
  const html = info.preview === "html";
  const actions = info.actions || {};
  const verb = actions.publish || "Publish";

  const valueBlock = (value, label) => (html ? renderedFrame(value, label)
    : h("div.text-value", { text: value || "(empty)" }));

  async function preview(item) {
    let fresh = item;
    try {
      fresh = await list.getItem(item.id);
      list.renderItem(fresh);
    } catch {
      // show what we have
    }
    const url = adminProductUrl(fresh.product_id);
    const statusLine = h("div.inline", {}, badge(itemStatusSpec(fresh.status)));
    if (info.reviewable && fresh.status === "succeeded") statusLine.append(badge(publishStatusSpec(fresh.publish_status)));
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
    for (const block of [claimsBlock(fresh), seoBlock(fresh), proposalsBlock(fresh, () => list.refreshItem(fresh.id))]) {
      if (block) body.append(block);
    }
    const choices = [{ label: "Close", value: "cancel" }];
    const canWrite = info.reviewable && can("write") && fresh.status === "succeeded";
    if (canWrite && info.editable && !LOCKED.includes(fresh.publish_status)) choices.push({ label: "Edit", value: "edit" });
    if (canWrite && PUBLISHABLE.includes(fresh.publish_status)) {
      choices.push({ label: verb, value: "publish", tone: "primary" });
    } else if (canWrite && fresh.publish_status === "conflict") {
      choices.push({ label: actions.force, value: "force", tone: "primary" });
    }
    const choice = await openDialog({ title: fresh.product_title || "Preview", body, actions: choices, large: true, focusClose: true });
    if (["edit", "publish", "force"].includes(choice)) {
      run(choice, fresh, list.rowFor(fresh.id)?.querySelector(`[data-item-action="${choice}"]`));
    }
  }

  function edit(item, button) {
    const row = list.rowFor(item.id);
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
    const editRow = h("tr.edit-row", {}, h("td", { colspan: row.children.length }, form));
    row.after(editRow);
    textarea.focus();
    const close = () => {
      editRow.remove();
      (list.rowFor(item.id)?.querySelector('[data-item-action="edit"]') || button)?.focus();
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
        await api(`/api/items/${item.id}`, { method: "PATCH", body: { proposed: textarea.value } });
        editRow.remove();
        await list.refreshItem(item.id);
        list.rowFor(item.id)?.querySelector('[data-item-action="edit"]')?.focus();
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

  async function run(action, item, button) {
    if (action === "preview") return preview(item);
    if (action === "edit") return edit(item, button);
    if (action === "regenerate") return regenerate(item, list);
    if (action === "force") {
      const ok = await confirmDialog({
        title: "Overwrite the change made in Shopify?",
        message: `This product's value changed in Shopify after Shelf read it. ${actions.force} replaces that change with Shelf's result; reverting later puts that change back.`,
        confirmLabel: actions.force, destructive: true,
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
      const write = action === "revert" ? "revert" : "publish";
      await api(`/api/items/${item.id}/${write}`, { method: "POST", body: { force: action === "force" } });
      if (!settled.has(item.id)) await list.refreshItem(item.id);
      toast(write === "publish" ? "Publishing…" : "Reverting…");
    } catch (error) {
      toast(error.message, { error: true });
      if (button && document.contains(button)) setBusy(button, false);
    }
    return undefined;
  }

  list.tbody.addEventListener("click", (event) => {
    const button = event.target.closest("[data-item-action]");
    if (!button) return;
    const row = button.closest("tr[data-item-id]");
    const item = list.items.get(row.dataset.itemId) || { id: row.dataset.itemId, status: row.dataset.status, publish_status: row.dataset.publishStatus };
    run(button.dataset.itemAction, item, button);
  });

  return { run };
}
