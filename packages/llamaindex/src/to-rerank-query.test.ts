import type { MessageContent } from "@llamaindex/core/llms";
import { InvalidArgumentError } from "@qwen-rerank/core";
import { describe, expect, it } from "vitest";
import { toRerankQuery } from "./to-rerank-query.js";

const multimodal = { imageQuery: true };

describe("toRerankQuery", () => {
  it("keeps a string, and unwraps a QueryBundle { query }", () => {
    expect(toRerankQuery("cats", multimodal)).toEqual({ query: "cats", warnings: [] });
    expect(toRerankQuery({ query: "cats" } as unknown as MessageContent, multimodal)).toEqual({
      query: "cats",
      warnings: [],
    });
  });

  it("sends the first of several images and warns about the rest and about ignored parts", () => {
    const { query, warnings } = toRerankQuery(
      [
        { type: "image_url", image_url: { url: "https://a.example/1.png" } },
        { type: "image_url", image_url: { url: "https://a.example/2.png" } },
        { type: "audio", data: "AAAA", mimeType: "audio/wav" },
      ] as MessageContent,
      multimodal,
    );
    expect(query).toEqual({ image: "https://a.example/1.png" });
    expect(warnings.map(({ details }) => details)).toEqual([
      expect.stringMatching(/"audio" query part was ignored/),
      expect.stringMatching(/2 images; only the first/),
    ]);
  });

  it("keeps an image part's data that is already a data URI", () => {
    expect(
      toRerankQuery([{ type: "image", data: "data:image/jpeg;base64,/9j/", mimeType: "image/jpeg" }], multimodal).query,
    ).toEqual({
      image: "data:image/jpeg;base64,/9j/",
    });
  });

  it.each<[string, unknown]>([
    ["undefined", undefined],
    ["null", null],
    ["a blank string", " \n"],
    ["a number", 42],
    ["an empty array", []],
    ["audio only", [{ type: "audio", data: "AAAA", mimeType: "audio/wav" }]],
  ])("refuses %s with InvalidArgumentError", (_, query) => {
    expect(() => toRerankQuery(query as MessageContent, multimodal)).toThrow(
      expect.toSatisfy(InvalidArgumentError.isInstance),
    );
  });
});
