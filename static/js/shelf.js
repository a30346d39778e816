// Session tokens and API calls. Inside Shopify admin App Bridge gives the token;
// with development login the server mints one for the dev shop.
const devLogin = document.querySelector('meta[name="shelf-dev-login"]') !== null;

export async function idToken() {
  if (window.shopify && typeof window.shopify.idToken === "function") {
    return window.shopify.idToken();
  }
  if (!devLogin) throw new Error("Open Shelf from Shopify admin.");
  const response = await fetch("/dev/session-token", { method: "POST" });
  if (!response.ok) throw new Error("Development login is not available.");
  return (await response.json()).data.token;
}

export async function api(path, options = {}) {
  const headers = new Headers(options.headers || {});
  headers.set("Authorization", `Bearer ${await idToken()}`);
  if (options.body && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  const response = await fetch(path, { ...options, headers });
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const detail = body && body.errors ? body.errors.map((e) => e.detail).join("; ") : response.statusText;
    const error = new Error(detail);
    error.status = response.status;
    error.body = body;
    throw error;
  }
  return body;
}

async function showMe() {
  const target = document.querySelector("[data-me]");
  if (!target) return;
  const errorBox = document.querySelector("[data-me-error]");
  try {
    const { data } = await api("/api/me");
    target.querySelector('[data-field="role"]').textContent = data.role;
  } catch (error) {
    errorBox.textContent = `Could not reach the app: ${error.message}`;
    errorBox.hidden = false;
    target.querySelector('[data-field="role"]').textContent = "unknown";
  }
}

showMe();
