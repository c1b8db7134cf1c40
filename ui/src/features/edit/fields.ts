// Pure helpers of the front matter form: which keys get typed fields, what
// type another key's value has, and how a value is shown as YAML text.

/** Keys with their own typed field, in the order the form shows them. */
export const STANDARD_KEYS = [
  "title",
  "date",
  "layout",
  "categories",
  "tags",
  "published",
  "permalink",
  "excerpt",
] as const;

export type ValueType = "text" | "date" | "number" | "boolean" | "list" | "map" | "null";

const DATE = /^\d{4}-\d{1,2}-\d{1,2}([Tt ]\s*\d{1,2}:\d\d(:\d\d)?(\.\d*)?\s*(Z|[-+]\d{1,2}(:?\d\d)?)?)?$/;

/** The type of a front matter value as the form labels it. */
export function valueType(v: unknown): ValueType {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "list";
  if (typeof v === "object") return "map";
  if (typeof v === "boolean") return "boolean";
  if (typeof v === "number") return "number";
  if (typeof v === "string" && DATE.test(v)) return "date";
  return "text";
}

/** A value written as YAML flow text, for the "other keys" inputs. */
export function yamlText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return /^[\p{L}\p{N}][\p{L}\p{N} _.\-/]*$/u.test(v) && !/^(yes|no|on|off|true|false|null|~|\d[\d_.:-]*)$/i.test(v) ? v : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(yamlText).join(", ")}]`;
  if (typeof v === "object") return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${yamlText(k)}: ${yamlText(x)}`).join(", ")}}`;
  return String(v);
}

/** Names in a categories/tags value: a list, or a string split on spaces (Jekyll's rule). */
export function namesOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x) => x !== null && typeof x !== "object").map(String);
  if (typeof v === "string") return v.split(/\s+/).filter(Boolean);
  if (typeof v === "number") return [String(v)];
  return [];
}

/** The whole text from the editor's parts; a block is added when YAML is written into a post without one. */
export function joinParts(p: { head: string; yaml: string; fence: string; body: string; has_front_matter: boolean }, yaml: string, body: string): string {
  if (!p.has_front_matter) {
    if (yaml.trim() === "") return body;
    const eol = body.includes("\r\n") ? "\r\n" : "\n";
    const y = yaml.endsWith("\n") ? yaml : yaml + eol;
    return `---${eol}${y}---${eol}${body}`;
  }
  const eol = p.head.endsWith("\r\n") ? "\r\n" : "\n";
  return p.head + (yaml === "" || yaml.endsWith("\n") ? yaml : yaml + eol) + p.fence + body;
}
