// Settings › Schedules: list, create, edit, pause and delete scheduled sweeps (/api/schedules).
import { api, can, fullDate, pageUrl } from "./shelf.js";
import { confirmDialog, h, setBusy, toast } from "./ui.js";

const card = document.querySelector("[data-schedules]");
const form = document.querySelector("[data-schedule-form]");
const rows = card.querySelector("[data-schedule-rows]");
let schedules = JSON.parse(document.getElementById("schedules-data").textContent);

const OUTCOMES = { created: "Started a job", skipped: "Skipped: nothing to do", failed: "Failed" };

function when(iso) {
  return iso ? h("time", { datetime: iso, text: fullDate(iso) }) : h("span.subdued", { text: "—" });
}

function lastRun(schedule) {
  const run = schedule.last_run;
  if (!run) return h("span.subdued", { text: "Not yet" });
  const cell = h("div", {}, when(run.at), h("div.small.subdued", { text: OUTCOMES[run.outcome] || run.outcome }));
  if (run.job_id) cell.append(h("a.small", { href: pageUrl(`/jobs/${run.job_id}`), text: "View job" }));
  return cell;
}

function row(schedule) {
  const actions = h("span.row-actions");
  if (can("write")) {
    const toggle = h("button.btn.slim", { type: "button", "data-schedule-toggle": schedule.id }, schedule.paused ? "Resume" : "Pause");
    toggle.addEventListener("click", () => change(schedule, { paused: !schedule.paused }, toggle));
    const edit = h("button.btn.slim.tertiary", { type: "button" }, "Edit");
    edit.addEventListener("click", () => fill(schedule));
    const remove = h("button.btn.slim.tertiary", { type: "button" }, "Delete");
    remove.addEventListener("click", () => destroy(schedule, remove));
    actions.append(toggle, edit, remove);
  }
  const name = h("td", {}, h("span.strong", { text: schedule.name }));
  if (schedule.paused) name.append(" ", h("span.badge.attention", { text: "Paused" }));
  return h("tr", { "data-schedule-id": schedule.id },
    name, h("td", { text: schedule.description }),
    h("td", {}, schedule.paused ? h("span.subdued", { text: "Paused" }) : when(schedule.next_run_at)),
    h("td", {}, lastRun(schedule)), h("td.actions-cell", {}, actions));
}

function render() {
  rows.replaceChildren(...schedules.map(row));
  card.querySelector("[data-no-schedules]").hidden = schedules.length > 0;
}

function showErrors(failure) {
  for (const slot of form.querySelectorAll("[data-error-for]")) slot.hidden = true;
  const errors = failure.body?.errors || [];
  let shown = false;
  for (const error of errors) {
    const pointer = error.source?.pointer || "";
    const slot = form.querySelector(`[data-error-for="${pointer}"]`)
      || form.querySelector(`[data-error-for="/${pointer.split("/")[1] || ""}"]`)
      || form.querySelector(`[data-error-for="/${pointer.split("/").slice(1, 3).join("/")}"]`);
    if (slot) {
      slot.textContent = error.detail;
      slot.hidden = false;
      shown = true;
    }
  }
  if (!shown) toast(failure.message, { error: true });
}

async function change(schedule, body, button) {
  setBusy(button, true);
  try {
    const { data } = await api(`/api/schedules/${schedule.id}`, { method: "PATCH", body });
    schedules = schedules.map((s) => (s.id === data.id ? data : s));
    render();
    toast(data.paused ? "Schedule paused" : "Schedule saved");
  } catch (failure) {
    toast(failure.message, { error: true });
    setBusy(button, false);
  }
}

async function destroy(schedule, button) {
  const ok = await confirmDialog({ title: `Delete ${schedule.name}?`, message: "Jobs it started stay.", confirmLabel: "Delete", destructive: true });
  if (!ok) return;
  setBusy(button, true);
  try {
    await api(`/api/schedules/${schedule.id}`, { method: "DELETE" });
    schedules = schedules.filter((s) => s.id !== schedule.id);
    render();
    toast("Schedule deleted");
  } catch (failure) {
    toast(failure.message, { error: true });
    setBusy(button, false);
  }
}

function showFrequencyFields() {
  const frequency = form.elements.frequency.value;
  for (const field of form.querySelectorAll("[data-when]")) field.hidden = !field.dataset.when.split(" ").includes(frequency);
  form.elements.tag.hidden = form.elements.scope.value !== "tag";
}

function fill(schedule) {
  const t = schedule.template || {};
  form.elements.id.value = schedule.id;
  form.elements.name.value = schedule.name;
  form.elements.kind.value = t.kind || form.elements.kind.value;
  form.elements.field.value = t.field || form.elements.field.value;
  form.elements.scope.value = t.scope?.type || "all";
  form.elements.tag.value = t.scope?.type === "tag" ? t.scope.value : "";
  form.elements.strategy.value = t.strategy || "review";
  form.elements.frequency.value = schedule.frequency;
  form.elements.time.value = schedule.time || "03:00";
  form.elements.minute.value = schedule.minute ?? 0;
  if (schedule.weekday) form.elements.weekday.value = schedule.weekday;
  form.elements.timezone.value = schedule.timezone;
  form.querySelector("[data-schedule-form-title]").textContent = `Edit ${schedule.name}`;
  form.querySelector("[data-schedule-save]").textContent = "Update schedule";
  form.querySelector("[data-schedule-cancel]").hidden = false;
  showFrequencyFields();
  form.elements.name.focus();
}

function reset() {
  form.reset();
  form.elements.id.value = "";
  form.elements.timezone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  form.querySelector("[data-schedule-form-title]").textContent = "New schedule";
  form.querySelector("[data-schedule-save]").textContent = "Add schedule";
  form.querySelector("[data-schedule-cancel]").hidden = true;
  showFrequencyFields();
}

function body() {
  const e = form.elements;
  const scope = e.scope.value === "tag" ? { type: "tag", value: e.tag.value.trim() }
    : e.scope.value === "missing" ? { type: "missing", field: e.field.value } : { type: "all" };
  const data = { name: e.name.value.trim(), frequency: e.frequency.value, timezone: e.timezone.value.trim(),
    template: { kind: e.kind.value, field: e.field.value, scope, strategy: e.strategy.value } };
  if (data.frequency === "hourly") data.minute = Number.parseInt(e.minute.value, 10);
  else data.time = e.time.value;
  if (data.frequency === "weekly") data.weekday = e.weekday.value;
  return data;
}

if (form) {
  form.elements.frequency.addEventListener("change", showFrequencyFields);
  form.elements.scope.addEventListener("change", showFrequencyFields);
  form.querySelector("[data-schedule-cancel]").addEventListener("click", reset);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const save = form.querySelector("[data-schedule-save]");
    const id = form.elements.id.value;
    setBusy(save, true);
    try {
      const { data } = await api(id ? `/api/schedules/${id}` : "/api/schedules", { method: id ? "PATCH" : "POST", body: body() });
      schedules = id ? schedules.map((s) => (s.id === id ? data : s)) : [...schedules, data];
      render();
      reset();
      toast(id ? "Schedule updated" : "Schedule added");
    } catch (failure) {
      showErrors(failure);
    } finally {
      setBusy(save, false);
    }
  });
  reset();
}
render();
