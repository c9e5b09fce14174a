// An admin signs in, creates a product with an uploaded picture (double-clicking "Create
// product": one product must come of it), and a shopper then finds it by search. The admin
// console is screenshotted, and every page scanned with axe-core.
//
//   node tests/browser/admin_product.mjs http://127.0.0.1:3000
import { baseUrl, checkAccessibility, finish, launch, problems, signIn, step, tinyPng, watch } from "./lib.mjs";

const base = baseUrl();
const title = `Harbour Lantern ${Date.now().toString(36)}`;

const browser = await launch();
try {
  const admin = await watch(await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage(), "admin");
  await step("sign in as the admin", async () => {
    await signIn(admin, base, "admin@mail.com", "admin123");
    await admin.waitForURL(`${base}/admin`);
    await admin.getByRole("heading", { name: "Products", level: 1 }).waitFor();
    await admin.getByRole("table").waitFor();
  });
  await checkAccessibility(admin, "admin products");

  await step("open the new product form", async () => {
    await admin.getByRole("link", { name: "New product" }).click();
    await admin.getByRole("heading", { name: "New product" }).waitFor();
  });
  await step("create the product with a picture", async () => {
    await admin.getByLabel("Title").fill(title);
    await admin.getByLabel("Price").fill("42.5");
    await admin.getByLabel("Stock").fill("7");
    await admin.getByLabel("Category").selectOption({ label: "Furniture" });
    await admin.getByLabel("Description").fill("A brass lantern for a windy porch.");
    await admin.getByLabel("Picture", { exact: true }).setInputFiles({ name: "lantern.png", mimeType: "image/png", buffer: tinyPng });
    await checkAccessibility(admin, "new product form");
    await admin.getByRole("button", { name: "Create product" }).dblclick();
    await admin.getByText("Product created.").waitFor();
    await admin.getByRole("heading", { name: `Edit ${title}` }).waitFor();
  });
  await checkAccessibility(admin, "product editor");
  const same = await (await fetch(`${base}/api/v1/products?title=${encodeURIComponent(title)}`)).json();
  if (same.length !== 1) problems.push(`a double click on "Create product" made ${same.length} products`);
  if (!same[0]?.images?.[0]?.includes("/api/v1/files/")) problems.push(`the product's first picture is ${same[0]?.images?.[0]}, not the upload`);

  await step("the admin console's list shows it", async () => {
    await admin.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Products" }).click();
    await admin.getByRole("table").getByRole("link", { name: title }).waitFor();
  });
  await admin.screenshot({ path: "docs/screenshots/admin-products.png" });
  for (const section of ["Categories", "Users", "Orders"]) {
    await step(`open ${section}`, async () => {
      await admin.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: section }).click();
      await admin.getByRole("heading", { name: section, level: 1 }).waitFor();
      await admin.waitForLoadState("networkidle");
    });
    await checkAccessibility(admin, `admin ${section.toLowerCase()}`);
  }

  const shopper = await watch(await (await browser.newContext()).newPage(), "shopper");
  await step("a shopper searches for it", async () => {
    await shopper.goto(`${base}/`);
    await shopper.getByLabel("Search").fill(title.split(" ").slice(1).join(" "));
    await shopper.getByLabel("Search").press("Enter");
    await shopper.getByRole("list", { name: "Products" }).getByRole("link", { name: title }).click();
    await shopper.getByRole("heading", { level: 1, name: title }).waitFor();
  });
  const picture = await shopper.locator("img.main-image").getAttribute("src");
  if (!picture?.includes("/api/v1/files/")) problems.push(`the product page shows ${picture}, not the uploaded picture`);
  const loadedPicture = await shopper.locator("img.main-image").evaluate((img) => img.complete && img.naturalWidth > 0);
  if (!loadedPicture) problems.push("the uploaded picture did not load on the product page");
  await checkAccessibility(shopper, "new product's page");
} catch (error) {
  problems.push(error.message);
} finally {
  await browser.close();
}
finish("admin product check");
