// A small rich-text editor for description HTML: bold, italic, headings and lists on a
// contenteditable surface, and an "HTML" toggle to edit the source itself. Whatever is
// typed is cleaned again by the server on save (the description allow-list); the client
// cleans too, only so that nothing active ever runs in the page while editing.
import { h, icon } from "./ui.js";

// The description allow-list's shape (shopify_app/ai/validate.py keeps the real one).
const TAGS = new Set(["p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3",
  "h4", "h5", "h6", "a", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "span", "div"]);
const DROP_WITH_CONTENT = new Set(["script", "style", "iframe", "object", "embed", "template",
  "noscript", "svg", "math", "head", "title"]);

/** `markup` reduced to harmless elements, parsed inertly (DOMParser runs and loads nothing). */
export function cleanHtml(markup) {
  const doc = new DOMParser().parseFromString(`<body>${markup || ""}</body>`, "text/html");
  const walk = (node) => {
    for (const child of [...node.childNodes]) {
      if (child.nodeType === Node.COMMENT_NODE) {
        child.remove();
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        const tag = child.tagName.toLowerCase();
        if (DROP_WITH_CONTENT.has(tag)) {
          child.remove();
          continue;
        }
        walk(child);
        if (!TAGS.has(tag)) {
          child.replaceWith(...child.childNodes);
          continue;
        }
        for (const attr of [...child.attributes]) {
          const keep = tag === "a" && attr.name === "href" && /^https?:\/\//i.test(attr.value.trim());
          if (!keep) child.removeAttribute(attr.name);
        }
      }
    }
  };
  walk(doc.body);
  return doc.body.innerHTML;
}

const TOOLS = [
  { command: "bold", label: "Bold", text: "B" },
  { command: "italic", label: "Italic", text: "I" },
  { command: "formatBlock", arg: "h3", label: "Heading", text: "H" },
  { command: "formatBlock", arg: "p", label: "Paragraph", text: "¶" },
  { command: "insertUnorderedList", label: "Bulleted list", icon: "list" },
  { command: "insertOrderedList", label: "Numbered list", text: "1." },
];

/**
 * An editor for `value` (HTML). `id` names its surface for a <label for>; `describedBy` ties
 * help and error texts to it. Returns { node, value(), focus(), setInvalid(bool) }.
 */
export function richTextEditor(value, { id, label, describedBy = "" }) {
  const surface = h("div.input.rich-surface", {
    id, contenteditable: "true", role: "textbox", "aria-multiline": "true", "aria-label": label,
    "aria-describedby": describedBy || null, "data-rich-surface": "",
  });
  surface.innerHTML = cleanHtml(value);
  const source = h("textarea.input.rich-source", {
    rows: 10, spellcheck: "false", hidden: true, "aria-label": `${label}, HTML source`,
    "aria-describedby": describedBy || null, "data-rich-source": "",
  });
  const toolbar = h("div.rich-toolbar", { role: "toolbar", "aria-label": "Formatting", "aria-controls": id });
  const toolButtons = TOOLS.map((tool) => {
    const button = h("button.btn.slim.tertiary", { type: "button", "aria-label": tool.label, title: tool.label },
      tool.icon ? icon(tool.icon, "sm") : h("span", { "aria-hidden": "true", text: tool.text }));
    // Keep the selection in the surface: a click must not move focus before the command.
    button.addEventListener("mousedown", (event) => event.preventDefault());
    button.addEventListener("click", () => {
      surface.focus();
      document.execCommand(tool.command, false, tool.arg ? `<${tool.arg}>` : null);
    });
    return button;
  });
  const toggle = h("button.btn.slim", { type: "button", "aria-pressed": "false", "data-html-toggle": "" },
    icon("text", "sm"), "HTML");
  toolbar.append(...toolButtons, h("span.grow"), toggle);

  let showingSource = false;
  toggle.addEventListener("click", () => {
    showingSource = !showingSource;
    if (showingSource) {
      source.value = surface.innerHTML;
    } else {
      surface.innerHTML = cleanHtml(source.value);
    }
    source.hidden = !showingSource;
    surface.hidden = showingSource;
    for (const button of toolButtons) button.disabled = showingSource;
    toggle.setAttribute("aria-pressed", String(showingSource));
    (showingSource ? source : surface).focus();
  });

  return {
    node: h("div.rich-editor", { "data-rich-editor": "" }, toolbar, surface, source),
    value: () => (showingSource ? source.value : surface.innerHTML),
    focus: () => (showingSource ? source : surface).focus(),
    setInvalid: (invalid) => {
      for (const field of [surface, source]) {
        if (invalid) field.setAttribute("aria-invalid", "true");
        else field.removeAttribute("aria-invalid");
      }
    },
  };
}
