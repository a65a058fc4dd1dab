import { readFileSync } from "node:fs";
import ts from "typescript";

/** The `@default` tag of each property of the named interface in `file`, as written. */
export function documentedDefaults(file: string, interfaceName: string): Map<string, string> {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const defaults = new Map<string, string>();
  const visit = (node: ts.Node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === interfaceName) {
      for (const member of node.members) {
        if (!ts.isPropertySignature(member) || !ts.isIdentifier(member.name)) continue;
        const tag = ts.getJSDocTags(member).find((item) => item.tagName.text === "default");
        const comment = typeof tag?.comment === "string" ? tag.comment : ts.getTextOfJSDocComment(tag?.comment);
        if (comment !== undefined) defaults.set(member.name.text, comment.trim());
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return defaults;
}

/** A default as a doc comment writes it: numbers plain, strings in double quotes. */
export const asDocumented = (value: unknown): string =>
  typeof value === "string" ? JSON.stringify(value) : String(value);
