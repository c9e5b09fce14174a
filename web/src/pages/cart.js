// The cart page: each line with its quantity, the total, and the way to checkout.
import { useState } from "preact/hooks";
import { cart, setQuantity } from "../cart.js";
import { cents, money, moneyFromCents } from "../money.js";
import { navigate } from "../router.js";
import { useStore } from "../store.js";
import { Empty, html, Loading } from "../ui.js";

export function Cart() {
  const { lines, total, ready } = useStore(cart);
  if (!ready) return html`<h1>Your cart</h1><${Loading} what="Loading your cart…" />`;
  if (!lines.length) {
    return html`<h1>Your cart</h1><${Empty}>Your cart is empty. <a href="/">Browse the store</a></${Empty}>`;
  }
  return html`<h1>Your cart</h1>
    <${CartLines} lines=${lines} editable />
    <p class="total">Total: <strong>${moneyFromCents(total)}</strong></p>
    <button type="button" class="primary" onClick=${() => navigate("/checkout")}>Checkout</button>`;
}

// The lines of a cart (or of an order being placed). `errors` maps a product id to a message.
export function CartLines({ lines, editable = false, errors = {} }) {
  return html`<ul class="lines">
    ${lines.map((line) => html`<${Line} key=${line.productId} line=${line} editable=${editable} error=${errors[line.productId]} />`)}
  </ul>`;
}

function Line({ line, editable, error }) {
  const [problem, setProblem] = useState(null);
  const { product, quantity } = line;
  const change = async (value) => {
    setProblem(null);
    try {
      await setQuantity(product, value);
    } catch (failure) {
      setProblem(failure.fields?.quantity || failure.message);
    }
  };
  const id = `quantity-${product.id}`;
  const message = problem || error;
  return html`<li class="line">
    <img src=${product.images?.[0]} alt="" width="96" height="72" />
    <div class="line-info">
      <a href=${`/products/${product.id}`}>${product.title}</a>
      <span class="muted">${money(product.price)} each</span>
      ${message && html`<span class="field-error" id=${`${id}-error`} role="alert">${message}</span>`}
    </div>
    ${editable
      ? html`<div class="line-actions">
          <label for=${id} class="visually-hidden">Quantity of ${product.title}</label>
          <input id=${id} type="number" min="1" max="1000" value=${quantity} class="qty"
            aria-describedby=${message ? `${id}-error` : undefined}
            onChange=${(e) => change(Math.max(1, Math.min(1000, Number(e.currentTarget.value) || 1)))} />
          <button type="button" class="link" onClick=${() => change(0)} aria-label=${`Remove ${product.title}`}>Remove</button>
        </div>`
      : html`<span class="qty">× ${quantity}</span>`}
    <span class="line-total">${moneyFromCents(cents(product.price) * quantity)}</span>
  </li>`;
}
