// Small pieces every page uses: form fields that show the API's per-field errors, loading and
// empty states, pagers, product cards, and a hook that loads data for a page.
import { html } from "htm/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { money } from "./money.js";

export { html };

// Loads data when `deps` change: { data, error, loading, reload }. While new data is on its way
// the old stays shown, with `loading` set from the first render on (pages mark themselves
// aria-busy with it); a stale answer (the deps changed meanwhile) is dropped.
export function useLoad(load, deps) {
  const key = JSON.stringify(deps);
  const [state, setState] = useState({ data: null, error: null, key: null });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, key: null }));
    load().then(
      (data) => current && setState({ data, error: null, key }),
      (error) => current && setState({ data: null, error, key }),
    );
    return () => (current = false);
  }, [key, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.key !== key, reload };
}

// A labelled input with the API's message for it (problem `errors[].field` = `name`) under it.
export function Field({ label, name, errors = {}, as = "input", children, hint, ...input }) {
  const id = `field-${name}`;
  const error = errors[name];
  const described = [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(" ") || undefined;
  const control =
    as === "select"
      ? html`<select id=${id} name=${name} aria-invalid=${error ? "true" : undefined} aria-describedby=${described} ...${input}>${children}</select>`
      : as === "textarea"
        ? html`<textarea id=${id} name=${name} aria-invalid=${error ? "true" : undefined} aria-describedby=${described} ...${input} />`
        : html`<input id=${id} name=${name} aria-invalid=${error ? "true" : undefined} aria-describedby=${described} ...${input} />`;
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${control}
    ${hint && html`<small id=${`${id}-hint`} class="hint">${hint}</small>`}
    ${error && html`<small id=${`${id}-error`} class="field-error">${error}</small>`}
  </div>`;
}

// The message of an error, and of each field it names that the form does not show.
export function ErrorSummary({ error, shown = [] }) {
  if (!error) return null;
  const others = Object.entries(error.fields || {}).filter(([field]) => !shown.includes(field));
  return html`<div class="alert" role="alert">
    <p>${error.message}</p>
    ${others.length > 0 && html`<ul>${others.map(([field, message]) => html`<li key=${field}><strong>${field}</strong>: ${message}</li>`)}</ul>`}
  </div>`;
}

export const Loading = ({ what = "Loading…" }) => html`<p class="status" role="status">${what}</p>`;
export const Empty = ({ children }) => html`<p class="status empty">${children}</p>`;
export const Failed = ({ error, retry }) =>
  html`<div class="alert" role="alert"><p>${error.message}</p>${retry && html`<button type="button" onClick=${retry}>Try again</button>`}</div>`;

// Pages from the list's X-Total-Count and Link header: prev/next exist when the server says so.
export function Pager({ total, offset, limit, links, onPage, label = "Pages" }) {
  if (!total || total <= limit) return null;
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.ceil(total / limit);
  return html`<nav class="pager" aria-label=${label}>
    <button type="button" disabled=${!links?.prev} onClick=${() => onPage(page - 1)}>Previous</button>
    <span>Page ${page} of ${pages} · ${total} in all</span>
    <button type="button" disabled=${!links?.next} onClick=${() => onPage(page + 1)}>Next</button>
  </nav>`;
}

export function ProductCard({ product }) {
  return html`<li class="card">
    <a href=${`/products/${product.id}`} class="card-link">
      <img src=${product.images?.[0]} alt="" loading="lazy" width="320" height="240" />
      <span class="card-title">${product.title}</span>
    </a>
    <span class="price">${money(product.price)}</span>
    ${product.stock === 0 && html`<span class="badge">Out of stock</span>`}
  </li>`;
}

export const ProductGrid = ({ products, label }) =>
  html`<ul class="grid" aria-label=${label}>${products.map((p) => html`<${ProductCard} key=${p.id} product=${p} />`)}</ul>`;

// The value of each named control of a form, as strings.
export const formValues = (form) => Object.fromEntries(new FormData(form).entries());
