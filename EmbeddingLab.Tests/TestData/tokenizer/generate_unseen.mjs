// Writes unseen.json: 400 strings of kinds expected.json does not generate (prose with contractions, units, prices,
// code, maths, markup, paths, names, whole sentences in other scripts, emoji sequences, odd whitespace), from its own
// seed, with the ids @lenml/tokenizers (a JavaScript port of Hugging Face tokenizers reading the same tokenizer.json
// of sentence-transformers/all-MiniLM-L6-v2) gives them; @huggingface/tokenizers cross-checks each.
//   cd EmbeddingLab.Tests/TestData/tokenizer && npm ci && node generate_unseen.mjs
// The same JS-vs-Rust differences as generate.mjs are left out (İ, Σ, CJK beyond the BMP, unassigned code points).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tokenizerJson, hf, lenml, mulberry32 } from "./minilm.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

const rand = mulberry32(977_2025); // not generate.mjs's seed
const pick = (a) => a[Math.floor(rand() * a.length)];
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const words = Object.keys(tokenizerJson.model.vocab).filter((w) => /^[a-z]{3,}$/.test(w));
const cap = (w) => w[0].toUpperCase() + w.slice(1);

const contractions = ["don't", "it's", "we're", "they'll", "I'd", "can't", "o'clock", "rock'n'roll", "y'all", "ma'am"];
const names = ["Zoë", "Ångström", "Dvořák", "Øresund", "Łódź", "São Paulo", "Müller", "François", "Señor Núñez", "Björk", "Škoda", "Şişli", "Đorđe", "straße", "GROẞ", "naïve", "coöperate", "Ærøskøbing", "Curaçao", "Tromsø"];
const units = () => pick([`${int(1, 999)}kg`, `${int(1, 99)}.${int(0, 9)} km/h`, `$${int(0, 999)}.${int(10, 99)}`, `€${int(1, 99)},${int(10, 99)}`, `£${int(1, 9)}`, `${int(0, 100)}%`, `${int(1, 40)}°C`, `${int(1, 12)}:${int(10, 59)}pm`, `${int(1990, 2030)}-${int(10, 12)}-${int(10, 28)}`, `½ cup`, `¾"`, `x²`, `H₂O`, `10⁻³`, `№ ${int(1, 99)}`, `±${int(1, 9)}`, `${int(2, 9)}×${int(2, 9)}`]);
const code = () => pick([`foo(bar[${int(0, 9)}]) += 1;`, `if (a <= b && c != d) { return x->y; }`, `let ${pick(words)} = \`${pick(words)}\${n}\`;`, `SELECT * FROM ${pick(words)} WHERE id=${int(1, 99)};`, `#include <stdio.h>`, `def ${pick(words)}(self, *args, **kw):`, `a ^= b | ~c & d`, `arr.map(x => x ** 2)`, `~/src/${pick(words)}/main.rs:${int(1, 300)}`, `C:\\Users\\${cap(pick(words))}\\file.txt`]);
const maths = () => pick([`x^2 + y^2 = z^2`, `∀x ∈ ℝ: x² ≥ 0`, `∑_{i=1}^{n} i = n(n+1)/2`, `f′(x) ≈ Δy/Δx`, `√2 ≠ 1.414…`, `α + β = γ`, `A ⊂ B ∪ C`, `∫₀¹ x dx = ½`, `P(A|B) < 0.05`, `3 ≤ n ≤ 7`]);
const markup = () => pick([`<p class="${pick(words)}">${pick(words)}</p>`, `**${pick(words)}** and _${pick(words)}_`, `# ${cap(pick(words))}\n\n- ${pick(words)}\n- ${pick(words)}`, `[${pick(words)}](https://${pick(words)}.io/${pick(words)})`, `&amp; &lt;tag&gt; &#169;`, `{"${pick(words)}": [${int(1, 9)}, null, true]}`, `| a | b |\n|---|---|`, `> quoted ${pick(words)}`]);
const scriptsSentences = ["안녕하세요, 만나서 반갑습니다.", "한국어 문장은 띄어쓰기를 합니다", "नमस्ते, आप कैसे हैं?", "हिन्दी में लिखा गया वाक्य।", "क्षत्रिय ज्ञान श्री", "สวัสดีครับ ยินดีที่ได้รู้จัก", "مرحبا بالعالم، كيف حالك؟", "الْعَرَبِيَّة مَعَ التَّشْكِيل", "שָׁלוֹם עוֹלָם", "Привет, как дела? Ёлка и ёж.", "Γειά σου κόσμε, τι κάνεις;", "Xin chào, tôi là người Việt Nam.", "こんにちは、世界！カタカナとひらがな。", "你好，世界。我们在学习。", "ქართული ენა", "Բարեւ աշխարհ", "ᠮᠣᠩᠭᠣᠯ", "தமிழ் மொழி", "বাংলা ভাষা", "ગુજરાતી", "ਪੰਜਾਬੀ", "తెలుగు", "ಕನ್ನಡ", "മലയാളം", "සිංහල", "ພາສາລາວ", "ខ្មែរ", "မြန်မာ", "ትግርኛ", "ᏣᎳᎩ"];
const emoji = ["👩🏾‍🔬", "🧔🏻‍♂️", "👨‍👨‍👦‍👦", "🏴‍☠️", "🇬🇧🇩🇪", "🫠", "🪿", "😶‍🌫️", "❤️‍🔥", "🤝🏼", "👁️‍🗨️", "🔢", "⌚", "©️", "#️⃣", "🅰️", "〰️", "⭐", "🀄", "🃏"];
const spaces = [" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2002", "\u3000", "\u200b", "\u2028", " \t "];

function prose() {
  const out = [];
  const n = int(3, 30);
  for (let i = 0; i < n; i++) {
    const r = rand();
    out.push(r < 0.55 ? pick(words) : r < 0.65 ? cap(pick(words)) : r < 0.72 ? pick(contractions) : r < 0.8 ? pick(names) : r < 0.88 ? units() : r < 0.93 ? `"${pick(words)}"` : `${pick(words)}-${pick(words)}`);
    if (rand() < 0.12) out[out.length - 1] += pick([",", ";", ":", "…", "—", "!", "?", ".", ")", "'s"]);
  }
  return out.join(pick([" ", " ", " ", "  ", "\t"])) + pick([".", "!", "?", "", "...", " :)"]);
}
const generators = [
  prose, prose, prose,
  code, maths, markup,
  () => pick(scriptsSentences) + (rand() < 0.5 ? " " + prose() : ""),
  () => `${pick(scriptsSentences)} ${pick(emoji)} ${pick(scriptsSentences)}`,
  () => { let s = ""; const n = int(2, 10); for (let i = 0; i < n; i++) s += pick(words) + pick(spaces); return s; },
  () => prose() + " " + pick(emoji) + pick(emoji) + " " + pick(names),
  () => `${cap(pick(words))} ${units()} ${maths()} ${code()}`,
  () => `${pick(names)} <${pick(words)}@${pick(words)}.${pick(["com", "de", "co.uk", "中国"])}> ${pick(["+", "="])}${int(100, 999)} ${pick(["™", "©", "®", "℠"])}`,
];

const cases = [];
const seen = new Set();
let disagreements = 0;
while (cases.length < 400) {
  const text = pick(generators)();
  if (seen.has(text) || /[\u0130\u03a3\u{20000}-\u{2fa1f}]/u.test(text) || /\p{Cn}/u.test(text)) continue;
  seen.add(text);
  const ids = lenml.encode(text);
  if (JSON.stringify(ids) !== JSON.stringify(hf.encode(text).ids)) disagreements++;
  cases.push({ text, ids });
}
const out = {
  tokenizer: "sentence-transformers/all-MiniLM-L6-v2 tokenizer.json",
  reference: "@lenml/tokenizers 3.7.2 encode (special tokens added, no truncation or padding); @huggingface/tokenizers 0.2.0 cross-check",
  disagreements_between_references: disagreements,
  cases,
};
fs.writeFileSync(path.join(here, "unseen.json"), JSON.stringify(out));
console.log(`${cases.length} cases, ${disagreements} where the two references disagree`);
