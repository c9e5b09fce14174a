// Orders in the admin console: every shopper's orders, filtered by status, and an order's page
// with the transitions its status allows: pending → paid → shipped → delivered, and pending or
// paid → cancelled. Each is a PATCH with If-Match, so two admins can't both move one order.
import { useState } from "preact/hooks";
import * as api from "../api.js";
import { money } from "../money.js";
import { route, setQuery } from "../router.js";
import { useStore } from "../store.js";
import { Empty, ErrorSummary, Failed, html, Loading, Pager, useLoad } from "../ui.js";
import { Conflict, useVersioned } from "./versioned.js";

const PAGE_SIZE = 20;
const STATUSES = ["pending", "paid", "shipped", "delivered", "cancelled"];
const NEXT = {
  pending: [["paid", "Mark as paid"], ["cancelled", "Cancel order"]],
  paid: [["shipped", "Mark as shipped"], ["cancelled", "Cancel order"]],
  shipped: [["delivered", "Mark as delivered"]],
};

export function Orders() {
  const { query } = useStore(route);
  const status = query.get("status") || "";
  const page = Math.max(1, Number(query.get("page")) || 1);
  const offset = (page - 1) * PAGE_SIZE;
  const list = useLoad(() => api.listOrders({ status, offset, limit: PAGE_SIZE }), [status, offset]);
  return html`<h1>Orders</h1>
    <div class="toolbar">
      <div class="field inline">
        <label for="status-filter">Status</label>
        <select id="status-filter" value=${status} onChange=${(e) => setQuery({ status: e.currentTarget.value, page: null })}>
          <option value="">All</option>
          ${STATUSES.map((s) => html`<option key=${s} value=${s}>${s}</option>`)}
        </select>
      </div>
    </div>
    ${list.error ? html`<${Failed} error=${list.error} retry=${list.reload} />`
      : !list.data ? html`<${Loading} what="Loading orders…" />`
      : !list.data.items.length ? html`<${Empty}>No orders${status ? ` ${status}` : ""}.</${Empty}>`
      : html`<div class="table-wrap"><table>
          <caption class="visually-hidden">Orders</caption>
          <thead><tr><th scope="col">Order</th><th scope="col">Customer</th><th scope="col">Placed</th><th scope="col">Total</th><th scope="col">Status</th></tr></thead>
          <tbody>${list.data.items.map((o) => html`<tr key=${o.id}>
            <td><a href=${`/admin/orders/${o.id}`}>Order #${o.id}</a></td><td>User ${o.userId}</td>
            <td>${new Date(o.creationAt).toLocaleString()}</td><td>${money(o.total)}</td>
            <td><span class=${`status status-${o.status}`}>${o.status}</span></td>
          </tr>`)}</tbody>
        </table></div>
        <${Pager} total=${list.data.total} offset=${offset} limit=${PAGE_SIZE} links=${list.data.links} onPage=${(n) => setQuery({ page: n })} />`}`;
}

export function OrderEditor({ id }) {
  const order = useVersioned(() => api.getOrder(id), [id]);
  const [state, setState] = useState({ busy: false, error: null });
  if (!order.item) return order.error ? html`<${Failed} error=${order.error} retry=${order.reload} />` : html`<${Loading} />`;
  const o = order.item;
  const move = async (status) => {
    setState({ busy: true, error: null });
    try {
      await order.write((etag) => api.setOrderStatus(id, status, etag));
      setState({ busy: false, error: null });
    } catch (error) {
      setState({ busy: false, error: error.status === 412 ? null : error });
    }
  };
  return html`<h1>Order #${o.id}</h1>
    ${order.conflict && html`<${Conflict} what="order" onUseCurrent=${order.reload} fields=${[["Status", o.status], ["Updated", o.updatedAt]]} />`}
    <p>Customer: user ${o.userId} · placed ${new Date(o.creationAt).toLocaleString()} · status <strong class=${`status status-${o.status}`}>${o.status}</strong></p>
    <div class="table-wrap"><table>
      <caption class="visually-hidden">Items of order ${o.id}</caption>
      <thead><tr><th scope="col">Product</th><th scope="col">Unit price</th><th scope="col">Quantity</th><th scope="col">Line total</th></tr></thead>
      <tbody>${o.items.map((item) => html`<tr key=${item.productId}>
        <td>${item.title}</td><td>${money(item.unitPrice)}</td><td>${item.quantity}</td><td>${money(item.lineTotal)}</td>
      </tr>`)}</tbody>
      <tfoot><tr><th scope="row" colspan="3">Total</th><td>${money(o.total)}</td></tr></tfoot>
    </table></div>
    <${ErrorSummary} error=${state.error} />
    <p class="actions">
      ${(NEXT[o.status] || []).map(([status, label]) => html`<button key=${status} type="button" class=${status === "cancelled" ? "danger" : "primary"} disabled=${state.busy} onClick=${() => move(status)}>${label}</button>`)}
      <a href="/admin/orders">Back to orders</a>
    </p>`;
}
