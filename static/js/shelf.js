// Session tokens, API calls and page-wide helpers shared by every page module.
// Inside Shopify admin App Bridge gives the token; with development login the server mints
// one for the dev shop. Nothing here needs the network beyond the app's own origin.

const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.getAttribute("content") || "";

export const devLogin = meta("shelf-dev-login") === "1";
export const role = meta("shelf-role") || "read";
export const shopDomain = meta("shelf-shop");
// The viewer's staff id: the pages say "You" for what they did (never a bare id).
export const userId = meta("shelf-user");
export const initialEventId = meta("shelf-last-event-id");
const RANK = { read: 0, write: 1, admin: 2 };

export function can(needed) {
  return (RANK[role] ?? 0) >= RANK[needed];
}

/** App Bridge, when the page runs inside Shopify admin and its script loaded. */
export function appBridge() {
  const bridge = window.shopify;
  return !devLogin && bridge && typeof bridge.idToken === "function" ? bridge : null;
}

export const labels = (() => {
  try {
    return JSON.parse(document.getElementById("shelf-labels")?.textContent || "{}");
  } catch {
    return {};
  }
})();

let devToken = null; // {promise, expires}

export async function idToken() {
  const bridge = appBridge();
  if (bridge) return bridge.idToken();
  if (!devLogin) throw new Error("Open Shelf from Shopify admin.");
  if (devToken && devToken.expires > Date.now()) return devToken.promise;
  // A same-origin POST: the browser adds the Origin header the server requires.
  const request = { method: "POST", mode: "same-origin", credentials: "same-origin", cache: "no-store" };
  const promise = fetch("/dev/session-token", request).then(async (response) => {
    if (!response.ok) throw new Error("Development login is not available.");
    return (await response.json()).data.token;
  });
  devToken = { promise, expires: Date.now() + 40_000 }; // tokens live for 60 s
  promise.catch(() => { devToken = null; });
  return promise;
}

/** Call the JSON API; throws an Error with the envelope's detail, .status and .body. */
export async function api(path, options = {}) {
  const send = async () => {
    const headers = new Headers(options.headers || {});
    headers.set("Authorization", `Bearer ${await idToken()}`);
    headers.set("Accept", "application/json");
    let body = options.body;
    // Files and forms go as they are (the browser sets their content type).
    const raw = body instanceof FormData || body instanceof Blob;
    if (body !== undefined && !raw && typeof body !== "string") body = JSON.stringify(body);
    if (body !== undefined && !raw && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
    return fetch(path, { ...options, headers, body });
  };
  let response = await send();
  if (response.status === 401 && response.headers.get("X-Shopify-Retry-Invalid-Session-Request")) {
    devToken = null;
    response = await send();
  }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const detail = data && data.errors
      ? data.errors.map((e) => e.detail || e.title).join("; ")
      : response.statusText || `HTTP ${response.status}`;
    const error = new Error(detail);
    error.status = response.status;
    error.body = data;
    throw error;
  }
  return data;
}

/** A link to one of our pages that keeps Shopify's shop/host/embedded parameters. */
export function pageUrl(path, params = {}) {
  const current = new URLSearchParams(window.location.search);
  const query = new URLSearchParams();
  for (const key of ["shop", "host", "embedded"]) {
    if (current.get(key)) query.set(key, current.get(key));
  }
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") query.set(key, value);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export function navigate(path) {
  window.location.assign(path);
}

// ---- relative times: the server renders them; keep them fresh --------------------------------
export function relativeTime(iso, now = Date.now()) {
  if (!iso) return "—";
  const moment = new Date(iso);
  const seconds = (now - moment.getTime()) / 1000;
  if (seconds < 45) return "just now";
  for (const [limit, size, unit] of [[3600, 60, "minute"], [86400, 3600, "hour"], [7 * 86400, 86400, "day"]]) {
    if (seconds < limit) {
      const count = Math.max(1, Math.round(seconds / size));
      return `${count} ${unit}${count === 1 ? "" : "s"} ago`;
    }
  }
  return moment.toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
}

export function fullDate(iso) {
  if (!iso) return "—";
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function refreshTimes(root = document) {
  for (const node of root.querySelectorAll("time[data-relative]")) {
    const iso = node.getAttribute("datetime");
    node.textContent = relativeTime(iso);
    node.title = fullDate(iso);
  }
}

if (appBridge()) document.documentElement.classList.add("embedded");
refreshTimes();
setInterval(() => refreshTimes(), 30_000);
