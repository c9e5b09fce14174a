// Two admin tabs edit one product. The first save wins; the second is sent with the ETag its
// tab loaded, gets 412, and must say "changed by someone else" and show the current version
// rather than overwrite it.
//
//   node tests/browser/two_editors.mjs http://127.0.0.1:3000
import { baseUrl, checkAccessibility, finish, launch, problems, signIn, step, watch } from "./lib.mjs";

const base = baseUrl();
const PRODUCT = 5;

const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // The second tab's save is answered 412 on purpose.
  const allowed = [`412 PATCH /api/v1/products/${PRODUCT}`];
  const first = await watch(await context.newPage(), "first tab", allowed);
  const second = await watch(await context.newPage(), "second tab", allowed);
  await step("sign in", async () => {
    await signIn(first, base, "admin@mail.com", "admin123");
    await first.waitForURL(`${base}/admin`);
  });
  const before = await (await fetch(`${base}/api/v1/products/${PRODUCT}`)).json();
  for (const tab of [first, second]) {
    await step("open the product in a tab", async () => {
      await tab.goto(`${base}/admin/products/${PRODUCT}`);
      await tab.getByRole("heading", { name: `Edit ${before.title}` }).waitFor();
    });
  }
  const renamed = `${before.title} (first tab)`;
  await step("the first tab saves a new title", async () => {
    await first.getByLabel("Title").fill(renamed);
    await first.getByRole("button", { name: "Save" }).click();
    await first.getByText("Saved.").waitFor();
  });
  await step("the second tab saves a new price and is refused", async () => {
    await second.getByLabel("Price").fill("1.23");
    await second.getByRole("button", { name: "Save" }).click();
    await second.getByRole("alert").filter({ hasText: "changed by someone else" }).waitFor();
  });
  const notice = await second.getByRole("alert").filter({ hasText: "changed by someone else" }).innerText();
  if (!notice.includes(renamed)) problems.push(`the notice does not show the current version's title: ${notice}`);
  await checkAccessibility(second, "conflict notice");
  await second.screenshot({ path: "docs/screenshots/admin-conflict.png" });
  const after = await (await fetch(`${base}/api/v1/products/${PRODUCT}`)).json();
  if (after.title !== renamed) problems.push(`the first tab's title was lost: ${after.title}`);
  if (after.price !== before.price) problems.push(`the second tab overwrote the price: ${before.price} → ${after.price}`);

  await step("saving again, knowingly, applies over the current version", async () => {
    await second.getByRole("button", { name: "Save" }).click();
    await second.getByText("Saved.").waitFor();
  });
  const last = await (await fetch(`${base}/api/v1/products/${PRODUCT}`)).json();
  if (last.price !== 1.23) problems.push(`the second save, after the notice, left the price at ${last.price}`);
} catch (error) {
  problems.push(error.message);
  for (const page of browser.contexts()[0]?.pages() || []) console.error(`--- ${page.url()}\n${await page.locator("main").innerText().catch(() => "")}`);
} finally {
  await browser.close();
}
finish("two editors check");
