// One item of a job: preview (original beside proposed), inline edit, publish, force, revert.
// The preview is a review flow: publish, skip or edit without leaving it, and previous /
// next by button or arrow key. What applies and how it is worded comes from the job's
// `kind_info`, never its kind name.
import { api, can } from "./shelf.js";
import { adminProductUrl, badge, reviewStatusSpec } from "./render.js";
import { analysisReview } from "./analysis-review.js";
import { diffBlock } from "./word-diff.js";
import { richTextEditor } from "./rich-text.js";
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

export function createItemDialogs(list, { info, writes }) {
  // HTML results: a kind's whole job (descriptions), or one item of a job that writes
  // several fields (an import's description row).
  const isHtml = (item) => info.preview === "html" || Boolean(item?.html_value);
  const actions = info.actions || {};
  // Who proposed the values: Shelf (generated) or, say, the merchant's own file.
  const proposer = info.proposed_by || "Shelf";
  const proposerBadge = () => (proposer === "Shelf"
    ? h("span.badge.magic", {}, icon("magic"), "Shelf")
    : h("span.badge.info", { text: proposer }));
  const verb = actions.publish || "Publish";

  // A result that is a JSON object (a catalog row): the kind's chosen keys, labelled.
  const factsBlock = (value) => {
    let data = {};
    try { data = JSON.parse(value || "{}"); } catch { /* shown as text below */ }
    const pairs = (info.result_facts || []).filter(([key]) => data[key] !== null && data[key] !== undefined && data[key] !== "");
    return h("dl.facts", {}, ...pairs.flatMap(([key, label]) => [h("dt", { text: label }), h("dd", { text: String(data[key]) })]));
  };
  const valueBlock = (value, label, html) => (info.preview === "facts" && value ? factsBlock(value)
    : html ? renderedFrame(value, label)
    : h("div.text-value", { text: value || "(empty)" }));

  async function preview(item) {
    let fresh = item;
    try {
      fresh = await list.getItem(item.id);
      list.renderItem(fresh);
    } catch {
      // show what we have
    }
    if (info.preview === "analysis" && fresh.analysis) return analysisPreview(fresh);
    const html = isHtml(fresh);
    const url = adminProductUrl(fresh.product_id);
    const statusLine = h("div.inline", { "data-preview-status": "" }, badge(reviewStatusSpec(fresh, info)));
    if (url) {
      statusLine.append(h("a", { href: url, target: "_blank", rel: "noopener" }, icon("external", "sm"),
        " View product in Shopify admin"));
    }
    const body = h("div.stack", {}, statusLine);
    const conflict = fresh.publish_status === "conflict";
    if (fresh.error && !conflict) body.append(h("div.banner.critical", {}, icon("alert-diamond"), h("div.banner-body", { text: fresh.error })));
    const readSection = h("section", { "data-value": "read" },
      h("h3", {}, conflict ? "What Shelf read" : "Original ", conflict ? null : h("span.badge.subtle", { text: "When Shelf read it" })),
      valueBlock(fresh.original, `Original ${html ? "description, rendered" : "value"}`, html));
    const proposedSection = h("section", { "data-value": "proposed" },
      h("h3", {}, conflict ? `${proposer} proposes ` : "Proposed ", proposerBadge()),
      valueBlock(fresh.proposed, `Proposed ${html ? "description, rendered" : "value"}`, html));
    let theirs = null;
    if (conflict) {
      // Three values side by side; the store's is read live, never a stored copy.
      const liveSection = h("section", { "data-value": "live" }, h("h3", {}, "In Shopify now ", h("span.badge.warning", { text: "Changed" })));
      try {
        const { data } = await api(`/api/items/${fresh.id}/live`);
        theirs = data.missing ? null : data.value;
        liveSection.append(data.missing ? h("p", { text: "This product or image no longer exists in Shopify." })
          : valueBlock(data.value, `In Shopify now ${html ? "description, rendered" : "value"}`, html));
      } catch (error) {
        liveSection.append(h("p.field-error", { text: error.message }));
      }
      body.append(h("div.banner.warning", {}, icon("alert-triangle"), h("div.banner-body", {
        text: "Someone changed this in Shopify after Shelf read it. Keep their value, overwrite it with Shelf's, or edit starting from theirs.",
      })));
      body.append(h("div.compare.three", {}, readSection, liveSection, proposedSection));
    } else {
      body.append(h("div.compare", {}, readSection, proposedSection));
      const diff = fresh.original && fresh.proposed ? diffBlock(fresh.original, fresh.proposed, { html }) : null;
      if (diff) body.append(h("section", {}, h("h3", { text: "What changes, word by word" }), diff));
    }
    if (fresh.proposed && !html && info.preview !== "facts") {
      body.append(h("p.small.subdued", { text: `${fresh.proposed.length} characters` }));
    }
    for (const block of [claimsBlock(fresh), seoBlock(fresh), proposalsBlock(fresh, () => list.refreshItem(fresh.id))]) {
      if (block) body.append(block);
    }
    const choices = [{ label: "Close", value: "cancel" }];
    const canWrite = info.reviewable && can("write") && fresh.status === "succeeded";
    if (canWrite && info.editable && !LOCKED.includes(fresh.publish_status)) choices.push({ label: "Edit", value: "edit" });
    if (canWrite && PUBLISHABLE.includes(fresh.publish_status)) {
      const label = fresh.publish_status === "failed" ? `Retry ${verb.toLowerCase()}` : verb;
      choices.push({ label, value: "publish", tone: "primary" });
    } else if (canWrite && conflict) {
      if (theirs !== null) {
        choices.push({ label: "Keep theirs", value: "keep_theirs" });
        if (info.editable) choices.push({ label: "Edit from theirs", value: "edit_from_theirs" });
      }
      choices.push({ label: "Overwrite with Shelf's", value: "force", tone: "primary" });
    }
    const nav = neighbours(fresh);
    // Skip: leave this result unpublished and go on to the next one.
    if (nav.next && canWrite && PUBLISHABLE.includes(fresh.publish_status)) choices.splice(1, 0, { label: "Skip", value: "next" });
    const choice = await openDialog({
      title: fresh.product_title || "Preview", body, actions: [...nav.actions, ...choices], large: true, focusClose: true,
      onOpen: (dialog) => {
        nav.onOpen(dialog);
        editInDialog(dialog, body, fresh);
      },
    });
    if (choice === "reload") {
      preview({ id: fresh.id });
      return;
    }
    if (nav.go(choice)) return;
    if (choice === "keep_theirs" || choice === "edit_from_theirs") {
      await resolve(fresh, choice);
      return;
    }
    if (choice === "publish") {
      // Publish and go on: the reviewer stays in the preview, on the next result.
      if (await write(fresh, "publish")) {
        if (nav.next) nav.go("next");
        else preview({ id: fresh.id });
      }
      return;
    }
    if (["edit", "force"].includes(choice)) {
      run(choice, fresh, list.rowFor(fresh.id)?.querySelector(`[data-item-action="${choice}"]`));
    }
  }

  // "Edit" in the preview opens the editor in place of the values; saving shows the
  // result again, still in the preview.
  function editInDialog(dialog, body, item) {
    const button = dialog.querySelector('[data-dialog-action="edit"]');
    if (!button) return;
    button.addEventListener("click", (event) => {
      event.preventDefault();
      const footer = dialog.querySelector(".modal-footer");
      const form = editorForm(item, {
        onSaved: () => dialog.close("reload"),
        onCancel: () => {
          form.remove();
          for (const child of body.children) child.hidden = false;
          footer.hidden = false;
          button.focus();
        },
      });
      for (const child of body.children) child.hidden = true;
      footer.hidden = true;
      body.append(form);
      form.querySelector("[data-editor-field]")?.focus();
    });
  }

  // Previous / next item in the table's order, by button or the arrow keys, so a
  // reviewer goes through many results without closing and reopening.
  function neighbours(item) {
    const order = [...list.tbody.querySelectorAll("tr[data-item-id]")].map((row) => row.dataset.itemId);
    const at = order.indexOf(String(item.id));
    const previous = at > 0 ? order[at - 1] : null;
    const next = at >= 0 && at < order.length - 1 ? order[at + 1] : null;
    const actions = [];
    if (previous) actions.push({ label: "Previous", value: "previous" });
    if (next) actions.push({ label: "Next", value: "next" });
    const onOpen = (dialog) => {
      const moves = dialog.querySelectorAll('[data-dialog-action="previous"], [data-dialog-action="next"]');
      for (const button of moves) {
        button.setAttribute("aria-keyshortcuts", button.value === "next" ? "ArrowRight" : "ArrowLeft");
      }
      moves[moves.length - 1]?.classList.add("nav-end");
      dialog.addEventListener("keydown", (event) => {
        if (event.target.closest("input, textarea, select, [contenteditable]")) return;
        if (event.key === "ArrowRight" && next) {
          event.preventDefault();
          dialog.close("next");
        } else if (event.key === "ArrowLeft" && previous) {
          event.preventDefault();
          dialog.close("previous");
        }
      });
    };
    const go = (choice) => {
      const target = choice === "next" ? next : choice === "previous" ? previous : null;
      if (!target) return false;
      const row = list.rowFor(target);
      preview(list.items.get(target) || { id: target, status: row?.dataset.status, publish_status: row?.dataset.publishStatus });
      return true;
    };
    return { actions, onOpen, go, next };
  }

  async function analysisPreview(fresh) {
    const canWrite = info.reviewable && can("write") && fresh.status === "succeeded";
    const editable = canWrite && !LOCKED.includes(fresh.publish_status);
    const review = analysisReview(fresh, { editable });
    const statusLine = h("div.inline", { "data-preview-status": "" }, badge(reviewStatusSpec(fresh, info)));
    const body = h("div.stack", {}, statusLine);
    if (fresh.error) body.append(h("div.banner.critical", {}, icon("alert-diamond"), h("div.banner-body", { text: fresh.error })));
    body.append(review.body);
    const choices = [{ label: "Close", value: "cancel" }];
    if (editable) choices.push({ label: "Save tags", value: "save" });
    if (canWrite && PUBLISHABLE.includes(fresh.publish_status)) {
      choices.push({ label: fresh.publish_status === "failed" ? `Retry ${verb.toLowerCase()}` : verb, value: "publish", tone: "primary" });
    }
    const nav = neighbours(fresh);
    if (nav.next && canWrite && PUBLISHABLE.includes(fresh.publish_status)) choices.splice(1, 0, { label: "Skip", value: "next" });
    const choice = await openDialog({
      title: fresh.product_title || "Analysis", body, actions: [...nav.actions, ...choices], large: true, focusClose: true, onOpen: nav.onOpen,
    });
    if (nav.go(choice)) return;
    if ((choice === "save" || choice === "publish") && review.changed()) {
      try {
        await review.save();
        await list.refreshItem(fresh.id);
        if (choice === "save") toast("Tags saved");
      } catch (error) {
        toast(error.message, { error: true });
        return;
      }
    }
    if (choice === "publish" && await write(fresh, "publish")) {
      if (nav.next) nav.go("next");
      else preview({ id: fresh.id });
    }
  }

  // Publish or revert, the toast following the outcome (item-writes.js); true when accepted.
  const write = (item, action, force = false) => writes.write(item, action, force);

  async function resolve(item, choice) {
    try {
      const { data } = await api(`/api/items/${item.id}/resolve`, { method: "POST", body: { choice } });
      await list.refreshItem(item.id);
      if (choice === "edit_from_theirs") {
        edit(data, list.rowFor(item.id)?.querySelector('[data-item-action="edit"]'));
      } else {
        toast("Kept the value in Shopify; Shelf's result stays unpublished");
      }
    } catch (error) {
      toast(error.message, { error: true });
    }
  }

  // The editor of a result: rich text with an HTML source toggle for HTML results, a text
  // area otherwise. The server cleans and checks what is saved; its message shows here.
  function editorForm(item, { onSaved, onCancel }) {
    const id = `edit-${item.id}`;
    const html = isHtml(item);
    const label = `Proposed ${html ? "description" : "text"} for ${item.product_title}`;
    const help = html ? "Bold, headings and lists are kept; anything unsafe is removed when saved. HTML shows the source."
      : "Saved as plain text.";
    const describedBy = `${id}-help ${id}-error`;
    let editor;
    if (html) {
      editor = richTextEditor(item.proposed || "", { id, label, describedBy });
    } else {
      const textarea = h("textarea.input", { id, rows: 3, "aria-describedby": describedBy, "data-editor-field": "" });
      textarea.value = item.proposed || "";
      editor = {
        node: textarea, value: () => textarea.value, focus: () => textarea.focus(),
        setInvalid: (invalid) => (invalid ? textarea.setAttribute("aria-invalid", "true") : textarea.removeAttribute("aria-invalid")),
      };
    }
    editor.node.querySelector?.("[data-rich-surface]")?.setAttribute("data-editor-field", "");
    const error = h("p.field-error", { id: `${id}-error`, hidden: true });
    const save = h("button.btn.primary", { type: "submit" }, "Save");
    const cancel = h("button.btn", { type: "button" }, "Cancel");
    // A form of its own, never nested in the dialog's: its Save must not close the dialog.
    const form = h("form.editor", { "data-editor": "" },
      html ? h("span.strong", { id: `${id}-label`, text: label }) : h("label", { for: id, text: label }),
      editor.node,
      h("span.field-help", { id: `${id}-help`, text: help }),
      error,
      h("div.btn-group", {}, save, cancel));
    cancel.addEventListener("click", onCancel);
    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        onCancel();
      }
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      event.stopPropagation();
      setBusy(save, true);
      error.hidden = true;
      editor.setInvalid(false);
      try {
        await api(`/api/items/${item.id}`, { method: "PATCH", body: { proposed: editor.value() } });
        await list.refreshItem(item.id);
        toast("Change saved");
        onSaved();
      } catch (failure) {
        const detail = failure.body?.errors?.find((e) => e.source?.pointer === "/proposed")?.detail || failure.message;
        error.textContent = detail;
        error.hidden = false;
        editor.setInvalid(true);
        editor.focus();
      } finally {
        setBusy(save, false);
      }
    });
    return form;
  }

  function edit(item, button) {
    const row = list.rowFor(item.id);
    if (!row) return;
    if (row.nextElementSibling?.classList.contains("edit-row")) {
      row.nextElementSibling.querySelector("[data-editor-field], textarea")?.focus();
      return;
    }
    let editRow = null;
    const close = () => {
      editRow.remove();
      (list.rowFor(item.id)?.querySelector('[data-item-action="edit"]') || button)?.focus();
    };
    const form = editorForm(item, {
      onSaved: () => {
        editRow.remove();
        list.rowFor(item.id)?.querySelector('[data-item-action="edit"]')?.focus();
      },
      onCancel: close,
    });
    editRow = h("tr.edit-row", {}, h("td", { colspan: row.children.length }, form));
    row.after(editRow);
    form.querySelector("[data-editor-field]")?.focus();
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
    const accepted = await write(item, action === "revert" ? "revert" : "publish", action === "force");
    if (!accepted && button && document.contains(button)) setBusy(button, false);
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
