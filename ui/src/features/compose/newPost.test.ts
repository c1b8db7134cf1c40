import { describe, expect, it } from "vitest";
import { dateToSend, emptyForm, escapeAction, extraFields, localDateText, moveAction, postBadge, previewText } from "./newPost";

const opened = emptyForm(new Date(2024, 4, 1, 8, 5, 9), 3);

describe("the new post dialog", () => {
  it("starts with now in the machine's offset, written as gazette new writes it", () => {
    expect(opened.date).toMatch(/^2024-05-01 08:05:09 [+-]\d{4}$/);
    const offset = -new Date(2024, 4, 1).getTimezoneOffset();
    const sign = offset < 0 ? "-" : "+";
    expect(localDateText(new Date(2024, 4, 1))).toBe(
      `2024-05-01 00:00:00 ${sign}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, "0")}${String(Math.abs(offset) % 60).padStart(2, "0")}`,
    );
  });

  it("closes on Escape when nothing was typed, and asks when something was", () => {
    expect(escapeAction(opened, opened, false)).toBe("close");
    expect(escapeAction({ ...opened, draft: true, site: null }, opened, false)).toBe("close");
    expect(escapeAction({ ...opened, title: "  " }, opened, false)).toBe("close");
    expect(escapeAction({ ...opened, title: "赣州" }, opened, false)).toBe("ask");
    expect(escapeAction({ ...opened, date: "2020-01-01" }, opened, false)).toBe("ask");
    expect(escapeAction({ ...opened, tags: ["旅行"] }, opened, false)).toBe("ask");
    expect(escapeAction({ ...opened, layout: "post" }, opened, false)).toBe("ask");
    expect(escapeAction({ ...opened, title: "赣州" }, opened, true)).toBe("keep");
  });

  it("sends the optional keys in order, and no date for a blank one", () => {
    expect(extraFields(opened)).toEqual([]);
    expect(extraFields({ ...opened, layout: " post ", categories: ["新闻"], tags: ["a", "b"] })).toEqual([
      { op: "set_text", key: "layout", value: "post" },
      { op: "set_list", key: "categories", items: ["新闻"] },
      { op: "set_list", key: "tags", items: ["a", "b"] },
    ]);
    expect(dateToSend({ ...opened, date: "  " })).toBeNull();
    expect(dateToSend({ ...opened, date: " 2024-05-01 " })).toBe("2024-05-01");
  });

  it("shows the file name after the site's name", () => {
    expect(previewText("_posts/2024-05-01-赣州-新的一天.md", "blog")).toBe("blog: _posts/2024-05-01-赣州-新的一天.md");
    expect(previewText("_drafts/赣州.md", null)).toBe("_drafts/赣州.md");
  });
});

describe("badges and reader buttons", () => {
  const now = new Date("2024-05-01T12:00:00+08:00");
  it("badges drafts and posts dated in the future, by the instant with its offset", () => {
    expect(postBadge({ draft: true, date: null }, now)).toBe("draft");
    expect(postBadge({ draft: false, date: "2024-05-01T12:30:00+08:00" }, now)).toBe("scheduled");
    // 05:00 at -07:00 is 20:00 at +08:00, later than noon there.
    expect(postBadge({ draft: false, date: "2024-05-01T05:00:00-07:00" }, now)).toBe("scheduled");
    expect(postBadge({ draft: false, date: "2024-05-01T11:59:00+08:00" }, now)).toBeNull();
    expect(postBadge({ draft: false, date: null }, now)).toBeNull();
  });
  it("offers Promote in _drafts/ and Demote in _posts/", () => {
    expect(moveAction("/s/blog/_drafts/a.md")).toBe("promote");
    expect(moveAction("C:\\s\\blog\\_posts\\2024-05-01-a.md")).toBe("demote");
    expect(moveAction("/s/blog/about.md")).toBeNull();
    expect(moveAction("/s/_posts")).toBeNull();
  });
});
