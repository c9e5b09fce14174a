// Products in the admin console: a searchable list, and one form to create (/admin/products/new)
// or edit (/admin/products/{id}) a product, its picture uploaded through POST /files/upload.
import { useMemo, useState } from "preact/hooks";
import * as api from "../api.js";
import { money } from "../money.js";
import { navigate, route, setQuery } from "../router.js";
import { useStore } from "../store.js";
import { Empty, ErrorSummary, Failed, Field, formValues, html, Loading, Pager, useLoad } from "../ui.js";
import { Conflict, DeleteButton, useVersioned } from "./versioned.js";

const PAGE_SIZE = 20;
const FIELDS = ["title", "price", "description", "categoryId", "stock", "images"];

export function Products() {
  const { query } = useStore(route);
  const q = query.get("q") || "";
  const page = Math.max(1, Number(query.get("page")) || 1);
  const offset = (page - 1) * PAGE_SIZE;
  const list = useLoad(() => api.listProducts({ q, offset, limit: PAGE_SIZE, sortBy: "id", order: "desc" }), [q, offset]);
  const search = (event) => {
    event.preventDefault();
    setQuery({ q: new FormData(event.currentTarget).get("q").trim(), page: null });
  };
  return html`<h1>Products</h1>
    <div class="toolbar">
      <form role="search" onSubmit=${search} class="inline-form">
        <label for="admin-search">Find products</label>
        <input id="admin-search" name="q" type="search" defaultValue=${q} />
        <button type="submit">Find</button>
      </form>
      <a class="button primary" href="/admin/products/new">New product</a>
    </div>
    ${list.error ? html`<${Failed} error=${list.error} retry=${list.reload} />`
      : !list.data ? html`<${Loading} what="Loading products…" />`
      : !list.data.items.length ? html`<${Empty}>No products.</${Empty}>`
      : html`<div class="table-wrap"><table>
          <caption class="visually-hidden">Products, newest first</caption>
          <thead><tr><th scope="col">Product</th><th scope="col">Category</th><th scope="col">Price</th><th scope="col">Stock</th></tr></thead>
          <tbody>${list.data.items.map((p) => html`<tr key=${p.id}>
            <td><a href=${`/admin/products/${p.id}`}>${p.title}</a></td>
            <td>${p.category.name}</td><td>${money(p.price)}</td><td>${p.stock ?? "—"}</td>
          </tr>`)}</tbody>
        </table></div>
        <${Pager} total=${list.data.total} offset=${offset} limit=${PAGE_SIZE} links=${list.data.links} onPage=${(n) => setQuery({ page: n })} />`}`;
}

// What the form holds, as the API wants it. Empty numbers are sent as null so that the API
// names the field ("is required") rather than the client guessing its rules.
function productFrom(values, uploaded) {
  const images = values.images.split("\n").map((line) => line.trim()).filter(Boolean);
  const product = {
    title: values.title,
    price: values.price === "" ? null : Number(values.price),
    description: values.description,
    categoryId: values.categoryId === "" ? null : Number(values.categoryId),
    images: uploaded ? [uploaded, ...images] : images,
  };
  if (values.stock !== "") product.stock = Number(values.stock);
  return product;
}

export function ProductEditor({ id, categories }) {
  if (id === "new") return html`<${ProductForm} categories=${categories} />`;
  return html`<${ExistingProduct} id=${id} categories=${categories} />`;
}

function ExistingProduct({ id, categories }) {
  const product = useVersioned(() => api.getProduct(id), [id]);
  const [formRound, setFormRound] = useState(0);
  if (product.gone) return html`<h1>Product gone</h1><p role="alert">This product was deleted by someone else.</p><a href="/admin/products">Back to products</a>`;
  if (product.error && !product.item) return html`<${Failed} error=${product.error} retry=${product.reload} />`;
  if (!product.item) return html`<${Loading} what="Loading the product…" />`;
  const p = product.item;
  return html`<${ProductForm} key=${formRound} categories=${categories} product=${p}
    save=${(changes) => product.write((etag) => api.updateProduct(id, changes, etag))}
    remove=${() => product.write((etag) => api.deleteProduct(id, etag)).then(() => navigate("/admin/products"))}
    conflict=${product.conflict && html`<${Conflict} what="product" onUseCurrent=${() => setFormRound((n) => n + 1)}
      fields=${[["Title", p.title], ["Price", money(p.price)], ["Stock", p.stock ?? "—"], ["Category", p.category.name], ["Description", p.description], ["Images", p.images.join(", ")]]} />`} />`;
}

function ProductForm({ product, categories, save, remove, conflict }) {
  // One key per submission of a new product (and one for its picture): a double click or a
  // retry after a lost answer creates one product.
  const keys = useMemo(() => ({ upload: api.newKey(), create: api.newKey() }), []);
  const [state, setState] = useState({ busy: false, error: null, saved: "" });
  const submit = async (event) => {
    event.preventDefault();
    if (state.busy) return;
    const form = event.currentTarget;
    const values = formValues(form);
    setState({ busy: true, error: null, saved: "" });
    try {
      const file = form.elements.file.files[0];
      const uploaded = file ? await api.uploadImage(file, keys.upload) : null;
      const body = productFrom(values, uploaded);
      if (!product) {
        const { data } = await api.createProduct(body, keys.create);
        navigate(`/admin/products/${data.id}?created=1`);
        return;
      }
      await save(body);
      form.elements.file.value = "";
      setState({ busy: false, error: null, saved: "Saved." });
    } catch (error) {
      setState({ busy: false, error: error.status === 412 ? null : error, saved: "" });
    }
  };
  const errors = { ...(state.error?.fields || {}) };
  for (const field of Object.keys(errors)) if (field.startsWith("images[")) errors.images = errors[field];
  const created = new URLSearchParams(location.search).get("created");
  return html`<h1>${product ? `Edit ${product.title}` : "New product"}</h1>
    ${created && !state.saved && html`<p class="note" role="status">Product created.</p>`}
    ${conflict}
    <form class="editor" onSubmit=${submit} novalidate>
      <${ErrorSummary} error=${state.error} shown=${[...FIELDS, ...Object.keys(errors).filter((f) => f.startsWith("images["))]} />
      <${Field} label="Title" name="title" required defaultValue=${product?.title} errors=${errors} />
      <${Field} label="Price" name="price" type="number" min="0.01" step="0.01" inputmode="decimal" required defaultValue=${product?.price} errors=${errors} />
      <${Field} label="Stock" name="stock" type="number" min="0" step="1" defaultValue=${product?.stock} errors=${errors} />
      <${Field} as="select" label="Category" name="categoryId" required errors=${errors}>
        <option value="">Choose a category</option>
        ${(categories || []).map((c) => html`<option key=${c.id} value=${c.id} selected=${product?.category.id === c.id}>${c.name}</option>`)}
      </${Field}>
      <${Field} as="textarea" label="Description" name="description" rows="4" required defaultValue=${product?.description} errors=${errors} />
      <${Field} label="Picture" name="file" type="file" accept="image/png,image/jpeg,image/gif,image/webp" errors=${errors} hint="JPEG, PNG, GIF or WebP, up to 5 MiB; it becomes the first picture." />
      <${Field} as="textarea" label="Picture URLs" name="images" rows="3" defaultValue=${product?.images.join("\n")} errors=${errors} hint="One per line." />
      ${product?.images?.length > 0 && html`<ul class="thumbs">${product.images.map((src, i) => html`<li key=${src}><img src=${src} alt=${`Picture ${i + 1}`} width="96" height="72" /></li>`)}</ul>`}
      <p class="actions">
        <button type="submit" class="primary" disabled=${state.busy}>${product ? "Save" : "Create product"}</button>
        <a href="/admin/products">Back to products</a>
        ${remove && html`<${DeleteButton} label="Delete product" onDelete=${() => remove().catch((error) => setState({ busy: false, error: error.status === 412 ? null : error, saved: "" }))} />`}
      </p>
      <p role="status" class="note">${state.saved}</p>
    </form>`;
}
