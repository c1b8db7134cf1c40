// UI text in English and Simplified Chinese, following the OS language
// (navigator.language, which the webview takes from the OS).
import i18n from "i18next";
import { initReactI18next } from "react-i18next";

export const resources = {
  en: {
    translation: {
      allPosts: "All posts",
      years: "Years",
      categories: "Categories",
      tags: "Tags",
      showAll: "Show all {{count}}",
      showFewer: "Show fewer",
      importFiles: "Import files…",
      importFolder: "Import folder…",
      openArchive: "Open archive…",
      postsCount_one: "{{count}} post",
      postsCount_other: "{{count}} posts",
      noPosts: "No posts yet. Drop a folder of Jekyll posts here, or choose Import folder….",
      selectPost: "Select a post to read it.",
      dropHere: "Drop files or folders to import them",
      importing: "Importing {{done}} of {{total}}",
      preparing: "Looking for posts…",
      cancel: "Cancel",
      close: "Close",
      importDone: "Import finished",
      importCancelled: "Import cancelled",
      importFailed: "Import stopped",
      imported: "Imported",
      updated: "Updated",
      unchanged: "Unchanged",
      failed: "Failed",
      skipped: "Not post files",
      line: "line {{line}}",
      showInFolder: "Show in folder",
      rendered: "Rendered",
      source: "Source",
      frontMatter: "Front matter",
      noFrontMatter: "This file has no front matter.",
      warnings: "Notes",
      noDate: "no date",
      draft: "draft",
      unpublished: "unpublished",
      archiveError: "The archive could not be opened",
      untitled: "(untitled)",
      dbFiles: "Gazette archive",
      postFiles: "Jekyll posts",
    },
  },
  "zh-CN": {
    translation: {
      allPosts: "全部文章",
      years: "年份",
      categories: "分类",
      tags: "标签",
      showAll: "显示全部 {{count}} 项",
      showFewer: "收起",
      importFiles: "导入文件…",
      importFolder: "导入文件夹…",
      openArchive: "打开存档…",
      postsCount_one: "{{count}} 篇文章",
      postsCount_other: "{{count}} 篇文章",
      noPosts: "还没有文章。把 Jekyll 文章文件夹拖到这里，或选择“导入文件夹…”。",
      selectPost: "选择一篇文章来阅读。",
      dropHere: "松开以导入文件或文件夹",
      importing: "正在导入 {{done}} / {{total}}",
      preparing: "正在查找文章…",
      cancel: "取消",
      close: "关闭",
      importDone: "导入完成",
      importCancelled: "导入已取消",
      importFailed: "导入中止",
      imported: "新导入",
      updated: "已更新",
      unchanged: "未变化",
      failed: "失败",
      skipped: "非文章文件",
      line: "第 {{line}} 行",
      showInFolder: "在文件夹中显示",
      rendered: "预览",
      source: "源文件",
      frontMatter: "前置元数据",
      noFrontMatter: "此文件没有前置元数据。",
      warnings: "提示",
      noDate: "无日期",
      draft: "草稿",
      unpublished: "未发布",
      archiveError: "无法打开存档",
      untitled: "（无标题）",
      dbFiles: "Gazette 存档",
      postFiles: "Jekyll 文章",
    },
  },
} as const;

/** The UI language for an OS language tag: Chinese → zh-CN, else English. */
export function uiLanguage(tag: string | undefined): "en" | "zh-CN" {
  return tag?.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

void i18n.use(initReactI18next).init({
  resources,
  lng: uiLanguage(typeof navigator === "undefined" ? undefined : navigator.language),
  fallbackLng: "en",
  interpolation: { escapeValue: false },
});

export default i18n;
