// An item's fact checks, SEO score and proposals in the preview, and "Regenerate".
// Shown for kinds whose kind_info says checked / scored / regenerable; never by kind name.
import { api } from "./shelf.js";
import { h, openDialog, setBusy, toast } from "./ui.js";

const CONTEXT = 60;

function visible(fragment) {
  // A piece of the proposed text (possibly HTML, possibly cut mid-tag) as a reader sees it.
  const stripped = fragment.replace(/<[^>]*>|^[^<]*>|<[^>]*$/g, " ");
  const doc = new DOMParser().parseFromString(stripped, "text/html");
  return doc.body.textContent || "";
}

// Each unsupported claim highlighted where it stands in the proposed text, with why.
export function claimsBlock(item) {
  const checks = item.checks || [];
  if (!checks.length) return null;
  const text = item.proposed || "";
  const list = h("ul.claims.claims-preview", { "data-preview-claims": "" });
  for (const check of checks) {
    const [start, end] = check.span;
    list.append(h("li", {},
      `…${visible(text.slice(Math.max(0, start - CONTEXT), start))}`,
      h("mark", { text: visible(text.slice(start, end)) }),
      `${visible(text.slice(end, end + CONTEXT))}… `,
      h("span.small.subdued", { text: check.why })));
  }
  return h("section.banner.warning", { role: "note" }, h("div.banner-body", {},
    h("h3", { text: `${checks.length} claim${checks.length === 1 ? "" : "s"} the product's facts do not support` }),
    h("p.small", { text: "Check these before publishing: they are held for review even when the job publishes on its own." }),
    list));
}

function reasons(score) {
  const costly = (score.reasons || []).filter((r) => r.points < 0);
  if (!costly.length) return h("p.small.subdued", { text: "No problems found." });
  return h("ul.seo-reasons.small", {}, ...costly.map((r) => h("li", { text: `${r.message} (${r.points})` })));
}

export function seoBlock(item) {
  if (!item.seo) return null;
  const { before, after } = item.seo;
  return h("section", { "data-preview-seo": "" },
    h("h3", {}, "SEO score ", h("strong", { text: item.original ? `${before.value} → ${after.value}` : String(after.value) })),
    h("div.compare", {},
      h("div", {}, h("p.small.strong", { text: "Original" }), reasons(before)),
      h("div", {}, h("p.small.strong", { text: "Proposed" }), reasons(after))));
}

// Earlier proposals, with a button to use one again.
export function proposalsBlock(item, onChosen) {
  const proposals = item.proposals || [];
  if (proposals.length < 2) return null;
  const list = h("ol.proposal-list", { "data-proposals": "" });
  proposals.forEach((proposal, index) => {
    const use = h("button.btn.slim", { type: "button", disabled: proposal.chosen }, proposal.chosen ? "In use" : "Use this one");
    use.addEventListener("click", async () => {
      try {
        await api(`/api/items/${item.id}/choose`, { method: "POST", body: { proposal: index } });
        toast("Proposal chosen");
        onChosen();
      } catch (error) {
        toast(error.message, { error: true });
      }
    });
    list.append(h("li", { "data-proposal": String(index) },
      h("p.small.subdued", { text: proposal.instruction ? `Asked: “${proposal.instruction}”` : `Proposal ${index + 1}` }),
      h("div.text-value", { text: visible(proposal.text || "") }),
      (proposal.checks || []).length ? h("p.small", { text: `${proposal.checks.length} claim(s) to check` }) : "",
      use));
  });
  return h("section", {}, h("h3", { text: "Proposals" }), list);
}

// Ask for another text, optionally with an instruction ("shorter").
export async function regenerate(item, list) {
  const id = `regenerate-${item.id}`;
  const input = h("input.input", { id, type: "text", maxlength: "500", placeholder: "e.g. shorter, or mention the gift box" });
  const body = h("div.stack", {}, h("label", { for: id, text: "Instruction (optional)" }), input,
    h("p.small.subdued", { text: "Earlier proposals are kept: you can go back to one from the preview." }));
  const choice = await openDialog({ title: `Regenerate ${item.product_title || "item"}`, body,
    actions: [{ label: "Cancel", value: "cancel" }, { label: "Regenerate", value: "go", tone: "primary" }] });
  if (choice !== "go") return;
  try {
    const instruction = input.value.trim();
    await api(`/api/items/${item.id}/regenerate`, { method: "POST", body: instruction ? { instruction } : {} });
    await list.refreshItem(item.id);
    toast("New proposal ready");
  } catch (error) {
    toast(error.message, { error: true });
  }
}

// Each call asks the writer again (and may cost money): a bulk regenerate takes at most
// this many, a few at a time.
export const REGENERATE_LIMIT = 100;
const AT_ONCE = 3;

// Regenerate the selected results, optionally with one instruction for all of them.
export async function regenerateMany(ids, list, button) {
  const chosen = ids.slice(0, REGENERATE_LIMIT);
  const id = "regenerate-many";
  const input = h("input.input", { id, type: "text", maxlength: "500", placeholder: "e.g. shorter, or mention the gift box" });
  const note = ids.length > chosen.length
    ? `The first ${chosen.length} of the ${ids.length.toLocaleString()} selected are regenerated; run it again for the rest.`
    : "Earlier proposals are kept: you can go back to one from each preview.";
  const body = h("div.stack", {}, h("p", { text: `Shelf writes a new proposal for ${chosen.length} selected item${chosen.length === 1 ? "" : "s"}.` }),
    h("label", { for: id, text: "Instruction for all of them (optional)" }), input, h("p.small.subdued", { text: note }));
  const choice = await openDialog({ title: "Regenerate selected items?", body,
    actions: [{ label: "Cancel", value: "cancel" }, { label: `Regenerate ${chosen.length}`, value: "go", tone: "primary" }] });
  if (choice !== "go") return;
  const instruction = input.value.trim();
  const counter = list.bulkBar.querySelector("[data-selected-count]");
  setBusy(button, true);
  let done = 0;
  const failures = [];
  const queue = [...chosen];
  const worker = async () => {
    while (queue.length) {
      const itemId = queue.shift();
      try {
        await api(`/api/items/${itemId}/regenerate`, { method: "POST", body: instruction ? { instruction } : {} });
        await list.refreshItem(itemId);
      } catch (error) {
        failures.push(error.message);
      }
      done += 1;
      counter.textContent = `Regenerating… ${done} of ${chosen.length} done`;
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, chosen.length) }, worker));
  setBusy(button, false);
  list.clearSelection();
  const made = chosen.length - failures.length;
  toast(failures.length ? `Regenerated ${made} of ${chosen.length}; ${failures.length} failed: ${failures[0]}`
    : `Regenerated ${made} item${made === 1 ? "" : "s"}`, { error: failures.length > 0 });
}
