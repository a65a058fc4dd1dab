import { describe, expect, it } from "vitest";
import { lexicalScore, mediaWords, terms, tokenize } from "./lexical-score.js";

describe("tokenize / terms", () => {
  it("lower-cases Unicode words and splits CJK per character", () => {
    expect(tokenize("Héllo, WORLD 42! 重排序 model-3")).toEqual([
      "héllo",
      "world",
      "42",
      "重",
      "排",
      "序",
      "model",
      "3",
    ]);
  });

  it("drops stop words and a plural -s, but keeps an all-stop-word text", () => {
    expect(terms("What is a rerank model? Models!")).toEqual(["rerank", "model", "model"]);
    expect(terms("what is it")).toEqual(["what", "is", "it"]);
  });
});

describe("mediaWords", () => {
  it("reads a URL's file name without its extension", () => {
    expect(mediaWords("https://cdn.example.com/a/red-running-shoes.jpg?x=1")).toEqual(["red", "running", "shoe"]);
    expect(mediaWords("https://example.com/new+video.mp4")).toEqual(["new", "video"]);
  });

  it("prefers a caption, and gives a data URI no words without one", () => {
    const uri = "data:image/png;base64,AAAA";
    expect(mediaWords("https://example.com/x.jpg", { "https://example.com/x.jpg": "A blue whale" })).toEqual([
      "blue",
      "whale",
    ]);
    expect(mediaWords(uri)).toEqual([]);
    expect(mediaWords(uri, { [uri]: "sunset" })).toEqual(["sunset"]);
  });
});

describe("lexicalScore", () => {
  it("ranks a document sharing more distinct query words higher, within [0, 1)", () => {
    const query = "red running shoe for trail";
    const two = lexicalScore(query, "a red shoe");
    const three = lexicalScore(query, "running shoe for the trail, long text that goes on and on about other things");
    expect(three).toBeGreaterThan(two);
    expect(two).toBeGreaterThan(lexicalScore(query, "a blue hat"));
    expect(lexicalScore(query, "red running shoe trail")).toBeLessThan(1);
    expect(lexicalScore(query, "a blue hat")).toBe(0);
  });

  it("separates documents with the same overlap by density, deterministically", () => {
    const a = lexicalScore("shoe", "shoe shop");
    const b = lexicalScore("shoe", "shoe shop in the old town centre");
    expect(a).toBeGreaterThan(b);
    expect(lexicalScore("shoe", "shoe shop")).toBe(a);
    expect(String(a).split(".")[1]?.length ?? 0).toBeLessThanOrEqual(6);
  });

  it("scores images and mixed documents by caption or file name words", () => {
    expect(lexicalScore("red shoe", { image: "https://x.test/red-shoe.png" })).toBeGreaterThan(0);
    expect(
      lexicalScore("whale", { image: "https://x.test/1.png" }, { "https://x.test/1.png": "a whale" }),
    ).toBeGreaterThan(0);
    const mixed = lexicalScore("red shoe", { text: "red", image: "https://x.test/shoe.png" });
    expect(mixed).toBeGreaterThan(lexicalScore("red shoe", { text: "red" }));
    expect(lexicalScore({ image: "https://x.test/shoe.png" }, "a shoe")).toBeGreaterThan(0);
  });
});
