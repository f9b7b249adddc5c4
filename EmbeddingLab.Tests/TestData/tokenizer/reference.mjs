// Test-time reference: reads {"tokenizer": path, "config": path, "texts": [...]} on stdin and prints the ids that
// @lenml/tokenizers (a JavaScript port of Hugging Face tokenizers) gives each text, special tokens added, as JSON.
//   (cd EmbeddingLab.Tests/TestData/tokenizer && npm ci) once; the tests run `node reference.mjs`.
import { TokenizerLoader } from "@lenml/tokenizers";
import fs from "node:fs";

const request = JSON.parse(fs.readFileSync(0, "utf8"));
const tokenizer = TokenizerLoader.fromPreTrained({
  tokenizerJSON: JSON.parse(fs.readFileSync(request.tokenizer, "utf8")),
  tokenizerConfig: JSON.parse(fs.readFileSync(request.config, "utf8")),
});
process.stdout.write(JSON.stringify(request.texts.map((t) => tokenizer.encode(t))) + "\n");
