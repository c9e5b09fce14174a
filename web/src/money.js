// Prices come as JSON numbers with at most two decimals (docs/API.md); sums are done in cents so
// that 0.1 + 0.2 never shows up on a receipt.
const format = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

export const cents = (price) => Math.round(Number(price) * 100);
export const money = (price) => format.format(Number(price));
export const moneyFromCents = (amount) => format.format(amount / 100);
