// The admin console at /admin: products, categories, users and orders, for the admin role.
import { SignIn } from "../pages/account.js";
import { isAdmin, session } from "../session.js";
import { useStore } from "../store.js";
import { html, Loading } from "../ui.js";
import { Categories, CategoryEditor } from "./categories.js";
import { OrderEditor, Orders } from "./orders.js";
import { ProductEditor, Products } from "./products.js";
import { UserEditor, Users } from "./users.js";

const SECTIONS = [
  ["products", "Products", Products, ProductEditor],
  ["categories", "Categories", Categories, CategoryEditor],
  ["users", "Users", Users, UserEditor],
  ["orders", "Orders", Orders, OrderEditor],
];

export function Admin({ section, id, categories, reloadCategories }) {
  const { user, ready } = useStore(session);
  if (!ready) return html`<${Loading} />`;
  if (!user) return html`<${SignIn} heading="Sign in to the admin console" next="stay" />`;
  if (!isAdmin(user)) return html`<h1>Admin console</h1><p>This needs an administrator's account. <a href="/">Back to the store</a></p>`;
  const found = SECTIONS.find(([name]) => name === section);
  if (!found) return html`<h1>Admin console</h1><p>There is no such section.</p>`;
  const [, , List, Editor] = found;
  return html`<div class="admin">
    <nav aria-label="Admin sections" class="tabs">
      ${SECTIONS.map(([name, label]) => html`<a key=${name} href=${`/admin/${name}`} aria-current=${name === section ? "page" : undefined}>${label}</a>`)}
    </nav>
    ${id ? html`<${Editor} key=${`${section}/${id}`} id=${id} categories=${categories} reloadCategories=${reloadCategories} />`
      : html`<${List} categories=${categories} />`}
  </div>`;
}
