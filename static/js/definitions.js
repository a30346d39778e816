// Catalog definitions list: activate / deactivate, delete (a definition used by jobs cannot
// be deleted: the API answers 409 and the page says to deactivate it instead).
import { api, navigate } from "./shelf.js";
import { confirmDialog, h, icon, setBusy, toast } from "./ui.js";

const rowOf = (node) => node.closest("tr[data-definition-id]");

function showActive(row, active) {
  row.dataset.active = active ? "true" : "false";
  const name = row.dataset.name;
  row.querySelector("[data-active-badge]").replaceChildren(active
    ? h("span.badge.success", {}, icon("check-circle"), "Active")
    : h("span.badge.subtle", { text: "Inactive" }));
  const button = row.querySelector("[data-toggle-active]");
  button.textContent = active ? "Deactivate" : "Activate";
  button.setAttribute("aria-label", `${active ? "Deactivate" : "Activate"} ${name}`);
}

async function toggle(button) {
  const row = rowOf(button);
  const active = row.dataset.active !== "true";
  setBusy(button, true);
  try {
    await api(`/api/catalog-definitions/${row.dataset.definitionId}`, { method: "PATCH", body: { active } });
    showActive(row, active);
    toast(`${row.dataset.name} is ${active ? "active" : "inactive"}`);
  } catch (error) {
    toast(error.message, { error: true });
  } finally {
    setBusy(button, false);
  }
}

async function remove(button) {
  const row = rowOf(button);
  const ok = await confirmDialog({
    title: `Delete ${row.dataset.name}?`, confirmLabel: "Delete", destructive: true,
    message: "The definition and its logo are deleted. Catalogs already built keep their look. This cannot be undone.",
  });
  if (!ok) return;
  setBusy(button, true);
  try {
    await api(`/api/catalog-definitions/${row.dataset.definitionId}`, { method: "DELETE" });
    toast(`${row.dataset.name} deleted`);
    row.remove();
  } catch (error) {
    setBusy(button, false);
    if (error.status === 409) {
      await confirmDialog({
        title: "This definition is used by jobs",
        message: `${error.message}. Jobs keep a record of the definition they were built with, so it cannot be deleted — deactivate it instead and it will no longer be offered for new jobs.`,
        confirmLabel: "OK",
      });
    } else toast(error.message, { error: true });
  }
}

document.addEventListener("click", (event) => {
  const toggleButton = event.target.closest("[data-toggle-active]");
  if (toggleButton) return void toggle(toggleButton);
  const deleteButton = event.target.closest("[data-delete-definition]");
  if (deleteButton) return void remove(deleteButton);
  const row = event.target.closest("tr[data-href]");
  if (row && !event.target.closest("a, button")) navigate(row.dataset.href);
});
