// The storefront's home: categories, search, price filters, sorting, and a page of products.
// Every filter lives in the page's query string (/?q=lamp&categoryId=3&page=2), so a filtered
// list can be bookmarked, shared and reached with Back.
import * as api from "../api.js";
import { route, setQuery } from "../router.js";
import { useStore } from "../store.js";
import { Empty, Failed, html, Loading, Pager, ProductGrid, useLoad } from "../ui.js";

const PAGE_SIZE = 12;
const SORTS = [
  ["", "Featured"],
  ["price:asc", "Price: low to high"],
  ["price:desc", "Price: high to low"],
  ["title:asc", "Name: A to Z"],
  ["creationAt:desc", "Newest first"],
];

export function Shop({ categories }) {
  const { query } = useStore(route);
  const filters = {
    q: query.get("q") || "",
    categoryId: query.get("categoryId") || "",
    price_min: query.get("min") || "",
    price_max: query.get("max") || "",
    sort: query.get("sort") || "",
  };
  const page = Math.max(1, Number(query.get("page")) || 1);
  const [sortBy, order] = filters.sort ? filters.sort.split(":") : [];
  const offset = (page - 1) * PAGE_SIZE;
  const list = useLoad(
    () => api.listProducts({ q: filters.q, categoryId: filters.categoryId, price_min: filters.price_min, price_max: filters.price_max, sortBy, order, offset, limit: PAGE_SIZE }),
    [query.toString()],
  );

  const search = (event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setQuery({ q: form.get("q").trim(), min: form.get("min"), max: form.get("max"), page: null });
  };
  const category = categories?.find((c) => String(c.id) === filters.categoryId);

  return html`<div class="shop">
    <aside class="filters" aria-label="Filters">
      <form role="search" onSubmit=${search} key=${query.toString()}>
        <div class="field">
          <label for="search">Search</label>
          <div class="search-row">
            <input id="search" name="q" type="search" defaultValue=${filters.q} placeholder="Lamp, sweater…" />
            <button type="submit">Apply</button>
          </div>
        </div>
        <details open=${Boolean(filters.price_min || filters.price_max)}>
          <summary>Price range</summary>
          <fieldset class="price-range">
            <legend class="visually-hidden">Price</legend>
            <div class="field"><label for="min">Min price</label><input id="min" name="min" type="number" min="0" step="0.01" inputmode="decimal" defaultValue=${filters.price_min} /></div>
            <div class="field"><label for="max">Max price</label><input id="max" name="max" type="number" min="0" step="0.01" inputmode="decimal" defaultValue=${filters.price_max} /></div>
          </fieldset>
        </details>
      </form>
      <div class="field">
        <label for="sort">Sort by</label>
        <select id="sort" value=${filters.sort} onChange=${(e) => setQuery({ sort: e.currentTarget.value, page: null })}>
          ${SORTS.map(([value, label]) => html`<option value=${value}>${label}</option>`)}
        </select>
      </div>
      <nav aria-label="Categories">
        <h2>Categories</h2>
        <ul class="categories">
          <li><a href="/" aria-current=${!filters.categoryId ? "page" : undefined}>All products</a></li>
          ${(categories || []).map((c) => html`<li key=${c.id}>
            <a href=${`/?categoryId=${c.id}`} aria-current=${String(c.id) === filters.categoryId ? "page" : undefined}>${c.name}</a>
          </li>`)}
        </ul>
      </nav>
    </aside>
    <section class="results" aria-labelledby="results-title" aria-busy=${list.loading ? "true" : "false"}>
      <h1 id="results-title">${filters.q ? `Results for “${filters.q}”` : category ? category.name : "All products"}</h1>
      ${list.error ? html`<${Failed} error=${list.error} retry=${list.reload} />`
        : !list.data ? html`<${Loading} what="Loading products…" />`
        : list.data.items.length === 0 ? html`<${Empty}>No products match. Try other words or a wider price range.</${Empty}>`
        : html`<${ProductGrid} products=${list.data.items} label="Products" />
          <${Pager} total=${list.data.total} offset=${offset} limit=${PAGE_SIZE} links=${list.data.links} onPage=${(n) => setQuery({ page: n > 1 ? n : null })} />`}
    </section>
  </div>`;
}
