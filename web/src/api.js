// Every call the client makes to Mercado's API (docs/API.md), in one module: read this file to see
// how a front end uses it. Conventions used throughout:
// - Errors are RFC 9457 problem details; `ApiError.fields` maps each field named in the
//   problem's `errors` to its message, so forms can show it next to that field.
// - Lists are plain arrays; the whole list's size is in `X-Total-Count` and the neighbouring
//   pages in the `Link` header (rel="next", rel="prev").
// - Edits send `If-Match` with the ETag of the version the user saw: a 412 means someone else
//   changed it meanwhile, and nothing was written.
// - Creates send an `Idempotency-Key`, one per form submission: a retry or a double click
//   creates one thing.
// - Signed-in calls send `Authorization: Bearer <access_token>`; an expired access token is
//   renewed once with the refresh token.

const BASE = "/api/v1";
const TOKENS = "mercado.tokens";

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.message || `The server answered ${status}.`);
    this.status = status;
    this.problem = problem || {};
    this.fields = {};
    for (const { field, message } of this.problem.errors || []) this.fields[field] = message;
  }
}

// A random key for Idempotency-Key. getRandomValues works on plain http too, unlike randomUUID.
export function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// --- tokens ----------------------------------------------------------------------------------

let tokens = readTokens();

function readTokens() {
  try {
    return JSON.parse(localStorage.getItem(TOKENS)) || null;
  } catch {
    return null;
  }
}

function keepTokens(pair) {
  tokens = pair;
  if (pair) localStorage.setItem(TOKENS, JSON.stringify(pair));
  else localStorage.removeItem(TOKENS);
}

export const signedIn = () => Boolean(tokens?.access_token);

// --- the one place requests are made -----------------------------------------------------------

// Sends one request; answers { data, etag, total, links, status, headers }.
// options: body (sent as JSON), form (FormData, sent as multipart), etag (→ If-Match),
// key (→ Idempotency-Key), auth (send the access token).
async function request(method, path, options = {}, retried = false) {
  const headers = { Accept: "application/json" };
  let body;
  if (options.form) body = options.form;
  else if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  if (options.etag) headers["If-Match"] = options.etag;
  if (options.key) headers["Idempotency-Key"] = options.key;
  if (options.auth && tokens) headers.Authorization = `Bearer ${tokens.access_token}`;

  // "no-cache": the browser may keep a copy but asks the server each time (an ETag makes that a
  // cheap 304), so an editor never starts from a stale version.
  const response = await fetch(BASE + path, { method, headers, body, cache: "no-cache" });

  if (response.status === 401 && options.auth && tokens?.refresh_token && !retried) {
    if (await refresh()) return request(method, path, options, true);
  }
  const type = response.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, data);
  const total = response.headers.get("X-Total-Count");
  return {
    data,
    status: response.status,
    etag: response.headers.get("ETag"),
    total: total === null ? null : Number(total),
    links: parseLinks(response.headers.get("Link")),
    headers: response.headers,
  };
}

// RFC 8288: `</api/v1/products?offset=12&limit=12>; rel="next", …` → { next: "/api/v1/…", … }
export function parseLinks(header) {
  const links = {};
  for (const part of (header || "").split(",")) {
    const match = part.match(/<([^>]*)>\s*;\s*rel="?([a-z]+)"?/);
    if (match) links[match[2]] = match[1];
  }
  return links;
}

// A query string of the parameters that have a value: the API treats `x=` as absent anyway.
function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

const id = (value) => encodeURIComponent(value);

// --- accounts ----------------------------------------------------------------------------------

export async function signIn(email, password) {
  const { data } = await request("POST", "/auth/login", { body: { email, password } });
  keepTokens(data);
  return profile();
}

export function signOut() {
  keepTokens(null);
}

async function refresh() {
  try {
    const { data } = await request("POST", "/auth/refresh-token", {
      body: { refreshToken: tokens.refresh_token },
    });
    keepTokens(data);
    return true;
  } catch {
    keepTokens(null);
    return false;
  }
}

export async function profile() {
  return (await request("GET", "/auth/profile", { auth: true })).data;
}

// POST /users: a customer account. The API wants an avatar URL; a drawn placeholder will do.
export async function signUp({ name, email, password }, key) {
  const avatar = new URL("/placeholders/avatar.svg", location.origin).href;
  return (await request("POST", "/users", { body: { name, email, password, avatar }, key })).data;
}

// --- catalog -----------------------------------------------------------------------------------

// filters: q, categoryId, price_min, price_max, sortBy, order, offset, limit
export async function listProducts(filters = {}) {
  const { data, total, links } = await request("GET", `/products${query(filters)}`);
  return { items: data, total, links };
}

export const getProduct = (productId) => request("GET", `/products/${id(productId)}`);

export async function relatedProducts(productId) {
  return (await request("GET", `/products/${id(productId)}/related?limit=4`)).data;
}

export const createProduct = (product, key) =>
  request("POST", "/products", { body: product, key, auth: true });
export const updateProduct = (productId, changes, etag) =>
  request("PATCH", `/products/${id(productId)}`, { body: changes, etag, auth: true });
export const deleteProduct = (productId, etag) =>
  request("DELETE", `/products/${id(productId)}`, { etag, auth: true });

export async function listCategories() {
  return (await request("GET", "/categories")).data;
}

export const getCategory = (categoryId) => request("GET", `/categories/${id(categoryId)}`);
export const createCategory = (category, key) =>
  request("POST", "/categories", { body: category, key, auth: true });
export const updateCategory = (categoryId, changes, etag) =>
  request("PATCH", `/categories/${id(categoryId)}`, { body: changes, etag, auth: true });
export const deleteCategory = (categoryId, etag) =>
  request("DELETE", `/categories/${id(categoryId)}`, { etag, auth: true });

// POST /files/upload (multipart, field `file`): answers the image's URL.
export async function uploadImage(file, key) {
  const form = new FormData();
  form.append("file", file);
  return (await request("POST", "/files/upload", { form, key, auth: true })).data.location;
}

// --- users (admin) -----------------------------------------------------------------------------

export async function listUsers(filters = {}) {
  const { data, total, links } = await request("GET", `/users${query(filters)}`, { auth: true });
  return { items: data, total, links };
}

export const getUser = (userId) => request("GET", `/users/${id(userId)}`, { auth: true });
export const updateUser = (userId, changes, etag) =>
  request("PATCH", `/users/${id(userId)}`, { body: changes, etag, auth: true });
export const deleteUser = (userId, etag) =>
  request("DELETE", `/users/${id(userId)}`, { etag, auth: true });

// --- the signed-in shopper's cart --------------------------------------------------------------

export async function getCart() {
  return (await request("GET", "/cart", { auth: true })).data;
}

// Sets a line's quantity (0 removes it); answers the whole cart.
export async function setCartItem(productId, quantity) {
  return (await request("PUT", `/cart/items/${id(productId)}`, { body: { quantity }, auth: true }))
    .data;
}

export async function removeCartItem(productId) {
  return (await request("DELETE", `/cart/items/${id(productId)}`, { auth: true })).data;
}

// --- orders ------------------------------------------------------------------------------------

// Orders what is in the cart (which the server then empties).
export async function placeOrder(key) {
  return (await request("POST", "/orders", { body: {}, key, auth: true })).data;
}

// The caller's own orders; an admin's are everyone's. filters: status, userId, offset, limit
export async function listOrders(filters = {}) {
  const { data, total, links } = await request("GET", `/orders${query(filters)}`, { auth: true });
  return { items: data, total, links };
}

export const getOrder = (orderId) => request("GET", `/orders/${id(orderId)}`, { auth: true });
export const setOrderStatus = (orderId, status, etag) =>
  request("PATCH", `/orders/${id(orderId)}`, { body: { status }, etag, auth: true });
