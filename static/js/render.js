// Markup for jobs, the same as templates/_macros.html renders on the server, so a row that
// arrives by a live update or "load more" looks exactly like the first page. (Item rows are
// only rendered by the server: the items API sends them as HTML.)
import { labels, pageUrl, role, shopDomain, relativeTime, fullDate } from "./shelf.js";
import { h, icon } from "./ui.js";

const RANK = { read: 0, write: 1, admin: 2 };
const FINISHED = ["completed", "completed_with_errors", "failed", "cancelled"];
const RETRYABLE = ["failed", "completed_with_errors", "review"];
const ACTIVE = ["pending", "processing"];
const PAUSABLE = ["review", "completed", "completed_with_errors"];

const pick = (table, key) => (labels[table] && labels[table][key])
  || [String(key || "unknown").replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase()), "new", "info"];

export const jobStatusSpec = (status) => pick("job_status", status);
/** An item's status badge; a kind may name success in its own words (kind_info.succeeded_label). */
export const itemStatusSpec = (status, info = {}) => {
  const spec = pick("item_status", status);
  return status === "succeeded" && info.succeeded_label ? [info.succeeded_label, spec[1], spec[2]] : spec;
};
export const publishStatusSpec = (status) => pick("publish_status", status);
// One status per item, as the item_row macro shows it (page_format.review_status).
export const reviewStatusSpec = (item, info = {}) => (info.reviewable && item.status === "succeeded"
  ? publishStatusSpec(item.publish_status) : itemStatusSpec(item.status, info));
const capitalize = (text) => text.charAt(0).toUpperCase() + text.slice(1);
export const kindSpec = (kind) => (labels.kinds && labels.kinds[kind]) || [capitalize(String(kind).replace(/_/g, " ")), "work"];
export const fieldLabel = (field) => (labels.fields && labels.fields[field]) || String(field || "").replace(/_/g, " ");
export const stageLabel = (stage) => (labels.stages && labels.stages[stage]) || String(stage || "").replace(/_/g, " ");

export function badge([words, tone, iconName], extra = "") {
  return h(`span.badge.${tone}${extra ? `.${extra}` : ""}`, {}, icon(iconName), words);
}

export function timeNode(iso) {
  if (!iso) return h("span.subdued", { text: "—" });
  return h("time", { datetime: iso, title: fullDate(iso), "data-relative": true, text: relativeTime(iso) });
}

export function processed(job) {
  const c = job.counts;
  // A cancelled job's skipped items were never processed.
  return c.succeeded + c.failed + (job.status === "cancelled" ? 0 : c.skipped);
}

export function percentDone(job) {
  if (job.status !== "cancelled" || !job.counts.total) return job.progress || 0;
  return Math.round((processed(job) * 100) / job.counts.total);
}

export function progressTone(job) {
  if (job.status === "failed") return "critical";
  if (job.status === "completed_with_errors") return "warning";
  if (["completed", "review"].includes(job.status)) return "success";
  return "info";
}

export function progressNode(job, large = false) {
  const pct = job.progress || 0;
  const bar = h("div.progress-bar", { style: `width: ${pct}%` });
  return h(`div.progress.${progressTone(job)}${large ? ".large" : ""}`, { "data-progress": true },
    h("div.progress-track", {
      role: "progressbar", "aria-label": `Progress of ${job.title || "job"}`, "aria-valuemin": 0,
      "aria-valuemax": 100, "aria-valuenow": pct,
      "aria-valuetext": `${pct}% — ${processed(job)} of ${job.counts.total} items`,
    }, bar),
    h("span.progress-label", { "data-progress-label": true, text: `${pct}%` }));
}

export function jobStatusCell(job) {
  const line = h("span.status-line", {}, badge(jobStatusSpec(job.status)));
  if (job.status === "failed" && job.error) {
    const tipId = `why-${job.id}`;
    line.append(h("span.tip", {},
      h("button.tip-trigger", { type: "button", "aria-label": "Why it failed", "aria-describedby": tipId },
        icon("alert-circle")),
      h("span.tip-bubble", { role: "tooltip", id: tipId, "data-job-error": true, text: job.error })));
  }
  const cell = h("div.status-cell", { "data-status-cell": true }, line);
  if (job.status === "processing" && job.stage) cell.append(h("span.stage", { text: `${stageLabel(job.stage)}…` }));
  return cell;
}

/** Publishing kinds: published / to review / failed; other kinds: what they produced. */
export function publishStats(job) {
  const c = job.counts;
  const parts = [];
  const strong = (n) => h("strong", { text: n });
  if (job.kind_info && job.kind_info.reviewable) {
    parts.push(strong(c.published), " published");
    if (c.pending_review) parts.push(" · ", strong(c.pending_review), " to review");
    if (c.failed) parts.push(" · ", strong(c.failed), " failed");
  } else if (job.kind_info && job.kind_info.outcome && job.kind_info.outcome.length) {
    for (const { text, tone } of job.kind_info.outcome) parts.push(h(`span.badge.${tone}`, { "data-outcome": true, text }), " ");
    if (c.failed) parts.push(strong(c.failed), " failed");
    return h("span.stats.outcome", { "data-publish-stats": true }, parts);
  } else if (c.failed) {
    parts.push(strong(c.failed), " failed");
  } else {
    parts.push("—");
  }
  return h("span.stats", { "data-publish-stats": true }, parts);
}

export function allowedActions(job) {
  const rank = RANK[role] ?? 0;
  const actions = ["view"];
  if (rank >= 1) {
    if (RETRYABLE.includes(job.status) && job.counts.failed > 0) actions.push("retry");
    if (ACTIVE.includes(job.status) || (PAUSABLE.includes(job.status) && job.stage === "publishing")) actions.push("pause");
    if (job.status === "paused") actions.push("resume");
    if (ACTIVE.includes(job.status) || job.status === "paused") actions.push("cancel");
    if (job.archived) actions.push("unarchive");
    else if (FINISHED.includes(job.status) || job.status === "review") actions.push("archive");
  }
  if (rank >= 2 && FINISHED.includes(job.status)) actions.push("delete");
  return actions;
}

const ACTION_SPECS = {
  retry: ["replay", "Retry failed items", "Retry failed"],
  pause: ["pause-circle", "Pause", "Pause"],
  resume: ["play-circle", "Resume", "Resume"],
  cancel: ["stop-circle", "Cancel", "Cancel job"],
  archive: ["archive", "Archive", "Archive"],
  unarchive: ["archive", "Unarchive", "Unarchive"],
  delete: ["delete", "Delete", "Delete"],
};

export function jobActions(job, context = "row") {
  const wrap = h("span.row-actions", { "data-actions": true });
  const title = job.title || "job";
  if (context === "row") {
    wrap.append(h("a.btn.tertiary.icon-only", {
      href: pageUrl(`/jobs/${job.id}`), "aria-label": `View ${title}`, title: "View",
    }, icon("view")));
  }
  for (const action of allowedActions(job)) {
    if (action === "view") continue;
    const [iconName, tip, words] = ACTION_SPECS[action];
    const classes = context === "row" ? ".tertiary.icon-only" : (action === "delete" ? ".critical" : "");
    const label = action === "retry" ? `Retry failed items of ${title}` : `${tip} ${title}`;
    wrap.append(h(`button.btn${classes}`, { type: "button", "data-action": action, "aria-label": label, title: tip },
      icon(iconName), context === "row" ? null : words));
  }
  return wrap;
}

function jobSummaryText(job) {
  const info = job.kind_info || {};
  const parts = [info.label || kindSpec(job.kind)[0]];
  if (job.field && labels.fields && labels.fields[job.field] && info.show_field !== false) parts.push(fieldLabel(job.field));
  return parts.join(" · ");
}

export function jobRow(job) {
  const kindIcon = (job.kind_info && job.kind_info.icon) || kindSpec(job.kind)[1];
  const href = pageUrl(`/jobs/${job.id}`);
  const meta = h("div.job-meta", {}, icon(kindIcon), h("span", { text: jobSummaryText(job) }));
  for (const fact of (job.kind_info && job.kind_info.facts) || []) meta.append(h("span.dot", { "data-fact": true, text: fact }));
  if (job.customer) {
    meta.append(h("span.dot", { text: `${job.customer.name || ""}${job.customer.email ? ` <${job.customer.email}>` : ""}` }));
  }
  const first = h("td", {}, h("a.job-title", { href, text: job.title }));
  if (job.mode === "test") first.append(" ", h("span.badge.subtle", { text: "Test" }));
  if (job.archived) first.append(" ", h("span.badge.subtle", { "data-archived-badge": true, text: "Archived" }));
  first.append(meta);
  return h("tr", { "data-job-id": job.id, "data-status": job.status, "data-href": href },
    first,
    h("td", { "data-label": "Reference", text: job.reference || "—" }),
    h("td.num", { "data-items": true, "data-label": "Items", text: job.counts.total }),
    h("td", { "data-label": "Status" }, jobStatusCell(job)),
    h("td", { "data-label": "Progress" }, progressNode(job)),
    h("td", { "data-label": "Outcome" }, publishStats(job)),
    h("td.nowrap", { "data-label": "Created" }, timeNode(job.created_at)),
    h("td.actions-cell", {}, jobActions(job)));
}

// ---- items -----------------------------------------------------------------------------------
export function adminProductUrl(gid) {
  const numeric = String(gid || "").split("/").pop();
  if (!/^\d+$/.test(numeric)) return null;
  return `https://admin.shopify.com/store/${shopDomain.replace(/\.myshopify\.com$/, "")}/products/${numeric}`;
}

/** Put `fresh` in place of `old`, keeping keyboard focus on the equivalent control. */
export function swapRow(old, fresh) {
  const focused = old.contains(document.activeElement) ? document.activeElement : null;
  let selector = null;
  if (focused) {
    for (const attr of ["data-action", "data-item-action"]) {
      if (focused.hasAttribute(attr)) selector = `[${attr}="${focused.getAttribute(attr)}"]`;
    }
    if (!selector && focused.matches("[data-select]")) selector = "[data-select]";
    if (!selector && focused.matches("a.job-title")) selector = "a.job-title";
  }
  old.replaceWith(fresh);
  if (focused) {
    const target = (selector && fresh.querySelector(selector)) || fresh.querySelector("a, button, input");
    if (target) target.focus();
  }
}
