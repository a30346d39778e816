// Catalog definition editor: every field, a live preview rendered by the server on sample
// rows and shown in a sandboxed frame (scripts and same-origin access off), logo upload.
import { api, navigate, pageUrl } from "./shelf.js";
import { clearErrors, showErrors } from "./form-errors.js";
import { debounce, setBusy, toast } from "./ui.js";

const form = document.querySelector("[data-definition-form]");
const summary = document.querySelector("[data-error-summary]");
const frame = form.querySelector("[data-preview-frame]");
const previewState = form.querySelector("[data-preview-state]");
const logoInput = form.querySelector('[name="logo"]');
let definitionId = form.dataset.definitionId || null;
let removeLogo = false;

const value = (name) => form.elements[name]?.value ?? "";
const checked = (name) => form.querySelector(`[name="${name}"]:checked`)?.value || "";

function body() {
  const size = Number.parseInt(value("image_size"), 10);
  const layout = checked("layout") || "grid";
  const request = {
    name: value("name").trim(), description: value("description").trim(),
    active: form.elements.active.checked, layout,
    columns: [...form.querySelectorAll('[name="columns"]:checked')].map((box) => box.value),
    price_source: checked("price_source") || "row",
    currency: value("currency").trim().toUpperCase(), number_format: value("number_format"),
    image_size: Number.isNaN(size) ? value("image_size") : size,
    grouping: value("grouping"), page_size: value("page_size"),
    branding: {
      accent_color: value("accent_color"), header_text: value("header_text"),
      footer_text: value("footer_text"), cover_page: form.elements.cover_page.checked,
    },
  };
  if (layout === "custom") request.custom_template = value("custom_template");
  return request;
}

let previewRequest = 0;
const refreshPreview = debounce(async () => {
  const mine = ++previewRequest;
  const request = body();
  if (!request.name) request.name = "Preview";
  previewState.textContent = "Updating…";
  try {
    const { data } = await api("/api/catalog-definitions/preview", { method: "POST", body: request });
    if (mine !== previewRequest) return;
    frame.srcdoc = data.html;
    previewState.textContent = "";
  } catch (error) {
    if (mine !== previewRequest) return;
    previewState.textContent = `Preview unavailable: ${error.message}`;
  }
}, 400);

function updateLayout() {
  form.querySelector("[data-custom-only]").hidden = checked("layout") !== "custom";
}

async function saveLogo(id) {
  if (logoInput.files.length) {
    const upload = new FormData();
    upload.append("logo", logoInput.files[0]);
    await api(`/api/catalog-definitions/${id}/logo`, { method: "PUT", body: upload });
  } else if (removeLogo) {
    await api(`/api/catalog-definitions/${id}/logo`, { method: "DELETE" });
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form, summary);
  const button = form.querySelector("[data-save]");
  setBusy(button, true);
  try {
    const { data } = definitionId
      ? await api(`/api/catalog-definitions/${definitionId}`, { method: "PATCH", body: body() })
      : await api("/api/catalog-definitions", { method: "POST", body: body() });
    definitionId = data.id;
    form.dataset.definitionId = data.id;
    await saveLogo(data.id);
    toast("Definition saved");
    navigate(pageUrl("/definitions"));
  } catch (error) {
    setBusy(button, false);
    if (error.status === 422 && error.body?.errors) showErrors(form, summary, error.body.errors);
    else showErrors(form, summary, [{ detail: error.message || "The definition could not be saved" }]);
  }
});

form.addEventListener("input", (event) => {
  if (event.target.name === "accent_color") form.querySelector("[data-accent-text]").textContent = event.target.value;
  if (event.target.name !== "logo") refreshPreview();
});
form.addEventListener("change", (event) => {
  if (event.target.name === "layout") updateLayout();
  if (event.target.name === "logo" && logoInput.files.length) {
    removeLogo = false;
    form.querySelector("[data-logo-name]").textContent = logoInput.files[0].name;
    const preview = form.querySelector("[data-logo-preview]");
    preview.src = URL.createObjectURL(logoInput.files[0]);
    preview.hidden = false;
    form.querySelector("[data-remove-logo]").hidden = false;
    return;
  }
  refreshPreview();
});
form.querySelector("[data-remove-logo]").addEventListener("click", () => {
  removeLogo = true;
  logoInput.value = "";
  form.querySelector("[data-logo-preview]").hidden = true;
  form.querySelector("[data-logo-name]").textContent = "No logo (removed when you save)";
  form.querySelector("[data-remove-logo]").hidden = true;
});

updateLayout();
refreshPreview();
