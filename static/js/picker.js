// Choosing products or a collection: App Bridge's resource picker inside Shopify admin,
// our own dialog (searching /api/products and /api/collections) everywhere else.
import { api, appBridge } from "./shelf.js";
import { debounce, h, icon, openDialog } from "./ui.js";

function bridgePicker() {
  const bridge = appBridge();
  return bridge && typeof bridge.resourcePicker === "function" ? bridge : null;
}

function searchDialog({ title, path, multiple, initial, empty }) {
  const chosen = new Map(initial.map((item) => [item.id, item]));
  const list = h("ul.picker-results", { "aria-live": "polite", "aria-busy": "false" });
  const input = h("input.input", { type: "search", id: "picker-search", placeholder: "Search by title", autocomplete: "off" });
  const status = h("p.small.subdued", { text: "" });
  const name = `pick-${Math.random().toString(36).slice(2, 7)}`;

  const render = (results) => {
    list.replaceChildren();
    if (!results.length) {
      list.append(h("li", {}, h("p.subdued", { style: "padding: 8px 4px", text: empty })));
      return;
    }
    for (const result of results) {
      const control = h("input", {
        type: multiple ? "checkbox" : "radio", name, value: result.id,
        class: multiple ? "checkbox" : undefined,
      });
      control.checked = chosen.has(result.id);
      control.addEventListener("change", () => {
        if (!multiple) chosen.clear();
        if (control.checked) chosen.set(result.id, { id: result.id, title: result.title });
        else chosen.delete(result.id);
        status.textContent = multiple ? `${chosen.size} selected` : "";
      });
      list.append(h("li", {}, h("label", {}, control,
        h("span.thumb", {}, icon(multiple ? "product" : "collection")),
        h("span", {}, h("span.strong", { text: result.title || result.id }),
          result.status ? h("span.small.subdued", { text: ` · ${String(result.status).toLowerCase()}` }) : null))));
    }
  };

  let requestNumber = 0;
  const search = async () => {
    const mine = ++requestNumber;
    list.setAttribute("aria-busy", "true");
    try {
      const { data } = await api(`${path}?q=${encodeURIComponent(input.value.trim())}`);
      if (mine === requestNumber) render(data);
    } catch (error) {
      if (mine === requestNumber) {
        list.replaceChildren(h("li", {}, h("p.error-text", { style: "padding: 8px 4px", text: error.message })));
      }
    } finally {
      if (mine === requestNumber) list.setAttribute("aria-busy", "false");
    }
  };
  input.addEventListener("input", debounce(search, 250));
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault();
  });
  status.textContent = multiple ? `${chosen.size} selected` : "";
  const body = h("div", {}, h("label.visually-hidden", { for: "picker-search", text: "Search" }),
    h("div.input-with-icon", {}, icon("search"), input), list, status);
  search();
  return openDialog({
    title, body,
    actions: [{ label: "Cancel", value: "cancel" }, { label: multiple ? "Select" : "Choose", value: "confirm", tone: "primary" }],
  }).then((value) => (value === "confirm" ? [...chosen.values()] : null));
}

/** Resolves with [{id, title}] or null when cancelled. */
export async function pickProducts(initial = []) {
  const bridge = bridgePicker();
  if (bridge) {
    const selection = await bridge.resourcePicker({
      type: "product", multiple: true, selectionIds: initial.map((item) => ({ id: item.id })),
    });
    return selection ? selection.map((product) => ({ id: product.id, title: product.title })) : null;
  }
  return searchDialog({ title: "Pick products", path: "/api/products", multiple: true, initial, empty: "No product matches." });
}

/** Resolves with {id, title} or null. */
export async function pickCollection(current = null) {
  const bridge = bridgePicker();
  if (bridge) {
    const selection = await bridge.resourcePicker({ type: "collection", multiple: false });
    return selection && selection.length ? { id: selection[0].id, title: selection[0].title } : null;
  }
  const chosen = await searchDialog({
    title: "Choose a collection", path: "/api/collections", multiple: false,
    initial: current ? [current] : [], empty: "No collection matches.",
  });
  return chosen && chosen.length ? chosen[0] : null;
}
