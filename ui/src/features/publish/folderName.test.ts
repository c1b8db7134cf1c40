import { describe, expect, it } from "vitest";
import { folderName } from "./PublishDialog";

describe("folderName", () => {
  it("takes the last folder of a path on any OS", () => {
    expect(folderName("/home/me/sites/blog")).toBe("blog");
    expect(folderName("/home/me/sites/blog/")).toBe("blog");
    expect(folderName("C:\\Users\\me\\我的站点")).toBe("我的站点");
    expect(folderName("")).toBe("site");
  });
});
