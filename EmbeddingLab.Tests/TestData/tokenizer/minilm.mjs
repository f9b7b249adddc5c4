// What generate.mjs and generate_unseen.mjs share: the real tokenizer.json of sentence-transformers/all-MiniLM-L6-v2
// from ../shared/fixtures, the two JavaScript ports of Hugging Face tokenizers reading it, and a seeded PRNG.
import { Tokenizer } from "@huggingface/tokenizers";
import { TokenizerLoader } from "@lenml/tokenizers";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
// shared/ sits beside the repository (../shared from the repo root); a git worktree may be nested deeper, so walk up.
function findFixture() {
  for (let d = path.resolve(here, "../../.."); ; d = path.dirname(d)) {
    const candidate = path.join(d, "..", "shared", "fixtures", "all-MiniLM-L6-v2-tokenizer");
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(d) === d) throw new Error("shared/fixtures/all-MiniLM-L6-v2-tokenizer not found beside the repository");
  }
}
const dir = findFixture();
export const tokenizerJson = JSON.parse(fs.readFileSync(path.join(dir, "tokenizer.json"), "utf8"));
export const tokenizerConfig = JSON.parse(fs.readFileSync(path.join(dir, "tokenizer_config.json"), "utf8"));
export const hf = new Tokenizer(tokenizerJson, tokenizerConfig);
export const lenml = TokenizerLoader.fromPreTrained({ tokenizerJSON: tokenizerJson, tokenizerConfig });

// Deterministic PRNG (mulberry32), so a generated file only changes when its script does.
export function mulberry32(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
