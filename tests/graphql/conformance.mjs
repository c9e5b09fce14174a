// Conformance of Mercado's /graphql with graphql-js, the reference implementation.
//
//   node tests/graphql/conformance.mjs http://127.0.0.1:3000
//
// 1. The schema: the server's introspection (what GraphiQL asks for) must build a client schema,
//    lose nothing of tests/graphql/reference.graphql (the Platzi Fake Store API's schema, which
//    clients are written against) and give each of its types, fields and arguments the same
//    type. Additions are allowed where they break no client.
// 2. Requests: each query below is answered by the server and by graphql-js on the schema the
//    server described, graphql-js reading the data through the same server's REST API. Parse
//    and validation errors must be the same messages at the same locations; executions must
//    give the same data and the same errors (message, locations, path).
//
// SANDBOX_ADMIN=email:password names the account the mutations sign in as (the sandbox's seeded
// administrator by default). Exits 1 with the differences when anything differs.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import {
  GraphQLSchema,
  buildClientSchema,
  buildSchema,
  execute,
  findBreakingChanges,
  findDangerousChanges,
  getIntrospectionQuery,
  getOperationAST,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  parse,
  printSchema,
  specifiedScalarTypes,
  subscribe,
  validate,
  validateSchema,
} from "graphql";

const base = (process.argv[2] || "").replace(/\/+$/, "");
if (!/^https?:\/\//.test(base)) {
  console.error("usage: node tests/graphql/conformance.mjs http://HOST:PORT");
  process.exit(2);
}
const started = performance.now();
const here = dirname(fileURLToPath(import.meta.url));
const admin = process.env.SANDBOX_ADMIN || "admin@mail.com:admin123";
const adminEmail = admin.slice(0, admin.indexOf(":"));
const adminPassword = admin.slice(admin.indexOf(":") + 1);

let passed = 0;
const failures = [];
// Differences reported and left for later (the cases' `known` notes), shown but not failed.
const known = [];

function check(name, problems) {
  if (problems.length === 0) {
    passed += 1;
    return;
  }
  failures.push(name);
  console.log(`FAIL ${name}`);
  for (const line of problems) console.log(`  ${line}`);
}

const show = (value) => (value === undefined ? "(absent)" : JSON.stringify(value));

// Where two JSON values differ, as "path: expected …, got …" lines (the first few only: one
// wrong list shifts everything after it). The order of an object's keys counts: a response's
// fields come in the order the query asks for them (specification 3.3, 7.2).
function differences(expected, actual, path = "", out = []) {
  if (out.length >= 12) return out;
  if (JSON.stringify(expected) === JSON.stringify(actual)) return out;
  const bothObjects = expected && actual && typeof expected === "object" && typeof actual === "object";
  if (bothObjects && Array.isArray(expected) === Array.isArray(actual)) {
    if (Array.isArray(expected) && expected.length !== actual.length) {
      out.push(`${path || "(top)"}: expected ${expected.length} items, got ${actual.length}`);
    }
    if (!Array.isArray(expected) && isDeepStrictEqual(expected, actual)) {
      out.push(`${path || "(top)"}: keys in the order ${Object.keys(actual)}, not ${Object.keys(expected)}`);
      return out;
    }
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of keys) {
      const step = Array.isArray(expected) ? `[${key}]` : path ? `.${key}` : key;
      differences(expected[key], actual[key], path + step, out);
    }
    return out;
  }
  out.push(`${path || "(top)"}: expected ${show(expected)}, got ${show(actual)}`);
  return out;
}

// --- HTTP --------------------------------------------------------------------------------------

async function readJson(response, what) {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what}: ${response.status} with a body that is not JSON: ${text.slice(0, 300)}`);
  }
}

async function graphqlPost(request, token) {
  const headers = { "content-type": "application/json", accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${base}/graphql`, { method: "POST", headers, body: JSON.stringify(request) });
  return readJson(response, "POST /graphql");
}

async function graphqlGet(request) {
  const params = new URLSearchParams({ query: request.query });
  if (request.operationName) params.set("operationName", request.operationName);
  if (request.variables) params.set("variables", JSON.stringify(request.variables));
  const response = await fetch(`${base}/graphql?${params}`, { headers: { accept: "application/json" } });
  return readJson(response, "GET /graphql");
}

// REST's answer, or its problem's detail thrown as the error, which is what the server's field
// errors say.
async function rest(method, path, body, token) {
  const headers = { accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await readJson(response, `${method} ${path}`);
  if (!response.ok) throw new Error(answer.detail ?? `${method} ${path}: ${response.status}`);
  return answer;
}

// --- the reference's data: the REST API -------------------------------------------------------

function queryString(args) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(args)) {
    if (value !== null && value !== undefined) params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

// REST's objects have the schema's field names; only what REST does not embed is resolved here.
function categorySource(category, token) {
  return {
    ...category,
    products: (args) =>
      rest("GET", `/categories/${category.id}/products${queryString(args)}`, undefined, token).then((list) =>
        list.map((p) => productSource(p, token)),
      ),
  };
}

function productSource(product, token) {
  return { ...product, category: categorySource(product.category, token) };
}

function rootValue(token) {
  const product = (p) => productSource(p, token);
  const category = (c) => categorySource(c, token);
  return {
    products: (args) => rest("GET", `/products${queryString(args)}`, undefined, token).then((l) => l.map(product)),
    product: ({ id }) => rest("GET", `/products/${encodeURIComponent(id)}`, undefined, token).then(product),
    categories: (args) => rest("GET", `/categories${queryString(args)}`, undefined, token).then((l) => l.map(category)),
    category: ({ id }) => rest("GET", `/categories/${encodeURIComponent(id)}`, undefined, token).then(category),
    addProduct: ({ data }) => rest("POST", "/products", data, token).then(product),
    updateProduct: ({ id, changes }) =>
      rest("PATCH", `/products/${encodeURIComponent(id)}`, changes, token).then(product),
  };
}

// --- 1. the schema -----------------------------------------------------------------------------

const introspectionOptions = {
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
};
const introspection = await graphqlPost({ query: getIntrospectionQuery(introspectionOptions) });
if (introspection.errors || !introspection.data) {
  console.log(`FAIL introspection: ${JSON.stringify(introspection).slice(0, 2000)}`);
  process.exit(1);
}
let ours;
try {
  ours = buildClientSchema(introspection.data);
} catch (error) {
  console.log(`FAIL the introspection does not build a schema: ${error.message}`);
  process.exit(1);
}
// The directives every schema has are the October 2021 specification's, not graphql-js 16's,
// which adds @oneOf and @deprecated on directive definitions ahead of the specification.
const SPEC_DIRECTIVES = `
directive @include(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @skip(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @deprecated(reason: String = "No longer supported") on FIELD_DEFINITION | ENUM_VALUE
directive @specifiedBy(url: String!) on SCALAR
`;
const reference = (() => {
  const sdl = readFileSync(join(here, "reference.graphql"), "utf8") + SPEC_DIRECTIVES;
  const config = buildSchema(sdl).toConfig();
  const specified = new Set([...SPEC_DIRECTIVES.matchAll(/^directive @(\w+)/gm)].map((m) => m[1]));
  return new GraphQLSchema({ ...config, directives: config.directives.filter((d) => specified.has(d.name)) });
})();
const recordDir = mkdtempSync(join(tmpdir(), "mercado-graphql-"));
const printed = join(recordDir, "schema.graphql");
writeFileSync(printed, printSchema(ours));
console.log(`the server's schema, as introspected: ${printed}`);

check("schema: valid by graphql-js's rules", validateSchema(ours).map((e) => e.message));

check(
  "schema: no breaking change from the reference",
  findBreakingChanges(reference, ours).map((c) => `${c.type}: ${c.description}`),
);
// Additions a client may notice but that break nothing (an optional argument, an enum value).
for (const change of findDangerousChanges(reference, ours)) {
  console.log(`note: ${change.type}: ${change.description}`);
}

// Member by member, so a drift is named even where findBreakingChanges deems it compatible
// (a nullable field made non-null, an argument given a default).
function compareTypes() {
  const problems = [];
  const defaultOf = (arg) => arg.defaultValue;
  const compareArgs = (where, expectedArgs, actualArgs) => {
    for (const arg of expectedArgs) {
      const found = actualArgs.find((a) => a.name === arg.name);
      if (!found) problems.push(`${where}(${arg.name}:) is missing`);
      else if (String(found.type) !== String(arg.type)) {
        problems.push(`${where}(${arg.name}:) is ${found.type}, the reference has ${arg.type}`);
      } else if (!isDeepStrictEqual(defaultOf(found), defaultOf(arg))) {
        problems.push(`${where}(${arg.name}:) defaults to ${show(defaultOf(found))}, the reference to ${show(defaultOf(arg))}`);
      }
    }
  };
  for (const [name, type] of Object.entries(reference.getTypeMap())) {
    if (name.startsWith("__")) continue;
    const mine = ours.getType(name);
    if (!mine) {
      problems.push(`type ${name} is missing`);
      continue;
    }
    if (mine.constructor.name !== type.constructor.name) {
      problems.push(`${name} is a ${mine.constructor.name}, the reference's a ${type.constructor.name}`);
      continue;
    }
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      const mineFields = mine.getFields();
      for (const field of Object.values(type.getFields())) {
        const found = mineFields[field.name];
        if (!found) {
          problems.push(`${name}.${field.name} is missing`);
          continue;
        }
        if (String(found.type) !== String(field.type)) {
          problems.push(`${name}.${field.name} is ${found.type}, the reference has ${field.type}`);
        }
        if (field.args) compareArgs(`${name}.${field.name}`, field.args, found.args);
        else if (!isDeepStrictEqual(found.defaultValue, field.defaultValue)) {
          problems.push(`${name}.${field.name} defaults to ${show(found.defaultValue)}, the reference to ${show(field.defaultValue)}`);
        }
      }
      if (!isInputObjectType(type)) {
        const interfaces = (t) => t.getInterfaces().map(String).sort();
        if (!isDeepStrictEqual(interfaces(mine), interfaces(type))) {
          problems.push(`${name} implements ${interfaces(mine)}, the reference ${interfaces(type)}`);
        }
      }
    } else if (isEnumType(type)) {
      const values = (t) => t.getValues().map((v) => v.name).sort();
      if (!isDeepStrictEqual(values(mine), values(type))) {
        problems.push(`enum ${name} has ${values(mine).join(", ")}, the reference ${values(type).join(", ")}`);
      }
    } else if (isUnionType(type)) {
      const members = (t) => t.getTypes().map(String).sort();
      if (!isDeepStrictEqual(members(mine), members(type))) {
        problems.push(`union ${name} is ${members(mine)}, the reference ${members(type)}`);
      }
    }
  }
  for (const operation of ["query", "mutation", "subscription"]) {
    const expected = reference.getRootType(operation)?.name;
    const actual = ours.getRootType(operation)?.name;
    if (expected && expected !== actual) problems.push(`the ${operation} root is ${actual}, not ${expected}`);
  }
  for (const directive of reference.getDirectives()) {
    const found = ours.getDirective(directive.name);
    if (!found) problems.push(`@${directive.name} is missing`);
    else compareArgs(`@${directive.name}`, directive.args, found.args);
  }
  return problems;
}
check("schema: every type, field and argument of the reference, with its type", compareTypes());

// graphql-js introspecting the schema it built must give back what the server sent: the
// server's answer is the one any schema with these types gives, in the same order. The built-in
// scalars and the introspection types are left out: buildClientSchema puts graphql-js's own in
// their place, with its descriptions.
{
  const again = await execute({ schema: ours, document: parse(getIntrospectionQuery(introspectionOptions)) });
  const builtIn = new Set(specifiedScalarTypes.map((t) => t.name));
  const own = (schema) => ({
    ...schema,
    types: schema.types.filter((t) => !builtIn.has(t.name) && !t.name.startsWith("__")),
  });
  check(
    "schema: introspection round trip through graphql-js",
    differences(own(again.data.__schema), own(introspection.data.__schema), "__schema"),
  );
}

// --- 2. requests -------------------------------------------------------------------------------

// Adapted from the October 2021 specification's examples (its sections in the names). Each case
// is { name, query, variables?, operationName?, auth?, runs?, known? }: `runs` when graphql-js
// must execute it (not refuse it), `known` for a difference reported and not yet fixed, which is
// shown and not failed (and fails once it is gone, so that the note goes too). Queries are also
// sent with GET.
const cases = [
  // 2.4-2.8: selection sets, fields, arguments, aliases, fragments.
  { name: "2.4 selection set", runs: true, query: "{ products(limit: 3) { id title price images } }" },
  {
    name: "2.6 arguments, nested",
    runs: true,
    query: "{ category(id: 2) { id name products(limit: 2, offset: 1) { id slug } } }",
  },
  {
    name: "2.7 aliases",
    runs: true,
    query: `{ first: product(id: "1") { id name: title cost: price } second: product(id: 2) { id title } }`,
  },
  {
    name: "2.8 named fragment",
    runs: true,
    query: `query withFragment { product(id: 1) { ...productFields } }
fragment productFields on Product { id title slug price category { id } }`,
  },
  {
    name: "2.8 nested fragments, each spread twice",
    runs: true,
    query: `query withNestedFragments {
  category(id: 1) {
    products(limit: 2) { ...productFields }
    more: products(limit: 2, offset: 2) { ...productFields }
  }
  product(id: 3) { ...productFields ...categoryName }
}
fragment productFields on Product { id title ...categoryName }
fragment categoryName on Product { category { name ...categoryBasics } }
fragment categoryBasics on Category { id slug }`,
  },
  {
    name: "2.8.2 inline fragments, typed and untyped",
    runs: true,
    query: `{ product(id: 4) { ... on Product { id title } ... { slug } ... @include(if: true) { price } ... @skip(if: true) { description } } }`,
  },
  {
    name: "2.8 fragment on the root type",
    runs: true,
    query: "query { ...roots } fragment roots on Query { categories { id name } }",
  },
  {
    name: "4.4 __typename at every level",
    runs: true,
    query: "{ __typename products(limit: 2) { __typename id category { __typename name } } }",
  },
  {
    name: "4.2 __type(Product) fields",
    runs: true,
    query: `{ __type(name: "Product") { name kind fields { name type { kind name ofType { name } } } } }`,
  },
  {
    name: "4.2 __type(CreateProductDto) input fields",
    runs: true,
    query: `{ __type(name: "CreateProductDto") { kind inputFields { name defaultValue type { kind name ofType { kind name ofType { name } } } } } }`,
  },
  { name: "4.2 __type of an unknown name is null", runs: true, query: `{ __type(name: "Nothing") { name } }` },
  {
    name: "4.2 __schema roots and directives",
    runs: true,
    query: `{ __schema { queryType { name } mutationType { name } subscriptionType { name } directives { name locations args { name } } } }`,
  },
  {
    name: "4.2 __type(Role) enum values",
    runs: true,
    query: `{ __type(name: "Role") { kind enumValues(includeDeprecated: true) { name isDeprecated deprecationReason } } }`,
  },
  // 2.10 variables, 5.8, 6.1.2 coercion.
  {
    name: "2.10 variable",
    runs: true,
    query: "query getProduct($id: ID!) { product(id: $id) { id title } }",
    variables: { id: "2" },
  },
  {
    name: "6.1.2 an Int variable coerced to ID",
    runs: true,
    query: "query getProduct($id: ID!) { product(id: $id) { id title } }",
    variables: { id: 2 },
  },
  {
    name: "2.10 variable defaults",
    runs: true,
    query: "query page($limit: Int = 2, $offset: Int = 1) { products(limit: $limit, offset: $offset) { id } }",
  },
  {
    name: "2.10 a given variable overrides its default",
    runs: true,
    query: "query page($limit: Int = 2, $offset: Int = 1) { products(limit: $limit, offset: $offset) { id } }",
    variables: { limit: 3 },
  },
  {
    name: "2.10 a variable given null",
    runs: true,
    query: "query search($title: String) { products(title: $title, limit: 2) { id } }",
    variables: { title: null },
  },
  {
    name: "2.10 a Float variable",
    runs: true,
    query: "query inCategory($category: Float) { products(categoryId: $category, limit: 3) { id category { id } } }",
    variables: { category: 2 },
  },
  {
    name: "5.8.5 a nullable variable with a default fills a non-null argument",
    runs: true,
    query: `query byDefault($id: ID = 5) { product(id: $id) { id } }`,
  },
  {
    name: "6.4.1 a nullable variable with a default given null for a non-null argument",
    query: `query byDefault($id: ID = 5) { product(id: $id) { id } }`,
    variables: { id: null },
  },
  // 3.13 directives.
  {
    name: "3.13 @skip and @include with literals and variables (shown)",
    runs: true,
    query: `query flags($show: Boolean!, $hide: Boolean = false) {
  products(limit: 2) {
    id
    title @include(if: $show)
    slug @skip(if: $hide)
    price @skip(if: true)
    images @include(if: false)
    ... @include(if: $show) { description }
    ...extra @skip(if: $hide)
  }
}
fragment extra on Product { category { name } }`,
    variables: { show: true },
  },
  {
    name: "3.13 @skip and @include with literals and variables (hidden)",
    runs: true,
    query: `query flags($show: Boolean!, $hide: Boolean = false) {
  products(limit: 2) {
    id
    title @include(if: $show)
    slug @skip(if: $hide)
    price @skip(if: true)
    images @include(if: false)
    ... @include(if: $show) { description }
    ...extra @skip(if: $hide)
  }
}
fragment extra on Product { category { name } }`,
    variables: { show: false, hide: true },
  },
  {
    name: "3.13 both @skip and @include on one field",
    runs: true,
    query: "{ products(limit: 1) { id title @skip(if: false) @include(if: false) slug @skip(if: false) @include(if: true) } }",
  },
  // 5.3.2: fields that merge.
  {
    name: "5.3.2 identical fields and aliases merge",
    runs: true,
    query: `{ products(limit: 1) { id id title: title title } p: product(id: 1) { id } p: product(id: 1) { title } }`,
  },
  // 6.3.1 operation choice.
  {
    name: "6.1.1 operationName picks one of several",
    runs: true,
    query: "query A { products(limit: 1) { id } } query B { categories { id } }",
    operationName: "B",
  },
  {
    name: "6.1.1 unknown operationName",
    query: "query A { products(limit: 1) { id } } query B { categories { id } }",
    operationName: "C",
  },
  {
    name: "6.1.1 several operations and no operationName",
    query: "query A { products(limit: 1) { id } } query B { categories { id } }",
  },
  // 6.1.2 variables refused before execution.
  {
    name: "6.1.2 a required variable not given",
    query: "query getProduct($id: ID!) { product(id: $id) { id } }",
    variables: {},
  },
  {
    name: "6.1.2 a non-null variable given null",
    query: "query getProduct($id: ID!) { product(id: $id) { id } }",
    variables: { id: null },
  },
  {
    name: "6.1.2 an ID variable given a Boolean",
    query: "query getProduct($id: ID!) { product(id: $id) { id } }",
    variables: { id: true },
  },
  {
    name: "6.1.2 an ID variable given an object",
    query: "query getProduct($id: ID!) { product(id: $id) { id } }",
    variables: { id: { a: 1 } },
  },
  {
    name: "6.1.2 an Int variable given a fraction, a string and a 2^31",
    query: "query page($a: Int, $b: Int, $c: Int) { a: products(limit: $a) { id } b: products(limit: $b) { id } c: products(limit: $c) { id } }",
    variables: { a: 1.5, b: "2", c: 2147483648 },
  },
  {
    name: "6.1.2 a Boolean variable given a string",
    query: "query flags($show: Boolean!) { products(limit: 1) { id @include(if: $show) } }",
    variables: { show: "yes" },
  },
  {
    name: "6.1.2 a list and an input object with wrong members",
    query: `mutation add($data: CreateProductDto!, $images: [String!]!) {
  a: addProduct(data: $data) { id }
  b: addProduct(data: { title: "t", price: 1, description: "d", categoryId: 1, images: $images }) { id }
}`,
    variables: {
      data: { title: "t", price: "cheap", description: "d", categoryId: 1, images: ["x", 2], colour: "red" },
      images: ["https://img.example.com/a.png", null],
    },
  },
  {
    name: "6.1.2 an input object missing a required field, an unknown enum value",
    query: `mutation add($user: CreateUserDto!, $category: CreateCategoryDto!) {
  addUser(data: $user) { id }
  addCategory(data: $category) { id }
}`,
    variables: {
      user: { email: "x@example.com", name: "X", password: "secret123", avatar: "https://img.example.com/x.png", role: "owner" },
      category: { name: "Garden" },
    },
  },
  {
    name: "6.1.2 numbers as graphql-js writes them",
    query: "query page($a: Int, $b: Int, $c: Int) { a: products(limit: $a) { id } b: products(limit: $b) { id } c: products(limit: $c) { id } }",
    variables: { a: 1e21, b: 1.5e-7, c: 0.000001 },
  },
  {
    name: "6.1.2 an enum variable given a number, an unknown field among many",
    query: `mutation add($user: CreateUserDto!, $data: CreateProductDto!) { addUser(data: $user) { id } addProduct(data: $data) { id } }`,
    variables: {
      user: { email: "x@example.com", name: "X", password: "secret123", avatar: "https://img.example.com/x.png", role: 1 },
      data: {
        title: "t",
        price: 1,
        description: "d",
        categoryId: 1,
        images: Array.from({ length: 12 }, (_, i) => `https://img.example.com/${i}.png`),
        nested: { deeper: { deepest: { bottom: [[1]] } } },
        titel: "typo",
      },
    },
  },
  {
    name: "6.1.2 more than 50 problems in the variables",
    query: `mutation add($images: [String!]!) { addProduct(data: { title: "t", price: 1, description: "d", categoryId: 1, images: $images }) { id } }`,
    variables: { images: Array.from({ length: 60 }, () => null) },
  },
  // 6.4.4 errors in execution.
  {
    name: "6.4.4 a non-null field's error makes data null",
    query: "{ products(limit: 1) { id } product(id: 99999) { id title } }",
  },
  {
    name: "6.4.4 a nested non-null field's error makes data null",
    query: "{ category(id: 1) { id products(limit: 0) { id } } }",
  },
  {
    name: "6.4.4 a field error from an argument REST refuses",
    query: "{ products(limit: 201) { id } }",
  },
  // 2.1 and 2.9: the grammar and its literals.
  {
    name: "2.9 literals: strings with escapes, block strings, numbers",
    runs: true,
    query: `{
  a: products(title: "\\u0053weater", limit: 2) { id title }
  b: products(title: """sweater""", limit: 1) { id }
  c: products(price_min: 10, price_max: 100, limit: 2) { id price }
  d: products(categoryId: 1.0, limit: 1) { id }
  e: products(categorySlug: "clothes", limit: 1, offset: 0) { id }
}`,
  },
  { name: "2.1 comments and commas", runs: true, query: "# a comment\n{ products(limit: 1,,,) { id, , title } } # the end" },

  // Syntax errors (2.1, 2.9).
  { name: "syntax: an unclosed selection set", query: "{ products { id }" },
  { name: "syntax: an argument without a value", query: "{ products(limit: ) { id } }" },
  { name: "syntax: an unterminated string", query: '{ product(id: "1) { id } }' },
  { name: "syntax: an unexpected character", query: "{ products { id ~ } }" },
  { name: "syntax: a variable in a constant", query: "query q($a: Int = $b) { products(limit: $a) { id } }" },
  { name: "syntax: a number with a leading zero", query: "{ products(limit: 01) { id } }" },
  { name: "syntax: a number ending in a dot", query: "{ products(limit: 1.) { id } }" },
  { name: "syntax: an invalid escape", query: '{ products(title: "\\x") { id } }' },
  { name: "syntax: an empty document", query: "" },
  { name: "syntax: a fragment named on", query: "{ products { ...on } } fragment on on Product { id }" },
  { name: "syntax: a type definition", query: "{ products { id } } type Extra { id: ID }" },

  // 5.1 documents.
  { name: "5.1.1 a type definition is not executable", query: "{ products { id } } scalar Extra" },
  // 5.2 operations.
  {
    name: "5.2.1.1 duplicate operation names",
    query: "query A { products(limit: 1) { id } } query A { categories { id } }",
  },
  {
    name: "5.2.1.1 a query and a mutation of the same name",
    query: "query A { products(limit: 1) { id } } mutation A { deleteProduct(id: 1) }",
  },
  {
    name: "5.2.2.1 an anonymous operation among named ones",
    query: "{ products(limit: 1) { id } } query B { categories { id } }",
  },
  { name: "5.2.3 subscriptions are not served", query: "subscription { products { id } }" },
  // 5.3 fields.
  { name: "5.3.1 an unknown field", query: "{ products { id titel } }" },
  { name: "5.3.1 an unknown field on the root", query: "{ product(id: 1) { id } orders { id } }" },
  { name: "5.3.1 an unknown field in a fragment", query: "{ products { ...f } } fragment f on Product { cost }" },
  { name: "5.3.1 an unknown field near two", query: "{ produc { id } categorie { id } }" },
  { name: "5.3.1 an unknown field near many", query: "{ __type(name: \"Product\") { nme kinds field } }" },
  {
    name: "5.3.2 conflicting fields through an alias",
    query: "{ products { id: title id } }",
  },
  {
    name: "5.3.2 conflicting arguments",
    query: "{ a: product(id: 1) { id } a: product(id: 2) { id } }",
  },
  {
    name: "5.3.2 conflicting arguments, a value and a variable",
    query: "query q($limit: Int) { products(limit: 1) { id } products(limit: $limit) { id } }",
  },
  {
    name: "5.3.2 conflicting subfields",
    query: "{ product(id: 1) { category { x: name } } product(id: 1) { category { x: slug } } }",
    known:
      "the server names the innermost conflict (\"x\"); graphql-js the outermost pair, with the " +
      "subfields that conflict as its reason (src/graphql/merging.cpp merges the subselections " +
      "of every field under one key instead of comparing them pair by pair)",
  },
  {
    name: "5.3.2 three fields under one key",
    query: "{ products { x: id x: title x: slug } }",
  },
  {
    name: "5.6.1 a scalar into an input object",
    query: "mutation { addCategory(data: 1) { id } }",
  },
  {
    name: "5.3.2 conflicts through fragments",
    query: "{ products { ...a ...b } } fragment a on Product { x: title } fragment b on Product { x: slug }",
  },
  {
    name: "5.3.2 one argument present, one absent",
    query: "{ products(limit: 2) { id } products { title } }",
  },
  { name: "5.3.3 an object field without a selection", query: "{ products }" },
  { name: "5.3.3 a nested object field without a selection", query: "{ product(id: 1) { category } }" },
  { name: "5.3.3 a leaf field with a selection", query: "{ products { id { value } } }" },
  { name: "5.3.3 a root selection of a scalar", query: "{ __typename { name } }" },
  // 5.4 arguments.
  { name: "5.4.1 an unknown argument", query: "{ products(first: 2) { id } }" },
  { name: "5.4.1 an unknown argument on a directive", query: "{ products { id @skip(unless: true) } }" },
  { name: "5.4.2 a duplicate argument", query: "{ products(limit: 1, limit: 2) { id } }" },
  { name: "5.4.2.1 a required argument missing", query: "{ product { id } }" },
  {
    name: "5.4.2.1 a required argument given null",
    query: "{ product(id: null) { id } }",
  },
  { name: "5.4.2.1 a directive's required argument missing", query: "{ products { id @include } }" },
  // 5.5 fragments.
  {
    name: "5.5.1.1 duplicate fragment names",
    query: "{ products { ...f } } fragment f on Product { id } fragment f on Product { title }",
  },
  { name: "5.5.1.2 a fragment on an unknown type", query: "{ products { ...f } } fragment f on Prodct { id }" },
  { name: "5.5.1.2 an inline fragment on an unknown type", query: "{ products { ... on Prodcut { id } } }" },
  { name: "5.5.1.3 a fragment on a scalar", query: "{ products { ...f } } fragment f on String { id }" },
  { name: "5.5.1.3 an inline fragment on an input type", query: "{ products { ... on CreateProductDto { title } } }" },
  { name: "5.5.1.4 an unused fragment", query: "{ products { id } } fragment unused on Product { id }" },
  { name: "5.5.1.4 a document of fragments only", query: "fragment f on Product { id }" },
  { name: "5.5.2.1 an unknown fragment", query: "{ products { ...missing } }" },
  {
    name: "5.5.2.2 a fragment cycle",
    query: `{ products { ...a } }
fragment a on Product { category { products { ...b } } }
fragment b on Product { ...a }`,
  },
  { name: "5.5.2.2 a fragment spread within itself", query: "{ products { ...a } } fragment a on Product { id ...a }" },
  {
    name: "5.5.2.2 a longer fragment cycle",
    query: `{ products { ...a } }
fragment a on Product { ...b }
fragment b on Product { category { ...c } }
fragment c on Category { products { ...a } }`,
  },
  {
    name: "5.5.2.3 a fragment spread where it can never apply",
    query: "{ products { ...f } } fragment f on Category { id }",
  },
  {
    name: "5.5.2.3 an inline fragment where it can never apply",
    query: "{ product(id: 1) { ... on Category { name } } }",
  },
  // 5.6 values.
  { name: "5.6.1 a string into an Int", query: '{ products(limit: "two") { id } }' },
  { name: "5.6.1 a float into an ID", query: "{ product(id: 1.5) { id } }" },
  { name: "5.6.1 an Int out of range", query: "{ products(limit: 2147483648) { id } }" },
  { name: "5.6.1 a string into a Boolean", query: '{ products { id @include(if: "yes") } }' },
  { name: "5.6.1 a list into a String", query: '{ products(title: ["a"]) { id } }' },
  {
    name: "5.6.1 an unknown enum value and a wrong field type in an input object",
    query: `mutation { addUser(data: { email: "a@example.com", name: 1, password: "p", avatar: "a", role: owner }) { id } }`,
  },
  {
    name: "5.6.1 an enum value as a string",
    query: `mutation { addUser(data: { email: "a@example.com", name: "n", password: "p", avatar: "a", role: "admin" }) { id } }`,
  },
  {
    name: "5.6.2 an unknown input field",
    query: `mutation { addCategory(data: { name: "n", image: "i", colour: "red" }) { id } }`,
  },
  {
    name: "5.6.3 a duplicate input field",
    query: `mutation { addCategory(data: { name: "n", name: "m", image: "i" }) { id } }`,
  },
  {
    name: "5.6.4 a required input field missing",
    query: `mutation { addCategory(data: { name: "n" }) { id } }`,
  },
  {
    name: "5.6.4 a required input field given null",
    query: `mutation { addCategory(data: { name: "n", image: null }) { id } }`,
  },
  {
    name: "5.6.1 a list item of the wrong type",
    query: `mutation { addProduct(data: { title: "t", price: 1, description: "d", categoryId: 1, images: ["a", 2] }) { id } }`,
  },
  // 5.7 directives.
  { name: "5.7.1 an unknown directive", query: "{ products { id @hidden } }" },
  { name: "5.7.2 a directive in the wrong place", query: "query @skip(if: true) { products { id } }" },
  {
    name: "5.7.2 a directive on a fragment definition",
    query: "{ products { ...f } } fragment f on Product @include(if: true) { id }",
  },
  { name: "5.7.3 a directive twice in one place", query: "{ products { id @skip(if: false) @skip(if: true) } }" },
  // 5.8 variables.
  {
    name: "5.8.1 a duplicate variable",
    query: "query q($a: Int, $a: Int) { products(limit: $a) { id } }",
  },
  {
    name: "5.8.2 a variable of an output type",
    query: "query q($p: Product) { products { id } }",
  },
  {
    name: "5.8.2 a variable of an unknown type",
    query: "query q($p: Prodcut) { products { id } }",
  },
  {
    name: "5.8.2 a variable default of the wrong type",
    query: 'query q($limit: Int = "ten") { products(limit: $limit) { id } }',
  },
  {
    name: "5.8.3 an undefined variable",
    query: "query q { products(limit: $n) { id } }",
  },
  {
    name: "5.8.3 an undefined variable in a fragment",
    query: "query q { ...f } fragment f on Query { products(limit: $n) { id } }",
  },
  {
    name: "5.8.3 an undefined variable in an anonymous operation",
    query: "{ products(limit: $n) { id } }",
  },
  {
    name: "5.8.2 a variable of an unknown type near three",
    query: "query q($p: UpdateProduct) { products(limit: 1) { id } }",
  },
  { name: "5.8.4 an unused variable", query: "query q($x: Int) { products { id } }" },
  { name: "5.8.4 an unused variable, anonymous", query: "query($x: Int, $y: String) { products(title: $y) { id } }" },
  {
    name: "5.8.5 a String variable in an Int position",
    query: "query q($t: String) { products(limit: $t) { id } }",
  },
  {
    name: "5.8.5 a nullable variable in a non-null position",
    query: "query q($id: ID) { product(id: $id) { id } }",
  },
  {
    name: "5.8.5 a list variable in a scalar position",
    query: "query q($l: [Int]) { products(limit: $l) { id } }",
  },
  {
    name: "5.8.5 a variable in an input object",
    query: `mutation m($price: String!) { addProduct(data: { title: "t", price: $price, description: "d", categoryId: 1, images: [] }) { id } }`,
  },
  {
    name: "5.8.5 nullable items into a list of non-null",
    query: `mutation m($images: [String]!) { addProduct(data: { title: "t", price: 1, description: "d", categoryId: 1, images: $images }) { id } }`,
  },
  // Several rules at once: every error is reported, not just the first.
  {
    name: "5 several errors in one document",
    query: `query q($unused: Int) { products(first: 1) { id titel ...missing } product { id } }`,
  },
];

// Mutations last, as the cases above read the catalog as seeded; each is run once by the server
// and once by the reference, so it must give the same answer twice.
const mutations = [
  {
    name: "6.1.2 input object variables, a single value coerced to a list",
    runs: true,
    query: `mutation add($data: CreateProductDto!) {
  addProduct(data: $data) { title price description images category { id name } }
}`,
    variables: {
      data: {
        title: "Conformance Lamp",
        price: 12.5,
        description: "Made by the conformance test.",
        categoryId: 2,
        images: "https://img.example.com/conformance-lamp.png",
      },
    },
    auth: true,
  },
  {
    name: "6.1.2 input object literals with variables inside, a default input object",
    runs: true,
    query: `mutation edit($id: ID!, $title: String!, $changes: UpdateProductDto = { price: 31.25, images: ["https://img.example.com/b.png"] }) {
  first: updateProduct(id: $id, changes: { title: $title, images: "https://img.example.com/a.png" }) { id title images }
  then: updateProduct(id: $id, changes: $changes) { id title price images }
}`,
    variables: { id: 7, title: "Edited By Conformance" },
    auth: true,
  },
  {
    name: "6.1.2 a list variable inside an input object literal",
    runs: true,
    query: `mutation pictures($id: ID!, $images: [String!]!) { updateProduct(id: $id, changes: { images: $images }) { id images } }`,
    variables: { id: "8", images: ["https://img.example.com/c.png", "https://img.example.com/d.png"] },
    auth: true,
  },
  {
    name: "6.1.2 an input object field given null",
    query: `mutation edit($changes: UpdateProductDto!) { updateProduct(id: 7, changes: $changes) { id title } }`,
    variables: { changes: { title: null } },
    auth: true,
  },
];

const signIn = await rest("POST", "/auth/login", { email: adminEmail, password: adminPassword });
const token = signIn.access_token;

// graphql-js's answer: a syntax error, validation errors, or an execution's result.
async function expected(c) {
  let document;
  try {
    document = parse(c.query);
  } catch (error) {
    return { errors: [error.toJSON()] };
  }
  const errors = validate(ours, document);
  if (errors.length > 0) return { errors: errors.map((e) => e.toJSON()) };
  const args = {
    schema: ours,
    document,
    rootValue: rootValue(c.auth ? token : undefined),
    variableValues: c.variables,
    operationName: c.operationName,
  };
  // A subscription goes to subscribe(), which answers a schema without a subscription root with
  // an error and no data (execute() would add "data": null).
  const subscription = getOperationAST(document, c.operationName)?.operation === "subscription";
  const result = subscription ? await subscribe(args) : await execute(args);
  return JSON.parse(JSON.stringify(result));
}

// The errors as comparable text, sorted (the specification does not order them).
function errorKeys(errors) {
  return (errors || [])
    .map((e) => {
      const at = (e.locations || []).map((l) => `${l.line}:${l.column}`).join(" ");
      const path = e.path ? ` path ${JSON.stringify(e.path)}` : "";
      return `${JSON.stringify(e.message)} at [${at}]${path}`;
    })
    .sort();
}

function compareAnswers(want, got) {
  const problems = [];
  if (!got || typeof got !== "object") return [`not a GraphQL response: ${show(got)}`];
  if ("data" in want !== "data" in got) {
    problems.push(`"data" is ${"data" in want ? "expected" : "not expected"} (errors before execution have none)`);
  }
  if ("data" in want && "data" in got) {
    for (const line of differences(want.data, got.data, "data")) problems.push(line);
  }
  const wanted = errorKeys(want.errors);
  const gotten = errorKeys(got.errors);
  if (!!want.errors !== !!got.errors) {
    problems.push(`"errors" is ${want.errors ? "expected" : "not expected"}`);
  }
  for (const line of wanted.filter((k) => !gotten.includes(k))) problems.push(`missing error: ${line}`);
  for (const line of gotten.filter((k) => !wanted.includes(k))) problems.push(`unexpected error: ${line}`);
  return problems;
}

async function run(c) {
  const request = { query: c.query };
  if (c.variables) request.variables = c.variables;
  if (c.operationName) request.operationName = c.operationName;
  const answers = [["POST", await graphqlPost(request, c.auth ? token : undefined)]];
  const mutation = /^\s*mutation\b/m.test(c.query);
  if (!mutation && !c.auth) answers.push(["GET", await graphqlGet(request)]);
  const want = await expected(c);
  // A case written to run must run: a slip in it would otherwise pass as an agreed error.
  if (c.runs && (want.errors || !want.data)) {
    check(`${c.name}: graphql-js runs it`, [`graphql-js answers ${JSON.stringify(want).slice(0, 500)}`]);
    return;
  }
  for (const [method, got] of answers) {
    const name = `${c.name} (${method})`;
    const problems = compareAnswers(want, got);
    if (!c.known) {
      check(name, problems);
    } else if (problems.length > 0) {
      known.push(name);
      console.log(`KNOWN ${name}: ${c.known}`);
      for (const line of problems) console.log(`  ${line}`);
    } else {
      check(name, [`agrees with graphql-js now: drop its "known" note`]);
    }
  }
}

for (const c of cases) await run(c);
for (const c of mutations) await run(c);

const seconds = ((performance.now() - started) / 1000).toFixed(2);
console.log(`${passed} checks passed, ${failures.length} failed, ${known.length} known differences (${seconds} s)`);
process.exit(failures.length === 0 ? 0 : 1);
