// Builds the browser client: bundles web/src/main.js (Preact and htm) and web/src/styles.css
// with esbuild, names each output by a hash of its bytes (app-3f9a1c2b.js), and writes
// index.html naming them. It bundles GraphiQL (web/graphiql/, React) the same way, apart, into
// graphiql-*.js and graphiql-*.css named by graphiql.html: the store's pages never load it. With
// --header it also writes the C++ header the server is built with (src/CMakeLists.txt runs this),
// so the binary serves both from memory.
//
//   node web/build.mjs --out DIR [--header FILE]
import * as esbuild from "esbuild";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
if (!args.out) {
  console.error("usage: node web/build.mjs --out DIR [--header FILE]");
  process.exit(2);
}

const common = {
  bundle: true,
  minify: true,
  format: "esm",
  // Module scripts in current browsers; nothing older needs supporting.
  target: ["chrome120", "firefox120", "safari16"],
  outdir: args.out,
  write: false,
  legalComments: "none",
  charset: "ascii",
  logLevel: "warning",
};

// GraphiQL's style sheet embeds Roboto and Fira Code as data: URLs, most of its bytes; the page
// sets its text in system fonts instead (web/graphiql/styles.css), and its policy allows no fonts.
const withoutFontFaces = {
  name: "without-font-faces",
  setup(build) {
    build.onLoad({ filter: /[\\/]graphiql[\\/]dist[\\/]style\.css$/ }, (file) => ({
      contents: readFileSync(file.path, "utf8").replace(/@font-face\s*\{[^}]*\}/g, ""),
      loader: "css",
    }));
  },
};

// CodeMirror's search, replace and jump-to-line dialogs give their fields style attributes, which
// GraphiQL's policy blocks; they are taken out, and web/graphiql/styles.css sizes the fields.
const withoutStyleAttributes = {
  name: "without-style-attributes",
  setup(build) {
    build.onLoad({ filter: /[\\/]codemirror[\\/]addon[\\/]search[\\/](search|jump-to-line)\.js$/ }, (file) => {
      const source = readFileSync(file.path, "utf8");
      const contents = source.replace(/"style": "[^"]*", /g, "").replace(/ style="[^"]*"/g, "");
      if (contents === source) throw new Error(`${file.path} sets no style attribute any more: look again at this plugin`);
      return { contents, loader: "js" };
    });
  },
};

// react-style-singleton writes <style> elements, which GraphiQL's policy blocks; its one function
// that does is swapped for web/graphiql/stylesheet-singleton.js, which adopts style sheets.
const adoptedStyleSheets = {
  name: "adopted-style-sheets",
  setup(build) {
    build.onResolve({ filter: /^\.\/singleton(\.js)?$/ }, (args) =>
      /[\\/]react-style-singleton[\\/]/.test(args.importer) ? { path: join(here, "graphiql", "stylesheet-singleton.js") } : undefined,
    );
  },
};

// One page's bundle: its script and style sheet, named by their hashes, and its HTML naming them.
async function page({ entries, prefix, template, options = {} }) {
  const result = await esbuild.build({ ...common, ...options, entryPoints: entries, entryNames: `${prefix}-[hash]` });
  const files = result.outputFiles.map((file) => ({ name: basename(file.path), bytes: file.text }));
  const script = files.find((f) => f.name.endsWith(".js"));
  const styles = files.find((f) => f.name.endsWith(".css"));
  const html = readFileSync(template, "utf8").replace("{{script}}", script.name).replace("{{styles}}", styles.name);
  return { files, html };
}

const [app, graphiql] = await Promise.all([
  page({
    entries: [join(here, "src", "main.js"), join(here, "src", "styles.css")],
    prefix: "app",
    template: join(here, "index.html"),
  }),
  page({
    entries: [join(here, "graphiql", "main.js"), join(here, "graphiql", "styles.css")],
    prefix: "graphiql",
    template: join(here, "graphiql", "index.html"),
    // React's production build: no development checks, and no `process` in a browser.
    options: { define: { "process.env.NODE_ENV": '"production"' }, plugins: [withoutFontFaces, withoutStyleAttributes, adoptedStyleSheets] },
  }),
]);
const files = [...app.files, ...graphiql.files];

// Nothing may come from another origin: the pages' policies would block it, and the server must
// work offline. A style sheet may name only data: URLs (small icons) and no font, a script no
// font or CDN. Nor may a script write <style> elements, which the policies block too (the
// plugin above, should an upgrade of GraphiQL's dependencies slip past it).
for (const file of files) {
  const refused = file.name.endsWith(".css")
    ? file.bytes.match(/url\(\s*["']?(?!data:)[^)]*\)|@import[^;]*;|@font-face/)
    : file.bytes.match(/https?:\/\/(?:fonts\.(?:googleapis|gstatic)\.com|unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com)[^"'`\s]*|createElement\(\s*["'`]style["'`]\s*\)/);
  if (refused) {
    console.error(`web client: ${file.name} has ${refused[0].slice(0, 200)}, which its page's policy refuses`);
    process.exit(1);
  }
}

mkdirSync(args.out, { recursive: true });
writeFileSync(join(args.out, "index.html"), app.html);
writeFileSync(join(args.out, "graphiql.html"), graphiql.html);
for (const file of files) writeFileSync(join(args.out, file.name), file.bytes);

if (args.header) {
  // A raw string literal whose delimiter appears nowhere in the text it holds.
  const literal = (text) => {
    let delimiter = "WEB";
    for (let n = 0; text.includes(`)${delimiter}"`); n++) delimiter = `WEB${n}`;
    return `R"${delimiter}(${text})${delimiter}"`;
  };
  const types = { ".js": "application/javascript; charset=utf-8", ".css": "text/css; charset=utf-8" };
  // Each file's bytes are an array, its size known to the compiler: a string_view made from a
  // pointer alone would count them in a constexpr loop, which GCC stops at 262144 steps.
  const arrays = files.map((f, i) => `inline constexpr char kFile${i}[] = ${literal(f.bytes)};`);
  const entries = files.map((f, i) => `    File{"${f.name}", "${types[f.name.slice(f.name.lastIndexOf("."))]}", {kFile${i}, sizeof kFile${i} - 1}},`);
  const header = `// Generated by web/build.mjs from web/. Do not edit.
#pragma once

#include <array>
#include <string_view>

namespace mercado::api::web_assets {
struct File {
  std::string_view name, type, bytes;
};
inline constexpr std::string_view kIndexHtml = ${literal(app.html)};
inline constexpr std::string_view kGraphiqlHtml = ${literal(graphiql.html)};
${arrays.join("\n")}
inline constexpr std::array<File, ${files.length}> kFiles{
${entries.join("\n")}
};
}  // namespace mercado::api::web_assets
`;
  mkdirSync(dirname(args.header), { recursive: true });
  writeFileSync(args.header, header);
}

for (const file of files) console.log(`web client: ${file.name} ${file.bytes.length} bytes`);
