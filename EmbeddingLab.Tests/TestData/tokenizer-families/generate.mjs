// Writes two small Hugging Face tokenizer.json files, one per family the library tokenizers cover besides WordPiece:
//   bpe/tokenizer.json      byte-level BPE as GPT-2/RoBERTa (ByteLevel pre-tokenizer, RobertaProcessing <s> … </s>),
//                           merges learnt here by plain BPE counting over the corpus below
//   unigram/tokenizer.json  SentencePiece Unigram as XLM-R (Replace(" {2,}", " "), Metaspace, <s> … </s>), pieces and
//                           log-probability scores from word and affix counts over the same corpus
// and texts.json, the strings the tests encode. Vocabularies stay under 387 ids so the tiny test BERT's embedding table
// (../tiny-bert) can run them end to end. Deterministic; no dependencies:
//   node generate.mjs        (then commit bpe/, unigram/ and texts.json)
// The reference ids are not stored: the tests run ../tokenizer/reference.mjs (@lenml/tokenizers) at test time.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = `the quick brown fox jumps over the lazy dog
a dog and a cat played in the garden while the sun was shining
music and songs make the evening better for everyone
the players won the match and the team was happy
reading books and learning new words every day
she sings songs in the morning and he plays the guitar at night
we are learning to encode sentences into vectors
the market prices rose again and the bank raised rates
it's raining today but tomorrow will be sunny
they don't know where the river meets the sea
unhappy readers rewrote the ending of the story
walking talking singing dancing reading writing`.split("\n");

const write = (rel, obj) => {
  fs.mkdirSync(path.dirname(path.join(here, rel)), { recursive: true });
  fs.writeFileSync(path.join(here, rel), JSON.stringify(obj, null, 1) + "\n");
};

// ---------- byte-level BPE ----------
// GPT-2's byte → unicode table, restricted to printable ASCII plus space (Ġ) and newline (Ċ).
const byteChar = (b) => (b >= 33 && b <= 126 ? String.fromCharCode(b) : b === 32 ? "\u0120" : b === 10 ? "\u010a" : null);
const specials = ["<s>", "<pad>", "</s>", "<unk>"];
const bpeVocab = {};
for (const s of specials) bpeVocab[s] = Object.keys(bpeVocab).length;
for (const b of [10, 32, ...Array.from({ length: 94 }, (_, i) => 33 + i)]) bpeVocab[byteChar(b)] = Object.keys(bpeVocab).length;
// Words as GPT-2's regex splits them (" word" keeps its space), in byte characters.
const words = corpus.flatMap((line) => line.match(/'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu));
let seqs = words.map((w) => [...Buffer.from(w, "utf8")].map(byteChar));
const merges = [];
for (let step = 0; step < 120; step++) {
  const counts = new Map();
  for (const s of seqs) for (let i = 0; i + 1 < s.length; i++) {
    const k = s[i] + " " + s[i + 1];
    counts.set(k, (counts.get(k) || 0) + 1);
  }
  let best = null, bestCount = 1;
  for (const [k, c] of counts) if (c > bestCount || (c === bestCount && best !== null && k < best)) { best = k; bestCount = c; }
  if (best === null) break;
  const [a, b] = best.split(" ");
  merges.push(best);
  bpeVocab[a + b] = Object.keys(bpeVocab).length;
  seqs = seqs.map((s) => {
    const out = [];
    for (let i = 0; i < s.length; i++) {
      if (i + 1 < s.length && s[i] === a && s[i + 1] === b) { out.push(a + b); i++; } else out.push(s[i]);
    }
    return out;
  });
}
const bpeMask = Object.keys(bpeVocab).length;
bpeVocab["<mask>"] = bpeMask;
const added = (content, id, lstrip = false) => ({ id, content, single_word: false, lstrip, rstrip: false, normalized: false, special: true });
write("bpe/tokenizer.json", {
  version: "1.0",
  truncation: null,
  padding: null,
  added_tokens: [...specials.map((s, i) => added(s, i)), added("<mask>", bpeMask, true)],
  normalizer: null,
  pre_tokenizer: { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true },
  post_processor: { type: "RobertaProcessing", sep: ["</s>", 2], cls: ["<s>", 0], trim_offsets: true, add_prefix_space: false },
  decoder: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
  model: { type: "BPE", dropout: null, unk_token: "<unk>", continuing_subword_prefix: "", end_of_word_suffix: "", fuse_unk: false, byte_fallback: false, vocab: bpeVocab, merges },
});
write("bpe/tokenizer_config.json", { tokenizer_class: "RobertaTokenizer", model_max_length: 64, bos_token: "<s>", eos_token: "</s>", unk_token: "<unk>", pad_token: "<pad>", mask_token: "<mask>", add_prefix_space: false });

// ---------- Unigram ----------
const wordCounts = new Map();
for (const w of corpus.join(" ").split(/\s+/)) wordCounts.set(w, (wordCounts.get(w) || 0) + 1);
const pieces = new Map(); // piece -> count
const addPiece = (p, c) => pieces.set(p, (pieces.get(p) || 0) + c);
for (const [w, c] of wordCounts) if (!w.includes("'")) addPiece("\u2581" + w, c);
for (const ch of "abcdefghijklmnopqrstuvwxyz'") addPiece(ch, 1);
addPiece("\u2581", 3);
for (const affix of ["ing", "ed", "er", "s", "ly", "\u2581un", "\u2581re", "\u2581walk", "\u2581talk", "\u2581sing", "\u2581read", "\u2581writ", "\u2581danc"]) addPiece(affix, 4);
const total = [...pieces.values()].reduce((a, b) => a + b, 0);
const unigramVocab = [["<s>", 0], ["<pad>", 0], ["</s>", 0], ["<unk>", 0]];
for (const [p, c] of [...pieces].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))) unigramVocab.push([p, Math.round(Math.log(c / total) * 1e4) / 1e4]);
const uniMask = unigramVocab.length;
unigramVocab.push(["<mask>", 0]);
write("unigram/tokenizer.json", {
  version: "1.0",
  truncation: null,
  padding: null,
  added_tokens: [...specials.map((s, i) => added(s, i)), added("<mask>", uniMask, true)],
  normalizer: { type: "Sequence", normalizers: [{ type: "Replace", pattern: { Regex: " {2,}" }, content: " " }] },
  pre_tokenizer: { type: "Metaspace", replacement: "\u2581", add_prefix_space: true, prepend_scheme: "always", split: true },
  post_processor: {
    type: "TemplateProcessing",
    single: [{ SpecialToken: { id: "<s>", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "</s>", type_id: 0 } }],
    pair: [{ SpecialToken: { id: "<s>", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "</s>", type_id: 0 } },
      { SpecialToken: { id: "</s>", type_id: 0 } }, { Sequence: { id: "B", type_id: 0 } }, { SpecialToken: { id: "</s>", type_id: 0 } }],
    special_tokens: { "<s>": { id: "<s>", ids: [0], tokens: ["<s>"] }, "</s>": { id: "</s>", ids: [2], tokens: ["</s>"] } },
  },
  decoder: { type: "Metaspace", replacement: "\u2581", add_prefix_space: true, prepend_scheme: "always", split: true },
  model: { type: "Unigram", unk_id: 3, vocab: unigramVocab, byte_fallback: false },
});
write("unigram/tokenizer_config.json", { tokenizer_class: "XLMRobertaTokenizer", model_max_length: 64, bos_token: "<s>", eos_token: "</s>", unk_token: "<unk>", pad_token: "<pad>", mask_token: "<mask>" });

write("texts.json", [
  "the quick brown fox jumps over the lazy dog",
  "The Quick Brown Fox!",
  "she sings songs, he plays the guitar.",
  "it's raining; they don't know",
  "unhappy readers rewrote the endings",
  "walking talking singing dancing",
  "  leading spaces",
  "trailing space ",
  "many    spaces   between words",
  "tabs\tand\nnew lines",
  "numbers 12345 and 3.14",
  "punctuation!!! ... ??? (brackets) [square] {curly}",
  "a <mask> in the middle",
  "<s>already special</s>",
  "café naïve résumé",
  "emoji 🙂 here",
  "x",
  "",
  " ",
  "supercalifragilisticexpialidocious",
  "learning to encode sentences into vectors every day",
  "the bank raised rates again",
  "UPPER lower MiXeD",
  "email@example.com http://x.y/z?q=1",
]);
console.log("bpe vocab", Object.keys(bpeVocab).length, "merges", merges.length, "; unigram vocab", unigramVocab.length);
