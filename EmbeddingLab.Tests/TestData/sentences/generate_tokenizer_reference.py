#!/usr/bin/python3
"""Python's side of scikit-learn's default analyzer, for SklearnTokenizerTests: which code points `\\w` matches in
`(?u)\\b\\w\\w+\\b` (as ranges), what `str.lower()` maps each code point to (where it changes it), which code points its Unicode version leaves unassigned, and the tokens
CountVectorizer's analyzer makes of a few sample strings. Run with Debian's python3 (sklearn 1.2.1):
    /usr/bin/python3 generate_tokenizer_reference.py > tokenizer_reference.json
"""
import json, re, sys, unicodedata
import sklearn
from sklearn.feature_extraction.text import CountVectorizer

word = re.compile(r"\w")
ranges, start = [], None
for cp in range(0x110000 + 1):
    ok = cp < 0x110000 and not (0xD800 <= cp <= 0xDFFF) and word.match(chr(cp)) is not None
    if ok and start is None:
        start = cp
    elif not ok and start is not None:
        ranges.append([start, cp - 1])
        start = None

# Code points this Python's Unicode (14.0) leaves unassigned: .NET may know them from a newer version.
unassigned, start = [], None
for cp in range(0x110000 + 1):
    cn = cp < 0x110000 and unicodedata.category(chr(cp)) == "Cn"
    if cn and start is None:
        start = cp
    elif not cn and start is not None:
        unassigned.append([start, cp - 1])
        start = None

lower = {}
for cp in range(0x110000):
    if 0xD800 <= cp <= 0xDFFF:
        continue
    low = chr(cp).lower()
    if low != chr(cp):
        lower[cp] = low

samples = [
    "Don't panic — it's only a test of the tokenizer's rules. snake_case Café 2023 x",
    "x² 3½ a¼t ⅫB 1st_place",                      # No/Nl numerics are word characters in Python
    "BİLGİSAYAR İstanbul",                          # İ lowers to i + U+0307, which splits the word
    "ΟΔΥΣΣΕΥΣ ΣΑΣ Σ ΑΣ.",                           # final sigma
    "cafe\u0301 na\u0308ive",                         # combining marks (Mn) split words in Python
    "dot\u203ftie under_score fullwidth\uff3fx",    # only '_' among connector punctuation
    "𝐁𝐨𝐥𝐝 math 𐐀𐐁 deseret",                          # astral letters are one code point each
    "Ǆemal ǅ ǆ ℌilbert Ｆｕｌｌ",
]
analyzer = CountVectorizer().build_analyzer()
out = {
    "python": sys.version.split()[0],
    "unicode": unicodedata.unidata_version,
    "sklearn": sklearn.__version__,
    "word_ranges": ranges,
    "unassigned_ranges": unassigned,
    "lower": {str(k): v for k, v in lower.items()},
    "samples": [{"text": s, "tokens": analyzer(s)} for s in samples],
}
json.dump(out, sys.stdout, ensure_ascii=True, separators=(",", ":"))
print()
