// "My orders": the signed-in shopper's orders (GET /orders) with their status.
import * as api from "../api.js";
import { money } from "../money.js";
import { route, setQuery } from "../router.js";
import { session } from "../session.js";
import { useStore } from "../store.js";
import { Empty, Failed, html, Loading, Pager, useLoad } from "../ui.js";

const PAGE_SIZE = 10;

export function Orders() {
  const { user, ready } = useStore(session);
  if (!ready) return html`<${Loading} />`;
  if (!user) return html`<h1>My orders</h1><p><a href="/signin?next=/orders">Sign in</a> to see your orders.</p>`;
  return html`<h1>My orders</h1><${OrderList} />`;
}

function OrderList() {
  const { query } = useStore(route);
  const page = Math.max(1, Number(query.get("page")) || 1);
  const offset = (page - 1) * PAGE_SIZE;
  const list = useLoad(() => api.listOrders({ offset, limit: PAGE_SIZE }), [offset]);
  if (list.error) return html`<${Failed} error=${list.error} retry=${list.reload} />`;
  if (!list.data) return html`<${Loading} what="Loading your orders…" />`;
  if (!list.data.items.length) return html`<${Empty}>No orders yet. <a href="/">Browse the store</a></${Empty}>`;
  return html`<ul class="orders">
      ${list.data.items.map((order) => html`<li key=${order.id} class="order">
        <h2>Order #${order.id} <span class=${`status status-${order.status}`}>${order.status}</span></h2>
        <p class="muted">${new Date(order.creationAt).toLocaleString()} · ${money(order.total)}</p>
        <ul>${order.items.map((item) => html`<li key=${item.productId}>${item.quantity} × ${item.title}</li>`)}</ul>
      </li>`)}
    </ul>
    <${Pager} total=${list.data.total} offset=${offset} limit=${PAGE_SIZE} links=${list.data.links} onPage=${(n) => setQuery({ page: n })} />`;
}
