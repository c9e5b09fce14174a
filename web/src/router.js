// History routing: links are real <a href>s (so they work with the keyboard, open in a new tab
// and survive a reload, since the server answers every client path with the app); a plain click
// on one is turned into a pushState here.
import { createStore } from "./store.js";

const read = () => ({ path: location.pathname.replace(/(.)\/$/, "$1"), query: new URLSearchParams(location.search) });

export const route = createStore(read());

export function navigate(to, { replace = false } = {}) {
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  route.set(read());
  window.scrollTo(0, 0);
  // Tell keyboard and screen reader users the page changed: focus its main region.
  requestAnimationFrame(() => document.getElementById("main")?.focus({ preventScroll: true }));
}

// Changes the query of the current page (filters, page numbers) without a new history entry
// for each keystroke's worth of change.
export function setQuery(changes, { replace = false } = {}) {
  const query = new URLSearchParams(location.search);
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined || value === null || value === "") query.delete(name);
    else query.set(name, value);
  }
  const text = query.toString();
  navigate(location.pathname + (text ? `?${text}` : ""), { replace });
}

addEventListener("popstate", () => route.set(read()));

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[href]");
  if (!link || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || link.target || link.hasAttribute("download")) return;
  const url = new URL(link.href);
  // The API, the docs and files are the server's, not the client's.
  if (url.origin !== location.origin || /^\/(api|docs|placeholders)(\/|$)/.test(url.pathname)) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});
