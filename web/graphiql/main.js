// GraphiQL for Mercado's GraphQL endpoint: the page a browser gets at GET /graphql. Everything it
// needs is in this bundle (web/build.mjs): no CDN, no web worker, no eval, so the page runs under
// the policy api/web.cpp sends with it.
import CodeMirror from "codemirror";
import { GraphiQL } from "graphiql";
import { createElement } from "react";
import { createRoot } from "react-dom/client";

const ENDPOINT = "/graphql";

// GraphQL over HTTP: the newer media type first, plain JSON for a server that predates it.
const ACCEPT = "application/graphql-response+json, application/json";

// What the headers editor holds, as request headers. A token written without a scheme is taken
// as a bearer token, since that is the only kind Mercado issues.
function requestHeaders(edited) {
  const headers = {};
  if (!edited || typeof edited !== "object") return headers;
  for (const [name, value] of Object.entries(edited)) {
    if (typeof value !== "string" && typeof value !== "number") continue;
    const text = String(value).trim();
    headers[name] = name.toLowerCase() === "authorization" && text && !/\s/.test(text) ? `Bearer ${text}` : text;
  }
  return headers;
}

async function fetcher(params, options = {}) {
  // Set over what the editor holds, whatever case it wrote the names in.
  const headers = new Headers(requestHeaders(options.headers));
  headers.set("Accept", ACCEPT);
  headers.set("Content-Type", "application/json");
  const response = await fetch(ENDPOINT, { method: "POST", headers, body: JSON.stringify(params) });
  const text = await response.text();
  // A request error (400 with `errors`) is still a GraphQL answer, shown as the server wrote it;
  // so is a problem document (401, 429, ...), which says what went wrong better than a status.
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${response.status} ${response.statusText}${text ? `: ${text.slice(0, 500)}` : ""}`);
  }
}

// CodeMirror takes keys through a textarea of its own, which GraphiQL leaves without a name: a
// screen reader would announce four unnamed text fields. Each editor is known by its mode.
const EDITOR_NAMES = { graphql: "Query", "graphql-variables": "Variables", javascript: "Headers", "graphql-results": "Response" };
CodeMirror.defineInitHook((editor) => {
  const mode = editor.getOption("mode");
  const name = EDITOR_NAMES[typeof mode === "string" ? mode : mode?.name];
  if (name) editor.getInputField().setAttribute("aria-label", name);
});

const defaultQuery = `# Mercado's GraphQL API: run a
# query with Ctrl-Enter or the button.
#
# Signed in: take a token from
# POST /api/v1/auth/login, and
# write under Headers
# {"Authorization": "Bearer <token>"}
# (headers are not saved).

{
  products(limit: 2) {
    id
    title
  }
}
`;

createRoot(document.getElementById("graphiql")).render(
  createElement(GraphiQL, {
    fetcher,
    defaultQuery,
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
  }),
);
