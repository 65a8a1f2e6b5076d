#!/usr/bin/env node
// Tokenizer peer of `medmlnet bench --data --peer-node`: times the Rust cores that the Python `tokenizers` and
// `tiktoken` packages wrap, through their npm builds (Node cannot reach PyPI's wheels here):
//   hf       tokenizers (npm): Hugging Face tokenizers' Rust core (huggingface/tokenizers bindings/node), tokenizer.json as is
//   tiktoken tiktoken (npm): OpenAI's tiktoken Rust core compiled to WASM, ranks and regex taken from the same tokenizer.json
// Encodes every text of --texts (JSON lines, one string each) without special tokens, writes the ids of one pass to
// --ids-out (JSON lines, one array each) for the bench to compare with its own, then repeats passes for --seconds and
// prints one JSON line: tokens_per_second, total_tokens (one pass), version, threading.
// Threading: hf runs encodeBatch with TOKENIZERS_PARALLELISM=false and RAYON_NUM_THREADS=1 (set by the bench), i.e. one
// Rust thread per batch, one N-API call per pass; tiktoken is single-threaded WASM on Node's main thread.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
for (const k of ["prefix", "peer", "tokenizer", "texts", "ids-out"]) if (!args[k]) throw new Error(`--${k} is required`);
const seconds = Number(args.seconds ?? "3");
const require = createRequire(join(args.prefix, "node_modules", "_"));
const texts = readFileSync(args.texts, "utf8").split("\n").filter((l) => l.length > 0).map((l) => JSON.parse(l));
const json = JSON.parse(readFileSync(args.tokenizer, "utf8"));
const versionOf = (name) => JSON.parse(readFileSync(join(args.prefix, "node_modules", name, "package.json"), "utf8")).version;

// The inverse of GPT-2's bytes_to_unicode: tokenizer.json spells each byte as one printable code point.
function byteDecoder() {
  const bs = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const cs = [...bs];
  for (let b = 0, n = 0; b < 256; b++) if (!bs.includes(b)) { bs.push(b); cs.push(256 + n++); }
  return new Map(cs.map((c, i) => [String.fromCodePoint(c), bs[i]]));
}

// tiktoken's mergeable ranks from a byte-level BPE tokenizer.json: rank = id, bytes = the spelling decoded.
function tiktokenRanks() {
  const dec = byteDecoder();
  const lines = Object.entries(json.model.vocab).map(([spelling, id]) =>
    `${Buffer.from([...spelling].map((ch) => { const b = dec.get(ch); if (b === undefined) throw new Error(`not byte-level: ${spelling}`); return b; })).toString("base64")} ${id}`);
  return lines.join("\n") + "\n";
}

function splitRegex(node) {
  if (node && typeof node === "object") {
    if (node.type === "Split" && node.pattern?.Regex) return node.pattern.Regex;
    for (const v of Object.values(node)) { const r = splitRegex(v); if (r) return r; }
  }
  return null;
}

async function makePeer() {
  if (args.peer === "hf") {
    const { Tokenizer } = require("tokenizers");
    const tokenizer = Tokenizer.fromFile(args.tokenizer);
    return {
      version: `tokenizers (npm) ${versionOf("tokenizers")}, Hugging Face tokenizers Rust core (N-API)`,
      threading: `encodeBatch, TOKENIZERS_PARALLELISM=${process.env.TOKENIZERS_PARALLELISM ?? "unset"}, RAYON_NUM_THREADS=${process.env.RAYON_NUM_THREADS ?? "unset"}`,
      encodeAll: async () => (await tokenizer.encodeBatch(texts, { addSpecialTokens: false })).map((e) => e.getIds()),
    };
  }
  if (args.peer === "tiktoken") {
    const { Tiktoken } = require("tiktoken");
    const specials = Object.fromEntries((json.added_tokens ?? []).map((t) => [t.content, t.id]));
    const pattern = splitRegex(json.pre_tokenizer);
    if (!pattern) throw new Error("tokenizer.json has no Split regex pre-tokenizer");
    const enc = new Tiktoken(tiktokenRanks(), specials, pattern);
    return {
      version: `tiktoken (npm) ${versionOf("tiktoken")}, OpenAI tiktoken Rust core (WASM)`,
      threading: "encode_ordinary per text, single-threaded WASM",
      encodeAll: async () => texts.map((t) => enc.encode_ordinary(t)),
    };
  }
  throw new Error(`--peer must be hf or tiktoken, got ${args.peer}`);
}

const peer = await makePeer();
const ids = await peer.encodeAll(); // warm-up and the pass whose ids the bench compares
writeFileSync(args["ids-out"], ids.map((x) => JSON.stringify(Array.from(x))).join("\n") + "\n");
const totalTokens = ids.reduce((n, x) => n + x.length, 0);
let tokens = 0;
const start = process.hrtime.bigint();
let elapsed = 0;
do {
  for (const x of await peer.encodeAll()) tokens += x.length;
  elapsed = Number(process.hrtime.bigint() - start) / 1e9;
} while (elapsed < seconds);
console.log(JSON.stringify({ framework: args.peer, version: peer.version, threading: peer.threading, tokens_per_second: tokens / elapsed, total_tokens: totalTokens, texts: texts.length, node: process.version }));
