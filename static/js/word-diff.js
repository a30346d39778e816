// A word-level diff of original → proposed, so a reviewer sees what changed at a glance.
import { h, htmlText } from "./ui.js";

const MAX_WORDS = 1500; // beyond this, a diff costs more than it helps

function words(text) {
  return (text || "").split(/(\s+)/).filter((part) => part !== "");
}

/** Runs of ["same" | "del" | "ins", text] from a longest-common-subsequence over words. */
export function diffWords(before, after) {
  const a = words(before);
  const b = words(after);
  if (a.length > MAX_WORDS || b.length > MAX_WORDS) return null;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const lengths = new Uint16Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lengths[i * cols + j] = a[i] === b[j] ? lengths[(i + 1) * cols + j + 1] + 1
        : Math.max(lengths[(i + 1) * cols + j], lengths[i * cols + j + 1]);
    }
  }
  const runs = [];
  const push = (kind, text) => {
    const last = runs[runs.length - 1];
    if (last && last[0] === kind) last[1] += text;
    else runs.push([kind, text]);
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push("same", a[i]);
      i += 1;
      j += 1;
    } else if (lengths[(i + 1) * cols + j] >= lengths[i * cols + j + 1]) {
      push("del", a[i]);
      i += 1;
    } else {
      push("ins", b[j]);
      j += 1;
    }
  }
  while (i < a.length) push("del", a[i++]);
  while (j < b.length) push("ins", b[j++]);
  return runs;
}

/** The diff as a block, with removed words struck through and added words marked. */
export function diffBlock(before, after, { html = false } = {}) {
  const runs = diffWords(html ? htmlText(before) : before, html ? htmlText(after) : after);
  if (!runs) return null;
  return h("div.word-diff", { "data-word-diff": "", "aria-label": "Changes from the original, word by word" },
    runs.map(([kind, text]) => (kind === "same" ? text
      : h(kind === "del" ? "del" : "ins", { text }))));
}
