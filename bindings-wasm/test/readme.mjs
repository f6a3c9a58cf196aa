// The JS quickstart of the root README: the ```js block right after the
// `<!-- quickstart:js -->` marker, and what it must print: each
// `console.log(...); // text` line announces its output.
import { readFileSync } from "node:fs";

export const README = new URL("../../README.md", import.meta.url);

export function quickstart() {
  const text = readFileSync(README, "utf8");
  const marker = "<!-- quickstart:js -->";
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`no ${marker} in README.md`);
  const match = /^\s*```js\n([\s\S]*?)\n```/.exec(text.slice(at + marker.length));
  if (!match) throw new Error(`no \`\`\`js block right after ${marker}`);
  const code = match[1];
  const expected = [...code.matchAll(/^\s*console\.log\(.*\);\s*\/\/ (.*)$/gm)].map((m) => m[1]);
  return { code, expected };
}
