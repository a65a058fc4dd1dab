import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/** A function or file over the limits that keep the shipped code readable on a screen. */
export interface Oversize {
  file: string;
  what: string;
  lines: number;
}

/** Shipped source files: `packages/<name>/src/**.ts`, tests and the published test doubles aside. */
export function shippedSources(root: string): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!["__tests__", "__fixtures__", "test", "vitest"].includes(entry.name)) walk(full);
      } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) files.push(full);
    }
  };
  for (const name of readdirSync(path.join(root, "packages"))) walk(path.join(root, "packages", name, "src"));
  return files;
}

/** Files over `maxFileLines` lines and functions (of any kind) over `maxFunctionLines`. */
export function oversized(files: readonly string[], maxFileLines: number, maxFunctionLines: number): Oversize[] {
  const found: Oversize[] = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const lineOf = (position: number) => source.getLineAndCharacterOfPosition(position).line;
    if (source.getLineStarts().length > maxFileLines)
      found.push({ file, what: "file", lines: source.getLineStarts().length });
    const visit = (node: ts.Node) => {
      if (ts.isFunctionLike(node) && "body" in node && node.body) {
        const lines = lineOf(node.getEnd()) - lineOf(node.getStart(source)) + 1;
        if (lines > maxFunctionLines)
          found.push({ file, what: `function at line ${lineOf(node.getStart(source)) + 1}`, lines });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}
