// A kind's summary of the whole job on its page, drawn from the job's `summary` (the same
// data templates/_job_summary.html renders), fetched again when the job moves on so a
// summary that was pending fills in without a reload.
import { api } from "./shelf.js";
import { h, icon } from "./ui.js";

const root = document.querySelector("[data-job-summary]");
let state = JSON.parse(document.getElementById("job-summary-data").textContent);
const number = (value) => (typeof value === "number" ? value.toLocaleString() : String(value ?? ""));

function figures(s) {
  if (!s.figures.length) return null;
  return h("dl.counts", { "data-summary-figures": true }, s.figures.map((f) =>
    h(`div.count-box${f.tone && f.value ? `.${f.tone}` : ""}`, {}, h("dt", { text: f.label }), h("dd", { text: number(f.value) }))));
}

function table(s) {
  if (!s.table) return [];
  const { caption, columns, rows } = s.table;
  const cell = (value, i) => (i
    ? h("td.num", { "data-label": columns[i], text: number(value) })
    : h("th", { scope: "row", text: value }));
  const head = h("thead", {}, h("tr", {}, columns.map((c, i) => h("th", { scope: "col", class: i ? "num" : null, text: c }))));
  const body = h("tbody", {}, rows.map((row) => h("tr", {}, row.map(cell))));
  return [h("h3.section-heading", { id: "summary-table-heading", text: caption }),
    h("div.table-wrap", {}, h("table.index", { "aria-labelledby": "summary-table-heading", "data-summary-table": true }, head, body))];
}

function problems(s, download) {
  if (!s.problems.length && !download) return [];
  const nodes = [h("h3.section-heading", { id: "summary-problems-heading", text: s.problems_heading })];
  if (s.problems.length) {
    const list = h("ul.failed-list", { "aria-labelledby": "summary-problems-heading", "data-summary-problems": true },
      s.problems.map((p) => h("li", {}, h("strong", { text: `${p.where}:` }), ` ${p.what}`)));
    if (s.more_problems) list.append(h("li.subdued", { text: `…and ${number(s.more_problems)} more` }));
    nodes.push(list);
  }
  if (download) {
    nodes.push(h("p", { style: "margin-top: var(--p-space-300)" },
      h("a.btn", { href: download.url, download: download.name, "data-summary-file": true }, icon("download"), s.file_label || download.name)));
  }
  return nodes;
}

function render() {
  const s = state.summary;
  const download = s.file
    ? state.file_locations.find((f) => f.label === s.file) || state.file_locations.find((f) => f.kind === s.file)
    : null;
  root.querySelector("[data-summary-heading]").textContent = s.heading;
  root.querySelector("[data-summary-body]").replaceChildren(
    ...(s.note ? [h("p.subdued", { "data-summary-note": true, text: s.note })] : []),
    figures(s) || [], ...table(s), ...problems(s, download));
}

let lastLoad = 0;
async function reload() {
  lastLoad = Date.now();
  const { data } = await api(`/api/jobs/${state.id}`);
  if (!data.summary) return;
  state = { id: data.id, status: data.status, stage: data.stage, summary: data.summary, file_locations: data.file_locations || [] };
  render();
}

// Figures change when the job reaches another status or stage (the file read, items
// published); a finished job's file links appear then too.
document.addEventListener("shelf:job-updated", ({ detail }) => {
  if (detail.id !== state.id) return;
  const moved = detail.status !== state.status || (detail.stage && detail.stage !== state.stage);
  state.status = detail.status;
  if (detail.stage) state.stage = detail.stage;
  // A pending summary is asked for again at most every few seconds while the job runs.
  if (moved || (state.summary.pending && Date.now() - lastLoad > 3000)) reload().catch(() => {});
});
