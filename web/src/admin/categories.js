// Categories in the admin console: the list, a form to add one, and an editor per category. A
// category that still has products can't be deleted (409); the API's message says so.
import { useState } from "preact/hooks";
import * as api from "../api.js";
import { navigate } from "../router.js";
import { Empty, ErrorSummary, Field, formValues, html, Loading } from "../ui.js";
import { Conflict, DeleteButton, useVersioned } from "./versioned.js";

export function Categories({ categories }) {
  return html`<h1>Categories</h1>
    ${!categories ? html`<${Loading} what="Loading categories…" />`
      : !categories.length ? html`<${Empty}>No categories yet.</${Empty}>`
      : html`<ul class="category-list">${categories.map((c) => html`<li key=${c.id}>
          <img src=${c.image} alt="" width="48" height="36" /> <a href=${`/admin/categories/${c.id}`}>${c.name}</a>
        </li>`)}</ul>`}
    <h2>Add a category</h2>
    <${CategoryForm} />`;
}

export function CategoryEditor({ id, reloadCategories }) {
  const category = useVersioned(() => api.getCategory(id), [id]);
  const [formRound, setFormRound] = useState(0);
  if (category.gone) return html`<h1>Category gone</h1><p role="alert">This category was deleted by someone else.</p><a href="/admin/categories">Back to categories</a>`;
  if (!category.item) return category.error ? html`<div class="alert" role="alert">${category.error.message}</div>` : html`<${Loading} />`;
  const c = category.item;
  return html`<h1>Edit ${c.name}</h1>
    ${category.conflict && html`<${Conflict} what="category" onUseCurrent=${() => setFormRound((n) => n + 1)} fields=${[["Name", c.name], ["Image", c.image]]} />`}
    <${CategoryForm} key=${formRound} category=${c} reloadCategories=${reloadCategories}
      save=${(changes) => category.write((etag) => api.updateCategory(id, changes, etag))}
      remove=${() => category.write((etag) => api.deleteCategory(id, etag))} />`;
}

function CategoryForm({ category, save, remove, reloadCategories }) {
  // One key per submission: a double click adds one category. A new one after each success.
  const freshKeys = () => ({ upload: api.newKey(), create: api.newKey() });
  const [keys, setKeys] = useState(freshKeys);
  const [state, setState] = useState({ busy: false, error: null, saved: "" });
  const fail = (error) => setState({ busy: false, error: error.status === 412 ? null : error, saved: "" });
  const submit = async (event) => {
    event.preventDefault();
    if (state.busy) return;
    const form = event.currentTarget;
    const { name, image } = formValues(form);
    setState({ busy: true, error: null, saved: "" });
    try {
      const file = form.elements.file.files[0];
      const body = { name, image: file ? await api.uploadImage(file, keys.upload) : image };
      if (category) await save(body);
      else await api.createCategory(body, keys.create);
      await reloadCategories?.();
      if (!category) {
        form.reset();
        setKeys(freshKeys());
      }
      setState({ busy: false, error: null, saved: category ? "Saved." : `Added ${name}.` });
    } catch (error) {
      fail(error);
    }
  };
  const destroy = async () => {
    try {
      await remove();
      await reloadCategories?.();
      navigate("/admin/categories");
    } catch (error) {
      fail(error);
    }
  };
  const errors = state.error?.fields || {};
  return html`<form class="editor" onSubmit=${submit} novalidate>
    <${ErrorSummary} error=${state.error} shown=${["name", "image", "file"]} />
    <${Field} label="Name" name="name" required defaultValue=${category?.name} errors=${errors} />
    <${Field} label="Image URL" name="image" type="url" defaultValue=${category?.image} errors=${errors} hint="Or upload a picture below." />
    <${Field} label="Picture" name="file" type="file" accept="image/png,image/jpeg,image/gif,image/webp" errors=${errors} />
    <p class="actions">
      <button type="submit" class="primary" disabled=${state.busy}>${category ? "Save" : "Add category"}</button>
      ${category && html`<a href="/admin/categories">Back to categories</a>`}
      ${remove && html`<${DeleteButton} label="Delete category" onDelete=${destroy} />`}
    </p>
    <p role="status" class="note">${state.saved}</p>
  </form>`;
}
