import { loadCorpus, loadCaptions } from "./lib/corpus.ts";
import { toyRetrieve } from "./lib/toy-embedding.ts";
import { lexicalScore } from "@qwen-rerank/testing";
import path from "node:path";
const { items, queries } = loadCorpus();
const captions = loadCaptions();
for (const q of queries) {
  const t = toyRetrieve(q.text, items.filter(i=>i.kind==="text"), 5);
  const m = toyRetrieve(q.text, items.filter(i=>i.kind!=="text"), 3);
  const hits = [];
  for (let r=0;r<5;r++){ if(t[r])hits.push(t[r]); if(m[r])hits.push(m[r]); }
  console.log("\n#", q.text);
  const scored = hits.map((h, i) => {
    const words = h.item.kind === "image" ? captions[path.basename(h.item.imagePath!)]! : h.item.kind === "video" ? captions[h.item.url!]! : h.item.text;
    return { i, id: h.item.id, r: h.score.toFixed(3), s: lexicalScore(q.text, words) };
  });
  for (const s of scored) console.log(s.i, s.id, s.r, s.s);
  console.log("reranked:", [...scored].sort((a, b) => b.s - a.s || a.i - b.i).map((s) => s.id).slice(0, 4).join(", "));
}
