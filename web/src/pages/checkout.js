// Checkout: a signed-in shopper orders what is in the server cart (POST /orders). The
// Idempotency-Key is made once per visit to this page, so pressing "Place order" again after
// a lost answer cannot order twice.
import { useMemo, useState } from "preact/hooks";
import * as api from "../api.js";
import { cart, loadCart } from "../cart.js";
import { money, moneyFromCents } from "../money.js";
import { session } from "../session.js";
import { useStore } from "../store.js";
import { Empty, ErrorSummary, html, Loading } from "../ui.js";
import { CartLines } from "./cart.js";

export function Checkout() {
  const { user, ready } = useStore(session);
  const basket = useStore(cart);
  const key = useMemo(() => api.newKey(), []);
  const [state, setState] = useState({ busy: false, error: null, order: null });

  if (!ready) return html`<${Loading} />`;
  if (state.order) return html`<${Placed} order=${state.order} />`;
  if (!user) {
    return html`<h1>Checkout</h1>
      <p>Sign in, or create an account, to place your order. Your cart comes with you.</p>
      <p class="actions"><a class="button primary" href="/signin?next=/checkout">Sign in</a>
      <a class="button" href="/signup?next=/checkout">Sign up</a></p>`;
  }
  if (!basket.ready) return html`<h1>Checkout</h1><${Loading} what="Loading your cart…" />`;
  if (!basket.lines.length) return html`<h1>Checkout</h1><${Empty}>Your cart is empty. <a href="/">Browse the store</a></${Empty}>`;

  const place = async () => {
    setState({ busy: true, error: null, order: null });
    try {
      const order = await api.placeOrder(key);
      setState({ busy: false, error: null, order });
      loadCart().catch(() => {}); // the server emptied it
    } catch (error) {
      setState({ busy: false, error, order: null });
      loadCart().catch(() => {}); // prices or stock may have moved
    }
  };
  // A 409 names lines as items[0].quantity, in the cart's order.
  const lineErrors = {};
  for (const [field, message] of Object.entries(state.error?.fields || {})) {
    const match = field.match(/^items\[(\d+)\]/);
    const line = match && basket.lines[Number(match[1])];
    if (line) lineErrors[line.productId] = message;
  }
  return html`<h1>Checkout</h1>
    <p>Ordering as <strong>${user.name}</strong> (${user.email}).</p>
    <${CartLines} lines=${basket.lines} errors=${lineErrors} />
    <p class="total">Total: <strong>${moneyFromCents(basket.total)}</strong></p>
    <${ErrorSummary} error=${state.error} shown=${Object.keys(state.error?.fields || {}).filter((f) => f.startsWith("items["))} />
    <p class="actions">
      <button type="button" class="primary" onClick=${place} disabled=${state.busy} aria-busy=${state.busy ? "true" : "false"}>Place order</button>
      <a href="/cart">Back to the cart</a>
    </p>`;
}

function Placed({ order }) {
  return html`<h1>Thank you!</h1>
    <p role="status">Order #${order.id} is placed: ${order.items.length} ${order.items.length === 1 ? "item" : "items"}, ${money(order.total)}. Its status is <strong>${order.status}</strong>.</p>
    <p class="actions"><a class="button primary" href="/orders">My orders</a> <a href="/">Keep shopping</a></p>`;
}
