// Regenerates expected.json: thousands of varied strings and the ids two JavaScript ports of Hugging Face tokenizers
// give for them with the real tokenizer.json of sentence-transformers/all-MiniLM-L6-v2.
//   cd EmbeddingLab.Tests/TestData/tokenizer && npm ci && node generate.mjs
// Tests only read expected.json; node is needed only to regenerate it.
//
// Left out on purpose, because these ports differ from the Rust tokenizers crate there (covered by hand-written tests instead):
//  - U+0130 'İ': JS lowercases before stripping accents, Rust strips accents first.
//  - capital sigma 'Σ': JS toLowerCase picks final 'ς' by context, Rust lowercases each character alone ('σ').
//  - CJK ideographs outside the BMP (U+20000…): the JS ports test UTF-16 code units, so they never split them; Rust does.
//  - unassigned code points (Rust removes category Cn, the JS ports do not) and U+2B820–U+2B91F (Rust's CJK range starts at U+2B920).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tokenizerJson, hf, lenml, mulberry32 } from "./minilm.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

const rand = mulberry32(20240601);
const pick = (a) => a[Math.floor(rand() * a.length)];
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const cp = (n) => String.fromCodePoint(n);
const range = (lo, hi) => cp(int(lo, hi));

const vocabWords = Object.keys(tokenizerJson.model.vocab).filter((w) => /^[a-z]{2,}$/.test(w));
const pieces = Object.keys(tokenizerJson.model.vocab).filter((w) => w.startsWith("##") && w.length > 3).map((w) => w.slice(2));
const punct = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
const uniPunct = ["¡", "¿", "«", "»", "—", "–", "…", "‘", "’", "“", "”", "、", "。", "「", "」", "¶", "§", "·", "‹", "›", "‐", "⁂", "※", "〜", "﹏", "＿", "！", "？", "，", "．"];
const symbols = ["€", "£", "¥", "©", "®", "™", "°", "±", "×", "÷", "∑", "√", "∞", "≈", "≠", "→", "←", "★", "♥", "♪", "$", "^", "`", "|", "~", "+", "<", ">", "="];
const accented = [..."àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßāăąćĉčďđēĕėęěĝğġģĥħĩīĭįıĵķĺļľŀłńņňŉŋōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷźżžǎǐǒǔǖǘǚǜǽǿșțẞḀḁḂḃẠạẢảẤấỳỹ"];
const combining = [0x300, 0x301, 0x302, 0x303, 0x304, 0x306, 0x307, 0x308, 0x30a, 0x30b, 0x30c, 0x323, 0x327, 0x328, 0x331, 0x345, 0x36f].map(cp);
const greekLower = [..."αβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊϋΐΰ"];
const greekUpper = [..."ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΤΥΦΧΨΩΆΈΉΊΌΎΏ"]; // no Σ (see above)
const cyrillic = () => range(0x410, 0x44f);
const scripts = [
  () => range(0x4e00, 0x9fff), () => range(0x3400, 0x4dbf), () => range(0xf900, 0xfa6d), 
  () => range(0x3041, 0x3096), () => range(0x30a1, 0x30fa), () => range(0xac00, 0xd7a3), () => range(0x1100, 0x1112),
  cyrillic, () => pick(greekLower), () => pick(greekUpper), () => range(0x5d0, 0x5ea), () => range(0x627, 0x64a),
  () => range(0x915, 0x939), () => range(0x93e, 0x94c), () => range(0xe01, 0xe30), () => range(0xe31, 0xe3a),
  () => range(0x10d0, 0x10f0), () => range(0x531, 0x556), () => range(0x1e00, 0x1eff), () => range(0xff21, 0xff5a),
  () => range(0x2160, 0x217f), () => range(0x2460, 0x24e9), () => range(0xfb00, 0xfb06), () => range(0x1d400, 0x1d4ff),
];
const emoji = ["😀", "😂", "🥰", "👍", "👍🏽", "❤️", "🇫🇷", "🇯🇵", "👨‍👩‍👧", "🧑‍💻", "🙈", "🎉", "🔥", "☕", "✨", "🤖", "🦄", "1️⃣", "✌🏿", "🏳️‍🌈"];
const controls = ["\u0000", "\u0001", "\u0007", "\u0008", "\t", "\n", "\u000b", "\u000c", "\r", "\u001b", "\u001f", "\u007f", "\u0085", "\u0090",
  "\u00a0", "\u00ad", "\u200b", "\u200c", "\u200d", "\u200e", "\u2028", "\u2029", "\u202f", "\u205f", "\u2060", "\u3000", "\ufeff", "\ufffd",
  "\u1680", "\u2003", "\u2009", "\ue000", "\uf8ff", "\u{f0000}", "\u{e0041}", "\u0600", "\u061c"];
const specials = ["[CLS]", "[SEP]", "[MASK]", "[PAD]", "[UNK]", "[cls]", "[Mask]", "[ MASK ]", "[MASK", "MASK]"];

function word() {
  const r = rand();
  if (r < 0.45) return pick(vocabWords);
  if (r < 0.6) { const w = pick(vocabWords); return w[0].toUpperCase() + w.slice(1); }
  if (r < 0.65) return pick(vocabWords).toUpperCase();
  if (r < 0.75) return pick(vocabWords) + pick(pieces) + (rand() < 0.5 ? pick(pieces) : "");
  if (r < 0.82) return String(int(0, 1e6)) + (rand() < 0.3 ? "." + int(0, 99) : "");
  if (r < 0.9) { let w = ""; const n = int(2, 12); for (let i = 0; i < n; i++) w += String.fromCharCode(int(97, 122)); return w; }
  return pick(vocabWords) + pick(accented) + pick(vocabWords);
}
function sentence(n) {
  const out = [];
  for (let i = 0; i < n; i++) { out.push(word()); if (rand() < 0.15) out.push(pick([",", ".", "!", "?", ";", ":"])); }
  return out.join(" ");
}
const generators = [
  () => sentence(int(1, 25)) + pick([".", "?", "!", ""]),
  () => { let s = ""; const n = int(1, 60); for (let i = 0; i < n; i++) s += String.fromCharCode(int(32, 126)); return s; },
  () => { let s = ""; const n = int(1, 40); for (let i = 0; i < n; i++) s += rand() < 0.3 ? pick(punct) : rand() < 0.2 ? " " : String.fromCharCode(int(97, 122)); return s; },
  () => { let s = ""; const n = int(1, 8); for (let i = 0; i < n; i++) s += (rand() < 0.5 ? pick(vocabWords) : "") + pick(accented) + (rand() < 0.5 ? pick(combining) : "") + " "; return s; },
  () => { let s = ""; const n = int(1, 6); for (let i = 0; i < n; i++) s += pick(vocabWords) + pick(combining) + (rand() < 0.3 ? pick(combining) : "") + pick(vocabWords) + " "; return s; },
  () => { let s = ""; const n = int(1, 30); const g = pick(scripts); for (let i = 0; i < n; i++) s += rand() < 0.15 ? " " : g(); return s; },
  () => { let s = ""; const n = int(2, 30); for (let i = 0; i < n; i++) s += rand() < 0.2 ? " " : rand() < 0.3 ? word() : pick(scripts)(); return s; },
  () => sentence(int(1, 6)) + " " + pick(emoji) + pick(emoji) + " " + sentence(int(0, 4)) + pick(emoji),
  () => { let s = ""; const n = int(3, 20); for (let i = 0; i < n; i++) s += rand() < 0.4 ? pick(controls) : rand() < 0.5 ? word() : " "; return s; },
  () => sentence(int(1, 5)) + pick(uniPunct) + sentence(int(1, 5)) + pick(symbols) + pick(uniPunct) + word(),
  () => { const w = pick(["a", "x", "ab", "é", "日", "😀", "supercalifragilistic", "ab-"]); return w.repeat(int(20, 110)); },
  () => { let w = ""; const n = pick([98, 99, 100, 101, 102, int(50, 150)]); for (let i = 0; i < n; i++) w += String.fromCharCode(int(97, 122)); return pick(vocabWords) + " " + w + " " + pick(vocabWords); },
  () => { let w = ""; const n = pick([99, 100, 101]); for (let i = 0; i < n; i++) w += rand() < 0.5 ? "é" : "🙂"; return w; },
  () => sentence(int(0, 4)) + pick(["", " "]) + pick(specials) + pick(["", " "]) + sentence(int(0, 4)) + pick(["", pick(specials)]),
  () => `https://www.${pick(vocabWords)}.com/${pick(vocabWords)}?q=${int(0, 999)}&x=${pick(vocabWords)} mail ${pick(vocabWords)}@${pick(vocabWords)}.org #${pick(vocabWords)} @${pick(vocabWords)}`,
  () => sentence(int(40, 120)),
  () => pick(["", " ", "\t\n", "  \u3000 ", "\u0000", "\ufffd", ".", "...", "a", "A", "I", "日本", "ß", "ﬁ", "Ⅻ", "①②", "𝐀𝐁𝐂", "ｆｕｌｌｗｉｄｔｈ"]),
];

const cases = [];
const seen = new Set();
let disagreements = 0;
while (cases.length < 4000) {
  const text = pick(generators)();
  if (seen.has(text) || /[\u0130\u03a3\u{20000}-\u{2fa1f}]/u.test(text) || /\p{Cn}/u.test(text)) continue;
  seen.add(text);
  const ids = hf.encode(text).ids;
  const other = lenml.encode(text);
  if (JSON.stringify(ids) !== JSON.stringify(other)) disagreements++;
  cases.push({ text, ids });
}
const out = {
  tokenizer: "sentence-transformers/all-MiniLM-L6-v2 tokenizer.json",
  reference: "@huggingface/tokenizers 0.2.0 (encode, special tokens added, no truncation or padding); @lenml/tokenizers 3.7.2 cross-check",
  disagreements_between_references: disagreements,
  cases,
};
fs.writeFileSync(path.join(here, "expected.json"), JSON.stringify(out));
console.log(`${cases.length} cases, ${disagreements} where the two references disagree, ${fs.statSync(path.join(here, "expected.json")).size} bytes`);
