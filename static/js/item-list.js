// The job page's items table: its rows, filters, "load more", selection and row refreshes.
// Rows are rendered by the server (the item_row macro in templates/_macros.html), also when
// they arrive later: the items API answers them as HTML with `include=html`.
import { api } from "./shelf.js";
import { swapRow } from "./render.js";
import { h, toast } from "./ui.js";

export const PAGE = 20;

// At most one call per `wait` ms, the last one always made: a stream of live events
// must not postpone a refresh until the job ends (a debounce would).
export function throttle(fn, wait) {
  let timer = null;
  let again = false;
  const run = () => {
    timer = setTimeout(() => {
      timer = null;
      if (again) {
        again = false;
        fn();
        run();
      }
    }, wait);
  };
  return () => {
    if (timer) {
      again = true;
      return;
    }
    fn();
    run();
  };
}

function rowFromHtml(markup) {
  const template = document.createElement("template");
  template.innerHTML = markup.trim();
  return template.content.firstElementChild;
}

export function createItemList(card, jobId, tabFilters) {
  const tbody = card.querySelector("[data-rows]");
  const selectAll = card.querySelector("[data-select-all]");
  const bulkBar = card.querySelector("[data-bulk-bar]");
  const items = new Map();
  const selected = new Set();
  let tab = card.dataset.tab || "all";
  let cursor = card.dataset.nextCursor || null;
  let total = Number(card.dataset.total || 0);
  let generation = 0;

  const rowFor = (id) => tbody.querySelector(`tr[data-item-id="${CSS.escape(String(id))}"]`);
  const shown = () => tbody.querySelectorAll("tr[data-item-id]").length;

  function fetchPage(which, after, limit) {
    const params = new URLSearchParams({ ...tabFilters[which], limit: String(limit), include: "html" });
    if (after) params.set("cursor", after);
    return api(`/api/jobs/${jobId}/items?${params}`);
  }

  /** Put a fresh server-rendered row (item JSON with its `html`) in place of the old one. */
  function renderItem(item) {
    items.set(item.id, item);
    const row = rowFor(item.id);
    if (!row || !item.html) return;
    const editing = row.nextElementSibling?.classList.contains("edit-row");
    swapRow(row, rowFromHtml(item.html));
    if (editing && !rowFor(item.id).querySelector('[data-item-action="edit"]')) {
      rowFor(item.id).nextElementSibling?.remove();
    }
    updateSelection();
  }

  async function getItem(id) {
    return (await api(`/api/items/${id}?include=html`)).data;
  }

  async function refreshItem(id) {
    try {
      renderItem(await getItem(id));
    } catch {
      // the item may be gone with its job
    }
  }

  function updateSelection() {
    const boxes = [...tbody.querySelectorAll("[data-select]")];
    for (const box of boxes) {
      box.checked = selected.has(box.value);
      box.closest("tr").classList.toggle("selected", box.checked);
    }
    // A job with no action on a selection has no checkboxes at all.
    if (!selectAll) return;
    const checked = boxes.filter((box) => box.checked).length;
    selectAll.checked = boxes.length > 0 && checked === boxes.length;
    selectAll.indeterminate = checked > 0 && checked < boxes.length;
    if (bulkBar) {
      bulkBar.hidden = selected.size === 0;
      bulkBar.querySelector("[data-selected-count]").textContent = `${selected.size.toLocaleString()} selected`;
      // The whole page is selected but more items match: offer all of them.
      const matching = bulkBar.querySelector("[data-select-matching]");
      matching.hidden = !(selectAll.checked && total > selected.size);
      matching.textContent = `Select all ${total.toLocaleString()} matching items`;
    }
  }

  async function selectAllMatching() {
    const params = new URLSearchParams(tabFilters[tab]);
    const { data } = await api(`/api/jobs/${jobId}/items/ids?${params}`);
    for (const id of data.ids) selected.add(id);
    updateSelection();
    if (!data.complete) toast(`Selected the first ${data.ids.length.toLocaleString()} of ${data.total.toLocaleString()}: one action takes at most that many`);
  }

  async function refreshCounts() {
    try {
      const { data } = await api(`/api/jobs/${jobId}/items/counts`);
      for (const node of card.querySelectorAll("[data-tab-count]")) {
        node.textContent = (data[node.dataset.tabCount] ?? 0).toLocaleString();
      }
    } catch {
      // the counts catch up with the next event
    }
  }
  const countsLater = throttle(refreshCounts, 1000);

  function clearSelection() {
    selected.clear();
    updateSelection();
  }

  function updateListChrome() {
    const count = shown();
    card.querySelector("[data-no-items]").hidden = count > 0;
    card.querySelector("[data-load-more]").hidden = !cursor;
    const end = card.querySelector("[data-end]");
    end.hidden = Boolean(cursor) || count === 0;
    end.replaceChildren("Showing all ", h("strong", { text: total }), ` item${total === 1 ? "" : "s"}`);
    updateSelection();
  }

  async function load({ reset = false, limit = PAGE } = {}) {
    const mine = reset ? ++generation : generation;
    const loading = card.querySelector("[data-loading]");
    loading.hidden = false;
    card.querySelector("[data-load-more]").hidden = true;
    try {
      const page = await fetchPage(tab, reset ? null : cursor, limit);
      if (mine !== generation) return;
      if (reset) tbody.replaceChildren();
      for (const item of page.data) {
        items.set(item.id, item);
        if (!rowFor(item.id)) tbody.append(rowFromHtml(item.html));
      }
      if (reset) {
        // A live reload keeps what the merchant ticked, where those rows are still listed.
        const listed = new Set(page.data.map((item) => String(item.id)));
        for (const id of [...selected]) if (!listed.has(String(id))) selected.delete(id);
        for (const box of tbody.querySelectorAll("[data-select]")) box.checked = selected.has(box.value);
      }
      cursor = page.meta.next_cursor;
      total = page.meta.results.total;
    } catch (error) {
      toast(`Could not load items: ${error.message}`, { error: true });
    } finally {
      if (mine === generation) {
        loading.hidden = true;
        updateListChrome();
      }
    }
  }

  const reload = throttle(() => load({ reset: true, limit: Math.min(100, Math.max(PAGE, shown())) }), 400);

  // Rows whose item changed: fetched again (a few one by one, many as a fresh page).
  const stale = new Set();
  const refreshStale = throttle(async () => {
    const ids = [...stale];
    stale.clear();
    if (ids.length > 8) return load({ reset: true, limit: Math.min(100, Math.max(PAGE, shown())) });
    for (const id of ids) await refreshItem(id);
    return undefined;
  }, 250);

  function markStale(id) {
    countsLater();
    if (!rowFor(id)) {
      // A row this page has room for but does not show yet: fetch the page again.
      if (shown() < PAGE) reload();
      return;
    }
    stale.add(id);
    refreshStale();
  }

  card.querySelector("[data-load-more]").addEventListener("click", () => load());

  card.querySelector("[data-item-tabs]").addEventListener("click", (event) => {
    const link = event.target.closest("[data-tab]");
    if (!link) return;
    event.preventDefault();
    tab = link.dataset.tab;
    for (const other of card.querySelectorAll("[data-tab]")) other.removeAttribute("aria-current");
    link.setAttribute("aria-current", "true");
    const params = new URLSearchParams(window.location.search);
    if (tab === "all") params.delete("items");
    else params.set("items", tab);
    params.delete("id_token");
    const text = params.toString();
    window.history.replaceState(null, "", text ? `${window.location.pathname}?${text}` : window.location.pathname);
    load({ reset: true });
  });

  bulkBar?.querySelector("[data-select-matching]").addEventListener("click", () => {
    selectAllMatching().catch((error) => toast(error.message, { error: true }));
  });

  selectAll?.addEventListener("change", () => {
    for (const box of tbody.querySelectorAll("[data-select]")) {
      if (selectAll.checked) selected.add(box.value);
      else selected.delete(box.value);
    }
    updateSelection();
  });

  tbody.addEventListener("change", (event) => {
    const box = event.target.closest("[data-select]");
    if (!box) return;
    if (box.checked) selected.add(box.value);
    else selected.delete(box.value);
    updateSelection();
  });

  return {
    tbody, bulkBar, selectAll, items, selected, rowFor, shown, renderItem, refreshItem, getItem,
    markStale, reload, load, updateSelection, clearSelection, refreshCounts: countsLater,
  };
}
