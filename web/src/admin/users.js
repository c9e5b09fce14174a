// Users in the admin console: the directory (GET /users) and an editor for name, e-mail and
// role. The sandbox's demo accounts are read-only: the API answers 403 and says so.
import { useState } from "preact/hooks";
import * as api from "../api.js";
import { navigate, route, setQuery } from "../router.js";
import { useStore } from "../store.js";
import { Empty, ErrorSummary, Failed, Field, formValues, html, Loading, Pager, useLoad } from "../ui.js";
import { Conflict, DeleteButton, useVersioned } from "./versioned.js";

const PAGE_SIZE = 20;

export function Users() {
  const { query } = useStore(route);
  const page = Math.max(1, Number(query.get("page")) || 1);
  const offset = (page - 1) * PAGE_SIZE;
  const list = useLoad(() => api.listUsers({ offset, limit: PAGE_SIZE }), [offset]);
  return html`<h1>Users</h1>
    ${list.error ? html`<${Failed} error=${list.error} retry=${list.reload} />`
      : !list.data ? html`<${Loading} what="Loading users…" />`
      : !list.data.items.length ? html`<${Empty}>No users.</${Empty}>`
      : html`<div class="table-wrap"><table>
          <caption class="visually-hidden">Users</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">E-mail</th><th scope="col">Role</th></tr></thead>
          <tbody>${list.data.items.map((u) => html`<tr key=${u.id}>
            <td><a href=${`/admin/users/${u.id}`}>${u.name}</a></td><td>${u.email}</td><td>${u.role}</td>
          </tr>`)}</tbody>
        </table></div>
        <${Pager} total=${list.data.total} offset=${offset} limit=${PAGE_SIZE} links=${list.data.links} onPage=${(n) => setQuery({ page: n })} />`}`;
}

export function UserEditor({ id }) {
  const user = useVersioned(() => api.getUser(id), [id]);
  const [formRound, setFormRound] = useState(0);
  const [state, setState] = useState({ busy: false, error: null, saved: "" });
  if (user.gone) return html`<h1>User gone</h1><p role="alert">This account was deleted by someone else.</p><a href="/admin/users">Back to users</a>`;
  if (!user.item) return user.error ? html`<${Failed} error=${user.error} retry=${user.reload} />` : html`<${Loading} />`;
  const u = user.item;
  const fail = (error) => setState({ busy: false, error: error.status === 412 ? null : error, saved: "" });
  const submit = async (event) => {
    event.preventDefault();
    const { name, email, role } = formValues(event.currentTarget);
    setState({ busy: true, error: null, saved: "" });
    try {
      await user.write((etag) => api.updateUser(id, { name, email, role }, etag));
      setState({ busy: false, error: null, saved: "Saved." });
    } catch (error) {
      fail(error);
    }
  };
  const remove = () => user.write((etag) => api.deleteUser(id, etag)).then(() => navigate("/admin/users"), fail);
  const errors = state.error?.fields || {};
  return html`<h1>Edit ${u.name}</h1>
    ${user.conflict && html`<${Conflict} what="account" onUseCurrent=${() => setFormRound((n) => n + 1)} fields=${[["Name", u.name], ["E-mail", u.email], ["Role", u.role]]} />`}
    <form class="editor" onSubmit=${submit} key=${formRound} novalidate>
      <${ErrorSummary} error=${state.error} shown=${["name", "email", "role"]} />
      <${Field} label="Name" name="name" defaultValue=${u.name} errors=${errors} />
      <${Field} label="Email" name="email" type="email" defaultValue=${u.email} errors=${errors} />
      <${Field} as="select" label="Role" name="role" errors=${errors}>
        <option value="customer" selected=${u.role === "customer"}>Customer</option>
        <option value="admin" selected=${u.role === "admin"}>Administrator</option>
      </${Field}>
      <p class="actions">
        <button type="submit" class="primary" disabled=${state.busy}>Save</button>
        <a href="/admin/users">Back to users</a>
        <${DeleteButton} label="Delete account" onDelete=${remove} />
      </p>
      <p role="status" class="note">${state.saved}</p>
    </form>`;
}
