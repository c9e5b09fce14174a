// The cart. A guest's is kept in this browser (localStorage); a signed-in shopper's is on the
// server (/api/v1/cart). Signing in merges the first into the second, one PUT per line.
import * as api from "./api.js";
import { cents } from "./money.js";
import { createStore } from "./store.js";

const GUEST = "mercado.cart";

// { lines: [{ productId, quantity, product }], count, total (in cents), ready }
export const cart = createStore({ lines: [], count: 0, total: 0, ready: false });

function show(lines) {
  const count = lines.reduce((sum, line) => sum + line.quantity, 0);
  const total = lines.reduce((sum, line) => sum + cents(line.product.price) * line.quantity, 0);
  cart.set({ lines, count, total, ready: true });
}

function showServerCart(data) {
  const lines = data.items.map((item) => ({ productId: item.productId, quantity: item.quantity, product: item.product }));
  cart.set({ lines, count: data.count, total: cents(data.total), ready: true });
}

function guestLines() {
  try {
    return JSON.parse(localStorage.getItem(GUEST)) || [];
  } catch {
    return [];
  }
}

function keepGuestLines(lines) {
  if (lines.length) localStorage.setItem(GUEST, JSON.stringify(lines));
  else localStorage.removeItem(GUEST);
  show(lines);
}

export async function loadCart() {
  if (api.signedIn()) showServerCart(await api.getCart());
  else show(guestLines());
}

// Sets a line's quantity (0 removes it). Throws the API's error (say, a 409: not enough stock).
export async function setQuantity(product, quantity) {
  if (api.signedIn()) {
    showServerCart(await api.setCartItem(product.id, quantity));
    return;
  }
  const lines = guestLines();
  const at = lines.findIndex((line) => line.productId === product.id);
  if (quantity <= 0) {
    if (at >= 0) lines.splice(at, 1);
  } else if (at >= 0) {
    lines[at] = { productId: product.id, quantity, product };
  } else {
    lines.push({ productId: product.id, quantity, product });
  }
  keepGuestLines(lines);
}

export async function addToCart(product, quantity = 1) {
  const line = cart.get().lines.find((l) => l.productId === product.id);
  await setQuantity(product, Math.min(1000, (line?.quantity || 0) + quantity));
}

// After signing in: each guest line is added to what the account's cart already holds. Lines
// the server refuses (gone, out of stock) stay in the guest cart and are reported.
export async function mergeGuestCart() {
  const guest = guestLines();
  let server = await api.getCart();
  const refused = [];
  for (const line of guest) {
    const held = server.items.find((item) => item.productId === line.productId);
    try {
      server = await api.setCartItem(line.productId, Math.min(1000, (held?.quantity || 0) + line.quantity));
    } catch (error) {
      refused.push({ line, error });
    }
  }
  localStorage.setItem(GUEST, JSON.stringify(refused.map((r) => r.line)));
  if (!refused.length) localStorage.removeItem(GUEST);
  showServerCart(server);
  return refused;
}

// After signing out the browser shows the (empty) guest cart again.
export const forgetCart = () => show(guestLines());
