import { describe, expect, it } from "vitest";
import { joinParts, namesOf, valueType, yamlText } from "./fields";

describe("front matter form helpers", () => {
  it("labels value types as Jekyll reads them", () => {
    expect(valueType("2024-05-01 10:00:00 +0800")).toBe("date");
    expect(valueType("2024-05-01")).toBe("date");
    expect(valueType("赣州")).toBe("text");
    expect(valueType(2023)).toBe("number");
    expect(valueType(true)).toBe("boolean");
    expect(valueType(["a"])).toBe("list");
    expect(valueType({ a: 1 })).toBe("map");
    expect(valueType(null)).toBe("null");
  });
  it("writes values as YAML that reads back the same", () => {
    expect(yamlText("plain text")).toBe("plain text");
    expect(yamlText("no")).toBe('"no"');
    expect(yamlText("2023")).toBe('"2023"');
    expect(yamlText("a: b")).toBe('"a: b"');
    expect(yamlText(["x", 2022])).toBe("[x, 2022]");
    expect(yamlText(12)).toBe("12");
  });
  it("reads names from lists and space-separated strings", () => {
    expect(namesOf(["a", 2022])).toEqual(["a", "2022"]);
    expect(namesOf("a  b")).toEqual(["a", "b"]);
    expect(namesOf(null)).toEqual([]);
  });
  it("joins parts back into the exact text", () => {
    const p = { head: "---\r\n", yaml: "a: 1\r\n", fence: "---\r\n", body: "x\r\n", has_front_matter: true };
    expect(joinParts(p, p.yaml, p.body)).toBe("---\r\na: 1\r\n---\r\nx\r\n");
    const none = { head: "", yaml: "", fence: "", body: "x\n", has_front_matter: false };
    expect(joinParts(none, "", "x\n")).toBe("x\n");
    expect(joinParts(none, "title: t", "x\n")).toBe("---\ntitle: t\n---\nx\n");
  });
});
