import { describe, expect, it } from "vitest";
import { stepMatch } from "./matches";

describe("stepMatch", () => {
  it("moves and wraps at both ends", () => {
    expect(stepMatch(0, 1, 3)).toBe(1);
    expect(stepMatch(2, 1, 3)).toBe(0);
    expect(stepMatch(0, -1, 3)).toBe(2);
    expect(stepMatch(1, -1, 3)).toBe(0);
  });
  it("stays at 0 without marks", () => {
    expect(stepMatch(0, 1, 0)).toBe(0);
    expect(stepMatch(0, -1, 0)).toBe(0);
  });
});
