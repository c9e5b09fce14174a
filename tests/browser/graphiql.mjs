// GraphiQL, the page a browser gets at GET /graphql: it loads under its strict policy with
// nothing from another host, passes axe-core, and runs a query typed into its editor, first as
// anyone, then with a bearer token written in its headers editor. The first load is measured.
//
//   node tests/browser/graphiql.mjs http://127.0.0.1:3000
//   GRAPHIQL_PATH=/elsewhere node tests/browser/graphiql.mjs ...   (the page at another path)
import { baseUrl, checkAccessibility, finish, launch, problems, step, watch } from "./lib.mjs";

const base = baseUrl();
const path = process.env.GRAPHIQL_PATH || "/graphql";
const QUERY = "{ products(limit: 2) { id title } }";
// GraphiQL is a developer's tool, not the store: more than the storefront, but bounded.
const LIMIT_BYTES = 500 * 1024;
const LIMIT_REQUESTS = 4;
// What axe-core finds in GraphiQL's editors that is not so: CodeMirror 5 scrolls each editor in
// an element that holds nothing focusable, since its keys go to a textarea beside it; that
// textarea takes focus with Tab, and moving the caret scrolls the editor.
const IGNORED = { "scrollable-region-focusable": ".CodeMirror-scroll" };

// The text of a CodeMirror editor: its lines on screen are only part of it.
const editorText = (page, selector) =>
  page.evaluate((s) => document.querySelector(`${s} .CodeMirror`).CodeMirror.getValue(), selector);

// The result pane once it holds a response to the query; the response parsed.
async function result(page) {
  const pane = page.locator(".result-window");
  await pane.getByText('"products"').first().waitFor();
  return JSON.parse(await editorText(page, ".result-window"));
}

// Replaces what an editor holds by typing, as a person would.
async function type(page, selector, text) {
  await page.locator(`${selector} .CodeMirror`).click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type(text);
  // Closing brackets are inserted as an opening one is typed, then typed over: the text must
  // come out as written, not doubled.
  const written = await editorText(page, selector);
  if (written !== text) throw new Error(`the editor holds ${JSON.stringify(written)}, not ${JSON.stringify(text)}`);
}

function checkProducts(answer, what) {
  const products = answer?.data?.products;
  if (answer?.errors) problems.push(`${what}: errors ${JSON.stringify(answer.errors)}`);
  if (!Array.isArray(products) || products.length < 1 || products.length > 2 ||
      !products.every((p) => p.id !== undefined && typeof p.title === "string" && Object.keys(p).length === 2)) {
    problems.push(`${what}: the result pane shows ${JSON.stringify(answer)}`);
  }
}

const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await watch(await context.newPage(), "graphiql");
  const local = new URL(base).host;
  const loaded = [];
  const queries = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol === "data:") return;
    if (url.host !== local) problems.push(`graphiql: a request left ${local}: ${request.method()} ${request.url()}`);
    if (request.method() === "POST" && url.pathname === "/graphql") queries.push(request);
  });
  page.on("requestfinished", async (request) => {
    const sizes = await request.sizes().catch(() => null);
    if (sizes) loaded.push({ url: request.url(), type: request.resourceType(), bytes: sizes.responseHeadersSize + sizes.responseBodySize });
  });

  const response = await step(`open ${path}`, () => page.goto(`${base}${path}`));
  if (response.status() !== 200) throw new Error(`GET ${path} answered ${response.status()}`);
  const policy = Object.fromEntries(
    ((await response.headerValue("content-security-policy")) ?? "").split(";").map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v.join(" ")]),
  );
  if (policy["script-src"] !== "'self'") problems.push(`script-src is ${policy["script-src"]}, not 'self'`);
  if (policy["default-src"] !== "'none'") problems.push(`default-src is ${policy["default-src"]}, not 'none'`);
  if (policy["connect-src"] !== "'self'") problems.push(`connect-src is ${policy["connect-src"]}, not 'self'`);
  // Styles too: anything inline that GraphiQL needed would show as a violation below.
  if (policy["style-src"] !== "'self'") problems.push(`style-src is ${policy["style-src"]}, not 'self'`);
  for (const [directive, sources] of Object.entries(policy)) {
    if (/unsafe|\*|https?:|blob:/.test(sources)) problems.push(`the policy's ${directive} allows ${sources}`);
  }

  await step("wait for the query editor", () => page.locator(".graphiql-query-editor .CodeMirror").waitFor());
  // The schema is fetched by introspection as the page starts; the docs explorer needs it.
  await step("wait for the schema", () => page.waitForLoadState("networkidle"));
  const bytes = loaded.reduce((sum, r) => sum + r.bytes, 0);
  console.log(`first load: ${loaded.length} requests, ${(bytes / 1024).toFixed(1)} KiB transferred`);
  for (const r of loaded) console.log(`  ${r.type.padEnd(10)} ${String(r.bytes).padStart(7)} B  ${r.url.replace(base, "")}`);
  if (bytes > LIMIT_BYTES) problems.push(`first load transferred ${bytes} bytes, over ${LIMIT_BYTES}`);
  if (loaded.filter((r) => r.type !== "fetch").length > LIMIT_REQUESTS) problems.push(`first load made ${loaded.length} requests`);
  await checkAccessibility(page, "graphiql", IGNORED);

  // --- a query, as anyone -------------------------------------------------------------------
  await step("type the query", () => type(page, ".graphiql-query-editor", QUERY));
  const sent = queries.length;
  await step("run it", () => page.getByRole("button", { name: /^Execute query/ }).click());
  checkProducts(await step("read the result", () => result(page)), "the query");
  const query = queries[sent];
  if (!query) {
    problems.push("running the query sent no POST /graphql");
  } else {
    const headers = await query.allHeaders();
    if (headers.accept !== "application/graphql-response+json, application/json") problems.push(`the query was sent with Accept: ${headers.accept}`);
    if (!headers["content-type"]?.startsWith("application/json")) problems.push(`the query was sent as ${headers["content-type"]}`);
    if (headers.authorization) problems.push(`the query was sent with Authorization: ${headers.authorization}, though no header was written`);
    if (JSON.parse(query.postData()).query !== QUERY) problems.push(`the query was sent as ${query.postData()}`);
  }

  // A dialog stops the page scrolling behind it with a style sheet of its own, which must come
  // through the policy (web/graphiql/stylesheet-singleton.js).
  await step("open and close the settings", async () => {
    await page.getByRole("button", { name: "Open settings dialog" }).click();
    await page.getByRole("dialog", { name: "Settings" }).waitFor();
    await checkAccessibility(page, "graphiql's settings", IGNORED);
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached" });
  });

  // The editor's search, replace and jump-to-line dialogs, whose style attributes the build takes
  // out (web/build.mjs).
  for (const keys of ["Control+F", "Control+H", "Alt+G"]) {
    await step(`open and close the editor's dialog for ${keys}`, async () => {
      await page.locator(".graphiql-query-editor .CodeMirror").click();
      await page.keyboard.press(keys);
      await page.locator(".CodeMirror-dialog").waitFor();
      await page.keyboard.press("Escape");
      await page.locator(".CodeMirror-dialog").waitFor({ state: "detached" });
    });
  }

  // --- the same query, with a token in the headers editor -----------------------------------
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: "admin@mail.com", password: "admin123" }),
  });
  const { access_token: token } = await login.json();
  await step("open the headers editor", () => page.getByRole("button", { name: "Headers", exact: true }).click());
  await step("write the token", () => type(page, ".graphiql-editor-tool .graphiql-editor:not(.hidden)", `{"Authorization": "Bearer ${token}"}`));
  await checkAccessibility(page, "graphiql with its headers editor", IGNORED);
  const before = queries.length;
  await page.locator(".result-window .CodeMirror").evaluate((e) => e.CodeMirror.setValue(""));
  await step("run it with the token", () => page.getByRole("button", { name: /^Execute query/ }).click());
  checkProducts(await step("read the result", () => result(page)), "the query with a token");
  const authorized = queries[before] && (await queries[before].allHeaders()).authorization;
  if (authorized !== `Bearer ${token}`) problems.push(`the query with a token was sent with Authorization: ${authorized}`);
  await checkAccessibility(page, "graphiql with a result", IGNORED);
} finally {
  await browser.close();
}
finish("graphiql");
