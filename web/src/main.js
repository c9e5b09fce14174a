// The client's entry: the page frame (header, navigation, main region) and which page a path
// shows. The storefront and the admin console are one app; /admin/... loads the console.
import { render } from "preact";
import { useEffect } from "preact/hooks";
import * as api from "./api.js";
import { Admin } from "./admin/admin.js";
import { cart, forgetCart, loadCart } from "./cart.js";
import { SignIn, SignUp } from "./pages/account.js";
import { Cart } from "./pages/cart.js";
import { Checkout } from "./pages/checkout.js";
import { Orders } from "./pages/orders.js";
import { Product } from "./pages/product.js";
import { Shop } from "./pages/shop.js";
import { navigate, route } from "./router.js";
import { isAdmin, loadProfile, session, signOut } from "./session.js";
import { createStore, useStore } from "./store.js";
import { html, Empty } from "./ui.js";

// Categories are wanted by the shop's filters and the admin's forms: loaded once.
const categories = createStore(null);
export const reloadCategories = () => api.listCategories().then(categories.set, () => categories.set([]));

function Header() {
  const { user } = useStore(session);
  const { count } = useStore(cart);
  const { path } = useStore(route);
  const current = (href) => (path === href ? "page" : undefined);
  const leave = () => {
    signOut();
    forgetCart();
    navigate("/");
  };
  return html`<header class="top">
    <a class="skip" href="#main">Skip to content</a>
    <a class="brand" href="/">Mercado</a>
    <nav aria-label="Account" class="account">
      ${isAdmin(user) && html`<a href="/admin" aria-current=${current("/admin")}>Admin</a>`}
      ${user && html`<a href="/orders" aria-current=${current("/orders")}>My orders</a>`}
      <a href="/cart" aria-current=${current("/cart")}>Cart <span class="count">${count}</span></a>
      ${user
        ? html`<span class="who">${user.name}</span><button type="button" class="link" onClick=${leave}>Sign out</button>`
        : html`<a href="/signin" aria-current=${current("/signin")}>Sign in</a><a href="/signup" aria-current=${current("/signup")}>Sign up</a>`}
    </nav>
  </header>`;
}

function Page() {
  const { path } = useStore(route);
  const all = useStore(categories);
  const parts = path.split("/").filter(Boolean);
  useEffect(() => {
    document.title = parts.length ? `${parts[0][0].toUpperCase()}${parts[0].slice(1)} · Mercado` : "Mercado";
  }, [path]);
  if (path === "/") return html`<${Shop} categories=${all} />`;
  if (parts[0] === "products" && parts.length === 2) return html`<${Product} id=${parts[1]} />`;
  if (path === "/cart") return html`<${Cart} />`;
  if (path === "/checkout") return html`<${Checkout} />`;
  if (path === "/orders") return html`<${Orders} />`;
  if (path === "/signin") return html`<${SignIn} />`;
  if (path === "/signup") return html`<${SignUp} />`;
  if (parts[0] === "admin") return html`<${Admin} section=${parts[1] || "products"} id=${parts[2]} categories=${all} reloadCategories=${reloadCategories} />`;
  return html`<h1>Not found</h1><${Empty}>There is no such page. <a href="/">Back to the store</a></${Empty}>`;
}

function App() {
  return html`<${Header} />
    <main id="main" tabindex="-1"><${Page} /></main>
    <footer class="bottom"><p>Mercado · <a href="/docs">API documentation</a></p></footer>`;
}

// Cart and profile load beside the first page; neither holds it up.
loadProfile().then(() => loadCart().catch(() => cart.set((c) => ({ ...c, ready: true }))));
reloadCategories();
const root = document.getElementById("app");
root.textContent = ""; // the "Loading" line the HTML shows until this script runs
render(html`<${App} />`, root);
