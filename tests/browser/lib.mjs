// What every browser check of the web client shares: headless Chromium, a watch on each page that
// records console errors, uncaught exceptions, Content-Security-Policy violations, failed
// requests and error answers, and an axe-core scan for serious and critical accessibility faults.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const problems = [];

export function baseUrl() {
  const base = process.argv[2]?.replace(/\/+$/, "");
  if (!base) {
    console.error(`usage: node ${process.argv[1]} BASE_URL`);
    process.exit(2);
  }
  return base;
}

export async function launch() {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
}

// Watches a page. `allowed`: answers a scenario expects, as "STATUS METHOD /path-prefix"
// (a 412 in the two-editors check); any other answer of 400 or more is a problem, and so is
// the console error Chromium logs for it.
export async function watch(page, name, allowed = []) {
  page.setDefaultTimeout(15_000);
  const expected = (status, method, url) =>
    allowed.some((rule) => {
      const [s, m, prefix] = rule.split(" ");
      return Number(s) === status && m === method && new URL(url).pathname.startsWith(prefix);
    });
  page.on("response", (response) => {
    const request = response.request();
    if (response.status() < 400) return;
    if (!expected(response.status(), request.method(), response.url())) problems.push(`${name}: ${request.method()} ${response.url()} answered ${response.status()}`);
  });
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    // Chromium logs every error answer to a fetch; those were judged above.
    if (/^Failed to load resource: the server responded with a status of \d+/.test(message.text())) return;
    problems.push(`${name}: console error: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => problems.push(`${name}: uncaught exception: ${error.message}`));
  page.on("requestfailed", (request) => {
    const reason = request.failure()?.errorText;
    // The browser drops a read the page no longer wants (it moved on before the answer came,
    // as a slow sanitizer build makes likely): not a failure of the server.
    if (reason === "net::ERR_ABORTED" && request.method() === "GET") return;
    problems.push(`${name}: request failed: ${request.method()} ${request.url()}: ${reason}`);
  });
  // Reported by the page itself, whatever the console says.
  await page.exposeBinding("reportViolation", (_source, text) => problems.push(`${name}: CSP violation: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) =>
      window.reportViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} in ${event.sourceFile || event.documentURI}`));
  });
  return page;
}

// axe-core on what the page shows now. Evaluated through the DevTools protocol, which the
// page's CSP does not govern, so the scan needs no weaker policy. `ignored`: rule id -> a CSS
// selector, for faults of someone else's code the scan is known to find (the caller says why);
// only the elements the selector matches are let off, the rule still holds everywhere else.
export async function checkAccessibility(page, what, ignored = {}) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) await page.evaluate(axeSource);
  const { violations } = await page.evaluate(async (ignored) => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    for (const v of result.violations) {
      if (ignored[v.id]) v.nodes = v.nodes.filter((n) => !document.querySelector(n.target[0])?.matches(ignored[v.id]));
    }
    return result;
  }, ignored);
  for (const v of violations) {
    if ((v.impact !== "serious" && v.impact !== "critical") || !v.nodes.length) continue;
    const where = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ");
    problems.push(`${what}: accessibility (${v.impact}) ${v.id}: ${v.help} at ${where}`);
  }
}

// Runs one step, naming it in the error if it fails.
export async function step(what, action) {
  try {
    return await action();
  } catch (error) {
    throw new Error(`${what}: ${error.message.split("\n")[0]}`);
  }
}

// A 1×1 PNG (any real image would do: the server checks the bytes with libmagic).
export const tinyPng = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

export async function signIn(page, base, email, password) {
  await page.goto(`${base}/signin`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export function finish(check) {
  if (problems.length) {
    console.error(`${check} FAILED:\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
  console.log(`${check} passed`);
}
