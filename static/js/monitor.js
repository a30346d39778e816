// Monitor: key figures and recent activity, refreshed whenever a live event arrives.
import { api, labels, pageUrl, refreshTimes, userId } from "./shelf.js";
import { subscribe } from "./live.js";
import { kindSpec, timeNode } from "./render.js";
import { debounce, h, icon, toast } from "./ui.js";

const kpiBox = document.querySelector("[data-kpis]");
const activity = document.querySelector("[data-activity]");

function actor(event) {
  const name = event.actor;
  if (!name || name === "system") return "Shelf";
  if (name === "auto-publish") return "Auto-publish";
  // As the server renders it (page_format.staff_name): a name, never a staff id.
  if (userId && String(name) === userId) return "You";
  return event.actor_name || "A staff member";
}

function eventItem(event) {
  const tone = ["failed", "cancelled"].includes(event.action) ? ".critical"
    : (["published", "completed"].includes(event.action) ? ".success" : "");
  const verb = (labels.activity && labels.activity[event.action]) || event.action.replace(/_/g, " ");
  const items = event.data && typeof event.data.items === "number"
    ? h("span.subdued", { text: ` (${event.data.items} item${event.data.items === 1 ? "" : "s"})` }) : null;
  return h("li", {},
    h(`span.activity-icon${tone}`, {}, icon(kindSpec(event.kind)[1])),
    h("div.activity-body", {},
      h("div", {}, `${actor(event)} ${verb} `, h("a", { href: pageUrl(`/jobs/${event.job_id}`), text: event.job_title }), items),
      h("div.small.subdued", { text: kindSpec(event.kind)[0] })),
    timeNode(event.created_at));
}

async function refresh() {
  try {
    const { data } = await api("/api/monitor");
    for (const [key, value] of Object.entries(data.kpis)) {
      const card = kpiBox.querySelector(`[data-kpi="${key}"]`);
      if (!card) continue;
      card.querySelector("[data-kpi-value]").textContent = Number(value).toLocaleString("en-US");
      if (key === "failed_7d") card.classList.toggle("critical", value > 0);
    }
    activity.replaceChildren(...(data.recent.length ? data.recent.map(eventItem)
      : [h("li.subdued", { "data-no-activity": true, text: "No activity yet. Jobs you start, cancel, retry or publish show up here." })]));
    refreshTimes(activity);
  } catch (error) {
    toast(`Could not refresh: ${error.message}`, { error: true });
  }
}

const soon = debounce(refresh, 700);
document.querySelector("[data-refresh]")?.addEventListener("click", refresh);
subscribe({ any: () => soon() });
