// A product's page: its pictures, price, stock, description, "Add to cart", and related products
// (GET /products/{id}/related: the same category, without this one).
import { useState } from "preact/hooks";
import * as api from "../api.js";
import { addToCart } from "../cart.js";
import { money } from "../money.js";
import { Empty, Failed, html, Loading, ProductGrid, useLoad } from "../ui.js";

export function Product({ id }) {
  const product = useLoad(async () => (await api.getProduct(id)).data, [id]);
  const related = useLoad(() => api.relatedProducts(id), [id]);
  if (product.error?.status === 404 || product.error?.status === 400) {
    return html`<h1>Not found</h1><${Empty}>There is no such product. <a href="/">Back to the store</a></${Empty}>`;
  }
  if (product.error) return html`<${Failed} error=${product.error} retry=${product.reload} />`;
  if (!product.data) return html`<${Loading} what="Loading the product…" />`;
  const p = product.data;
  return html`<article class="product">
    <${Gallery} key=${p.id} images=${p.images} title=${p.title} />
    <div class="product-info">
      <p class="crumbs"><a href=${`/?categoryId=${p.category.id}`}>${p.category.name}</a></p>
      <h1>${p.title}</h1>
      <p class="price big">${money(p.price)}</p>
      ${typeof p.stock === "number" && html`<p class=${p.stock > 0 ? "stock" : "stock out"}>${p.stock > 0 ? `${p.stock} in stock` : "Out of stock"}</p>`}
      <${AddToCart} product=${p} />
      <p class="description">${p.description}</p>
    </div>
  </article>
  <section aria-labelledby="related-title" class="related">
    <h2 id="related-title">You may also like</h2>
    ${related.error ? html`<${Failed} error=${related.error} />`
      : !related.data ? html`<${Loading} what="Loading related products…" />`
      : related.data.length === 0 ? html`<${Empty}>Nothing else in this category yet.</${Empty}>`
      : html`<${ProductGrid} products=${related.data} label="Related products" />`}
  </section>`;
}

function Gallery({ images, title }) {
  const [shown, setShown] = useState(0);
  return html`<div class="gallery">
    <img class="main-image" src=${images[shown]} alt=${`${title}, picture ${shown + 1} of ${images.length}`} width="640" height="480" />
    ${images.length > 1 && html`<ul class="thumbs" aria-label="Pictures">
      ${images.map((src, i) => html`<li key=${src}>
        <button type="button" aria-pressed=${i === shown ? "true" : "false"} onClick=${() => setShown(i)}>
          <img src=${src} alt=${`Picture ${i + 1}`} width="96" height="72" />
        </button>
      </li>`)}
    </ul>`}
  </div>`;
}

function AddToCart({ product }) {
  const [quantity, setQuantity] = useState(1);
  const [state, setState] = useState({ busy: false, message: "", error: null });
  const soldOut = product.stock === 0;
  const add = async (event) => {
    event.preventDefault();
    setState({ busy: true, message: "", error: null });
    try {
      await addToCart(product, quantity);
      setState({ busy: false, message: `Added ${quantity} to your cart.`, error: null });
    } catch (error) {
      setState({ busy: false, message: "", error });
    }
  };
  return html`<form class="add-to-cart" onSubmit=${add}>
    <div class="field inline">
      <label for="quantity">Quantity</label>
      <input id="quantity" type="number" min="1" max=${Math.min(1000, product.stock ?? 1000)} value=${quantity}
        onInput=${(e) => setQuantity(Math.max(1, Number(e.currentTarget.value) || 1))} />
    </div>
    <button type="submit" class="primary" disabled=${state.busy || soldOut}>Add to cart</button>
    <p role="status" class="note">${state.message}${state.message && html` <a href="/cart">View cart</a>`}</p>
    ${state.error && html`<p class="field-error" role="alert">${state.error.fields?.quantity || state.error.message}</p>`}
  </form>`;
}
