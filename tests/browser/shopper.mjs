// A shopper's visit, in headless Chromium against a fresh sandbox: the first load is measured
// (bytes and requests of HTML, script, style sheet and data; the pictures are counted apart) and
// screenshotted on a desktop and a phone; then the shopper searches, filters, opens a product,
// adds it and a related one to the cart, signs up at checkout, places the order, and finds it
// in "My orders". Every page is scanned with axe-core.
//
//   node tests/browser/shopper.mjs http://127.0.0.1:3000
import { mkdirSync } from "node:fs";
import { baseUrl, checkAccessibility, finish, launch, problems, step, watch } from "./lib.mjs";

const base = baseUrl();
const SHOTS = "docs/screenshots";
const LIMIT_BYTES = 150 * 1024;
const LIMIT_REQUESTS = 6;
mkdirSync(SHOTS, { recursive: true });

// The list has its answer for what the page's address asks.
const settled = (page) => page.locator('section.results[aria-busy="false"]').waitFor();
const cartLink = (page) => page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Cart" });

const browser = await launch();
try {
  // --- first load, on an empty cache --------------------------------------------------------
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await watch(await desktop.newPage(), "shopper");
  const loaded = [];
  page.on("requestfinished", async (request) => {
    const sizes = await request.sizes().catch(() => null);
    if (sizes) loaded.push({ url: request.url(), type: request.resourceType(), bytes: sizes.responseHeadersSize + sizes.responseBodySize });
  });
  await step("open the storefront", () => page.goto(`${base}/`));
  const products = page.getByRole("list", { name: "Products" });
  await step("wait for the product grid", () => products.waitFor());
  await page.waitForLoadState("networkidle");
  const core = loaded.filter((r) => r.type !== "image");
  const images = loaded.filter((r) => r.type === "image");
  const bytes = core.reduce((sum, r) => sum + r.bytes, 0);
  console.log(`first load: ${core.length} requests, ${(bytes / 1024).toFixed(1)} KiB transferred ` +
    `(HTML, script, style sheet, data); pictures: ${images.length} requests, ${(images.reduce((s, r) => s + r.bytes, 0) / 1024).toFixed(1)} KiB`);
  for (const r of core) console.log(`  ${r.type.padEnd(10)} ${String(r.bytes).padStart(7)} B  ${r.url.replace(base, "")}`);
  if (bytes > LIMIT_BYTES) problems.push(`first load transferred ${bytes} bytes, over ${LIMIT_BYTES}`);
  if (core.length > LIMIT_REQUESTS) problems.push(`first load made ${core.length} requests, over ${LIMIT_REQUESTS}`);
  await page.screenshot({ path: `${SHOTS}/storefront-desktop.png` });
  await checkAccessibility(page, "storefront");

  const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
  const small = await watch(await phone.newPage(), "phone");
  await small.goto(`${base}/`);
  await small.getByRole("list", { name: "Products" }).waitFor();
  await small.waitForLoadState("networkidle");
  const wide = await small.evaluate(() =>
    [...document.querySelectorAll("header, .filters, .results, .card, input, select, button")]
      .filter((el) => el.getBoundingClientRect().right > 375.5)
      .map((el) => el.className || el.tagName.toLowerCase()));
  if (wide.length) problems.push(`on a 375 px screen these stick out on the right: ${wide.join(", ")}`);
  await small.screenshot({ path: `${SHOTS}/storefront-phone.png` });
  await checkAccessibility(small, "storefront on a phone");
  await phone.close();

  // --- search, filters ------------------------------------------------------------------------
  await step("search for 'chair'", async () => {
    await page.getByLabel("Search").fill("chair");
    await page.getByLabel("Search").press("Enter");
    await page.getByRole("heading", { name: /Results for .chair./ }).waitFor();
    await settled(page);
  });
  const found = await products.getByRole("link").allInnerTexts();
  if (!found.length || !found.every((title) => /chair/i.test(title))) problems.push(`search for chair showed: ${found.join(", ")}`);
  await checkAccessibility(page, "search results");

  await step("filter by category and price", async () => {
    await page.getByRole("navigation", { name: "Categories" }).getByRole("link", { name: "Furniture" }).click();
    await page.getByRole("heading", { name: "Furniture", level: 1 }).waitFor();
    await page.getByText("Price range").click();
    await page.getByLabel("Min price").fill("100");
    await page.getByLabel("Max price").fill("400");
    await page.getByLabel("Max price").press("Enter");
    await page.waitForURL(/min=100.*max=400|max=400.*min=100/);
    await settled(page);
  });
  const prices = (await products.locator(".price").allInnerTexts()).map((t) => Number(t.replace(/[^0-9.]/g, "")));
  if (!prices.length || prices.some((p) => p < 100 || p > 400)) problems.push(`price filter 100–400 showed ${prices.join(", ")}`);
  await step("sort by price, high to low", async () => {
    await page.getByLabel("Sort by").selectOption("price:desc");
    await page.waitForURL(/sort=price%3Adesc|sort=price:desc/);
    await settled(page);
  });
  const sorted = (await products.locator(".price").allInnerTexts()).map((t) => Number(t.replace(/[^0-9.]/g, "")));
  if (sorted.some((p, i) => i > 0 && p > sorted[i - 1])) problems.push(`not sorted by price, high to low: ${sorted.join(", ")}`);
  await checkAccessibility(page, "filtered list");

  // --- two products into the cart -------------------------------------------------------------
  const first = (await products.getByRole("link").first().innerText()).trim();
  await step(`open ${first}`, async () => {
    await products.getByRole("link", { name: first }).click();
    await page.getByRole("heading", { level: 1, name: first }).waitFor();
  });
  await checkAccessibility(page, "product page");
  await step("add it to the cart", async () => {
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.getByText("Added 1 to your cart.").waitFor();
  });
  const related = page.getByRole("list", { name: "Related products" });
  await step("wait for related products", () => related.waitFor());
  const second = (await related.getByRole("link").first().innerText()).trim();
  await step(`open related ${second}`, async () => {
    await related.getByRole("link", { name: second }).click();
    await page.getByRole("heading", { level: 1, name: second }).waitFor();
  });
  await step("add the second product", async () => {
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.getByText("Added 1 to your cart.").waitFor();
  });

  await step("open the cart", async () => {
    await cartLink(page).click();
    await page.getByRole("heading", { name: "Your cart" }).waitFor();
  });
  for (const title of [first, second]) {
    if (!(await page.getByRole("link", { name: title }).count())) problems.push(`the cart lacks ${title}`);
  }
  await checkAccessibility(page, "cart");

  // --- sign up at checkout, order -------------------------------------------------------------
  const email = `shopper-${Date.now()}@example.com`;
  await step("checkout as a guest leads to sign up", async () => {
    await page.getByRole("button", { name: "Checkout" }).click();
    await page.getByRole("main").getByRole("link", { name: "Sign up" }).click();
    await page.getByRole("heading", { name: "Create an account" }).waitFor();
  });
  await checkAccessibility(page, "sign up");
  await step("sign up", async () => {
    await page.getByLabel("Name").fill("Ana Shopper");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("anasecret1");
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.waitForURL(`${base}/checkout`);
    await page.getByRole("button", { name: "Sign out" }).waitFor();
  });
  await step("the cart came along", async () => {
    await page.getByRole("link", { name: first }).waitFor();
    await page.getByRole("link", { name: second }).waitFor();
  });
  await checkAccessibility(page, "checkout");
  const placed = page.getByText(/Order #\d+ is placed/);
  await step("place the order", async () => {
    await page.getByRole("button", { name: "Place order" }).click();
    await placed.waitFor();
  });
  const orderId = (await placed.innerText()).match(/Order #(\d+)/)[1];
  await step("see it in My orders", async () => {
    await page.getByRole("main").getByRole("link", { name: "My orders" }).click();
    await page.getByRole("heading", { name: new RegExp(`Order #${orderId}\\b`) }).waitFor();
  });
  const status = await page.getByRole("heading", { name: new RegExp(`Order #${orderId}\\b`) }).innerText();
  if (!/pending/.test(status)) problems.push(`order ${orderId} shows "${status}", expected pending`);
  await checkAccessibility(page, "my orders");
  if ((await cartLink(page).innerText()).trim() !== "Cart 0") problems.push("the cart is not empty after the order");
} catch (error) {
  problems.push(error.message);
} finally {
  await browser.close();
}
finish("storefront check");
