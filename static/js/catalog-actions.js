// Actions on a built catalog shared by the Catalogs page and the job page: view it in a
// sandboxed frame, make a share link, resend the delivery.
import { api } from "./shelf.js";
import { confirmDialog, h, openDialog, setBusy, toast } from "./ui.js";

export function viewCatalog(url, title = "Catalog") {
  // The file is served with a sandboxing CSP too; the frame's own sandbox runs nothing.
  const frame = h("iframe.catalog-frame", { src: url, sandbox: "", title, "data-catalog-frame": true });
  return openDialog({ title, body: frame, large: true, focusClose: true });
}

export async function shareLink(catalogId, button, days = 7) {
  setBusy(button, true);
  try {
    const { data } = await api(`/api/catalogs/${catalogId}/links`, { method: "POST", body: { days } });
    const html = data.files.find((file) => file.kind === "html") || data.files[0];
    let copied = false;
    try {
      await navigator.clipboard.writeText(html.url);
      copied = true;
    } catch { /* no clipboard access: the dialog shows the link to copy by hand */ }
    const input = h("input.input", { readonly: true, value: html.url, "aria-label": "Share link", "data-share-url": true });
    input.addEventListener("focus", () => input.select());
    await openDialog({
      title: copied ? "Link copied" : "Share link",
      body: h("div.stack.tight", {},
        h("p", { text: `Anyone with this link can open the catalog for ${days} days, without signing in.` }),
        input),
      actions: [{ label: "Done", value: "done", tone: "primary" }],
    });
  } catch (error) {
    toast(error.message, { error: true });
  } finally {
    setBusy(button, false);
  }
}

export async function resend(jobId, button, channel = null) {
  const ok = await confirmDialog({
    title: channel ? `Resend by ${channel}?` : "Resend the catalog?",
    message: channel ? `The catalog's links are sent again by ${channel}.`
      : "The catalog's links are sent again on every channel that can send (the customer in production mode, only you in test mode).",
    confirmLabel: "Resend",
  });
  if (!ok) return null;
  setBusy(button, true);
  try {
    const { data } = await api(`/api/jobs/${jobId}/deliver`, { method: "POST", body: channel ? { channels: [channel] } : {} });
    toast(data.channels && data.channels.length ? `Sending again: ${data.channels.join(", ")}` : "Nothing to send again");
    return data;
  } catch (error) {
    toast(error.message, { error: true });
    return null;
  } finally {
    setBusy(button, false);
  }
}
