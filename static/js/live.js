// Live updates over Server-Sent Events. EventSource cannot send headers, so each connection
// carries a fresh session token in the URL; after a drop (tokens expire in a minute, the server
// closes long streams) we reconnect with a new token and the last event id, so nothing is lost.
import { idToken, initialEventId } from "./shelf.js";

const TYPES = ["job.created", "job.updated", "job.deleted", "items.updated", "reset"];

/**
 * subscribe({"job.updated": fn, ...}) — handlers get the parsed event data; `any` gets
 * (type, data) for every event. Returns a function that closes the connection.
 */
export function subscribe(handlers) {
  let source = null;
  let lastId = initialEventId || null;
  let delay = 1000;
  let stopped = false;
  let timer = null;
  const indicators = document.querySelectorAll("[data-live-indicator]");
  const state = (value, text) => {
    for (const node of indicators) {
      node.dataset.state = value;
      node.textContent = text;
    }
  };

  const schedule = () => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(connect, delay);
    delay = Math.min(delay * 2, 30_000);
  };

  async function connect() {
    if (stopped) return;
    let token;
    try {
      token = await idToken();
    } catch {
      state("retrying", "Reconnecting…");
      schedule();
      return;
    }
    const params = new URLSearchParams({ token });
    if (lastId) params.set("last_event_id", lastId);
    source = new EventSource(`/api/events?${params}`);
    source.addEventListener("open", () => {
      delay = 1000;
      state("live", "Live");
    });
    for (const type of TYPES) {
      source.addEventListener(type, (event) => {
        if (event.lastEventId) lastId = event.lastEventId;
        let data = null;
        try {
          data = JSON.parse(event.data);
        } catch {
          return;
        }
        try {
          if (handlers[type]) handlers[type](data);
          if (handlers.any) handlers.any(type, data);
        } catch (error) {
          console.error("live update failed", type, error);
        }
      });
    }
    source.addEventListener("error", () => {
      source.close();
      source = null;
      state("retrying", "Reconnecting…");
      schedule();
    });
  }

  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    if (source) source.close();
  };
  window.addEventListener("pagehide", stop);
  connect();
  return stop;
}
