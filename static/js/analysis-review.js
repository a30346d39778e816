// Reviewing an image analysis: the image with its swatches, the tags to add as chips the
// merchant removes or adds, the metafields as labelled fields — never JSON.
import { api } from "./shelf.js";
import { h, icon } from "./ui.js";

const METAFIELD_LABELS = { colors: "Colors", attributes: "Attributes" };

function parse(text, fallback) {
  try {
    return text ? JSON.parse(text) : fallback;
  } catch {
    return fallback;
  }
}

function metafieldText(field) {
  const value = parse(field.value, field.value);
  if (Array.isArray(value)) {
    return value.map((v) => (v && typeof v === "object"
      ? `${v.name ?? ""}${typeof v.share === "number" ? ` ${Math.round(v.share * 100)}%` : ""}`.trim()
      : String(v))).join(" · ");
  }
  if (value && typeof value === "object") {
    return Object.entries(value).map(([k, v]) => `${k.replaceAll("_", " ")}: ${Array.isArray(v) ? v.join(", ") : v}`).join(" · ");
  }
  return String(value ?? "");
}

/** The dialog body for one analyzed item; `editable` adds chip removal and an add-tag field. */
export function analysisReview(item, { editable }) {
  const analysis = item.analysis || {};
  const proposal = parse(item.proposed, {});
  const tags = [...(proposal.tags || [])];
  const existing = parse(item.original, {}).tags || [];
  const image = (analysis.images || []).find((i) => i.url);
  const body = h("div.analysis-review", { "data-analysis-review": "" });

  const media = h("div.analysis-media", {},
    image ? h("img.analysis-image", { src: image.url, alt: `Analyzed image of ${item.product_title}`, loading: "lazy" })
      : h("div.analysis-image.placeholder", {}, icon("image")),
    h("ul.swatches", { "aria-label": "Dominant colors" }, (analysis.colors || []).map((color) => h("li.swatch-item", {},
      h("span.swatch", { style: `background: ${color.hex}`, "aria-hidden": "true" }),
      `${color.name} `, h("span.subdued", { text: `${Math.round(color.share * 100)}%` })))));

  const chips = h("ul.chips", { "aria-label": "Tags to add" });
  const status = h("p.visually-hidden", { role: "status", "aria-live": "polite" });
  const renderChips = () => {
    chips.replaceChildren(...tags.map((tag, index) => h("li.chip", { "data-tag": tag }, h("span", { text: tag }),
      editable ? h("button.chip-remove", {
        type: "button", "aria-label": `Remove tag ${tag}`,
        onclick: () => {
          tags.splice(index, 1);
          renderChips();
          status.textContent = `Removed ${tag}`;
          (chips.querySelector("button") || addInput)?.focus();
        },
      }, icon("x", "sm")) : null)));
    if (!tags.length) chips.append(h("li.subdued.small", { text: "No tags to add" }));
  };
  const addInput = h("input.input", { id: `add-tag-${item.id}`, type: "text", maxlength: 255, autocomplete: "off" });
  const addError = h("p.field-error", { id: `add-tag-${item.id}-error`, hidden: true });
  const addTag = () => {
    const tag = addInput.value.trim();
    addError.hidden = true;
    if (!tag) return;
    if (tag.includes(",")) {
      addError.textContent = "A tag cannot contain a comma: add one tag at a time";
      addError.hidden = false;
      return;
    }
    if (!tags.some((t) => t.toLowerCase() === tag.toLowerCase())) tags.push(tag);
    addInput.value = "";
    renderChips();
    status.textContent = `Added ${tag}`;
    addInput.focus();
  };
  addInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      addTag();
    }
  });
  renderChips();

  const tagSection = h("section.stack-tight", {}, h("h3", { text: "Tags to add" }), chips, status);
  if (editable) {
    tagSection.append(h("div.add-tag", {},
      h("label", { for: addInput.id, text: "Add a tag" }),
      h("div.inline", {}, addInput, h("button.btn", { type: "button", onclick: addTag }, "Add")), addError));
  }
  if (existing.length) tagSection.append(h("p.small.subdued", { text: `Already on the product: ${existing.join(", ")}` }));

  const fields = (proposal.metafields || []).map((field) => h("div.field", {},
    h("dt", { text: `${METAFIELD_LABELS[field.key] || field.key} metafield` }),
    h("dd", { "data-metafield": field.key, text: metafieldText(field) })));
  const metafields = fields.length
    ? h("section", {}, h("h3", { text: "Metafields to set" }), h("dl.fields", {}, fields)) : null;

  const quality = (analysis.images || [])[0]?.quality;
  const facts = quality ? h("p.small.subdued", {
    text: `${quality.width}×${quality.height} px · ${quality.background} background${quality.blurry ? " · blurry" : ""}`,
  }) : null;
  body.append(media, h("div.stack", {}, tagSection, metafields, facts));

  return {
    body,
    changed: () => JSON.stringify(tags) !== JSON.stringify(proposal.tags || []),
    save: () => api(`/api/items/${item.id}`, { method: "PATCH", body: { proposed: { tags } } }),
  };
}
