// Browser check of the interactive API docs: opens BASE/docs in headless Chromium, fails on any
// console error, uncaught exception or failed request (a Content-Security-Policy violation is
// reported as a console error), and runs GET /api/v1/products through Swagger UI's "Try it out".
//
//   node tests/docs/check_docs_page.mjs http://127.0.0.1:3000
import { chromium } from "playwright-core";

const base = process.argv[2]?.replace(/\/+$/, "");
if (!base) {
  console.error("usage: node tests/docs/check_docs_page.mjs BASE_URL");
  process.exit(2);
}

const problems = [];
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  page.on("console", (message) => {
    const where = message.location().url;
    if (message.type() !== "error") return;
    problems.push(`console error: ${message.text()}${where ? ` (${where})` : ""}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught exception: ${error.message}`));
  page.on("requestfailed", (request) =>
    problems.push(`request failed: ${request.method()} ${request.url()}: ${request.failure()?.errorText}`));

  const step = async (what, action) => {
    try {
      return await action();
    } catch (error) {
      throw new Error(`${what}: ${error.message.split("\n")[0]}`);
    }
  };

  const response = await step("open /docs", () => page.goto(`${base}/docs`));
  if (response.status() !== 200) throw new Error(`GET /docs answered ${response.status()}`);
  if (!(await response.headerValue("content-security-policy"))) problems.push("/docs is served without a CSP");

  const operation = page.locator(".opblock-get", {
    has: page.locator('.opblock-summary-path[data-path="/api/v1/products"]'),
  }).first();
  await step("wait for the GET /api/v1/products operation", () => operation.waitFor({ state: "visible" }));
  await step("expand GET /api/v1/products", () => operation.locator(".opblock-summary-control").click());

  // init.js sets tryItOutEnabled, so the form may already be open ("Cancel" shown instead).
  const tryItOut = operation.getByRole("button", { name: "Try it out" });
  const execute = operation.getByRole("button", { name: "Execute" });
  await step("wait for Try it out / Execute", () => tryItOut.or(execute).first().waitFor());
  if (await tryItOut.isVisible()) await step('click "Try it out"', () => tryItOut.click());
  await step('click "Execute"', () => execute.click());

  const live = operation.locator(".live-responses-table .response").first();
  await step("wait for the live response", () => live.waitFor());
  const status = (await live.locator(".response-col_status").innerText()).trim();
  const body = await step("read the response body",
    () => live.locator(".response-col_description pre").first().textContent());
  if (status !== "200") problems.push(`live response status is ${status}, expected 200`);
  let parsed;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    problems.push(`live response body is not JSON (${error.message}): ${body.slice(0, 200)}`);
  }
  if (parsed !== undefined && !Array.isArray(parsed)) {
    problems.push(`live response body is not a JSON array: ${body.slice(0, 200)}`);
  }
  if (Array.isArray(parsed)) console.log(`GET /api/v1/products via Swagger UI: ${status}, ${parsed.length} items`);
} catch (error) {
  problems.push(error.message);
} finally {
  await browser.close();
}

if (problems.length) {
  console.error(`docs page check FAILED for ${base}/docs:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log("docs page check passed");
