// The palette's text/background pairs meet WCAG AA (4.5:1) in both themes,
// computed from the variables styles.css really defines (a colour changed
// there can make this fail).
import { getContrast } from "color2k";
import { describe, expect, it } from "vitest";
import css from "../styles.css?raw";

/** The custom properties declared in the first block whose selector is `selector`. */
function block(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`no ${selector} block in styles.css`);
  const body = css.slice(start, css.indexOf("}", start));
  return Object.fromEntries([...body.matchAll(/(--[a-z-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
}

const light = block(":root");
const dark = { ...light, ...block(':root[data-theme="dark"]') };

/** [text, background] variable pairs drawn on top of each other somewhere. */
const pairs: [string, string][] = [
  ["--text", "--bg"],
  ["--mark-text", "--mark-bg"],
  ["--mark-text", "--mark-current-bg"],
  ["--text", "--panel"],
  ["--text", "--surface"],
  ["--text", "--accent-soft"],
  ["--text", "--marked-bg"],
  ["--text", "--row-hover"],
  ["--text", "--code-bg"],
  ["--text", "--menu-hover"],
  ["--text", "--ok-soft"],
  ["--text", "--notice-bg"],
  ["--text-strong", "--ok-soft"],
  ["--text-soft", "--bg"],
  ["--text-soft", "--surface"],
  ["--text-soft", "--ok-soft"],
  ["--muted", "--bg"],
  ["--muted", "--panel"],
  ["--muted", "--surface"],
  ["--muted", "--code-bg"],
  ["--muted", "--notice-subtle-bg"],
  ["--muted", "--soft-bg"],
  ["--accent", "--bg"],
  ["--accent", "--panel"],
  ["--accent", "--surface"],
  ["--accent", "--accent-soft"],
  ["--link", "--bg"],
  ["--link", "--surface"],
  ["--on-accent", "--accent"],
  ["--on-accent-muted", "--accent"],
  ["--on-accent", "--synced-bg"],
  ["--soft-text", "--soft-bg"],
  ["--warn", "--bg"],
  ["--warn", "--warn-soft"],
  ["--warn", "--warn-box"],
  ["--error", "--bg"],
  ["--error", "--surface"],
  ["--error", "--error-bg"],
  ["--error", "--del-bg"],
  ["--error", "--ok-soft"],
  ["--ok", "--ok-bg"],
  ["--ok", "--add-bg"],
  ["--change-text", "--change-bg"],
  ["--conflict-text", "--conflict-bg"],
  ["--notice-text", "--notice-bg"],
  ["--mark-text", "--mark-bg"],
];

describe.each([
  ["light", light],
  ["dark", dark],
])("the %s palette", (_name, palette) => {
  it.each(pairs)("%s on %s is at least 4.5:1", (fg, bg) => {
    expect(palette[fg], fg).toMatch(/^#[0-9a-f]{6}$/);
    expect(palette[bg], bg).toMatch(/^#[0-9a-f]{6}$/);
    expect(getContrast(palette[fg], palette[bg])).toBeGreaterThanOrEqual(4.5);
  });
});

describe("styles.css", () => {
  it("names no colour outside the palette", () => {
    const rules = css.slice(css.indexOf("* { box-sizing"));
    expect(rules.match(/#[0-9a-fA-F]{3,8}\b|rgba?\(|hsla?\(|:\s*(white|black)\b/g)).toBeNull();
  });
  it("defines every variable it uses, in both themes", () => {
    const used = new Set([...css.matchAll(/var\((--[a-z-]+)\)/g)].map((m) => m[1]));
    for (const v of used) expect(light[v], v).toBeDefined();
    expect(Object.keys(block(':root[data-theme="dark"]')).sort()).toEqual(Object.keys(light).sort());
  });
});
