import { forwardRef, useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { openUrl } from "@tauri-apps/plugin-opener";

type Props = {
  /** Sanitised HTML from the backend (`gazette_core::render`). */
  html: string;
  className?: string;
  testId?: string;
};

/**
 * A post's body as the reader and the editor's preview show it. The HTML
 * comes sanitised from the backend (ammonia: no script, handler, style or
 * frame); site images point at the asset protocol and allowed remote images
 * at the app's remote-image protocol, and the window's CSP admits no other
 * image source. A click on a link never navigates the app window: web and
 * mail links open in the system browser, others do nothing. A site image
 * the backend could not show (`.missing-image`, its path as text) gets a
 * tooltip saying why.
 */
export const PostBody = forwardRef<HTMLDivElement, Props>(function PostBody({ html, className, testId }, ref) {
  const { t } = useTranslation();
  const own = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    own.current?.querySelectorAll<HTMLElement>(".missing-image").forEach((el) => {
      const key = el.dataset.reason === "outside" ? "imageOutsideSite" : "imageMissing";
      el.title = t(key, { path: el.dataset.src ?? "" });
    });
  }, [html, t]);
  return (
    <div
      ref={(el) => {
        own.current = el;
        if (typeof ref === "function") ref(el);
        else if (ref) ref.current = el;
      }}
      className={className ?? "body"}
      data-testid={testId}
      onClick={(e) => {
        const a = (e.target as HTMLElement).closest("a");
        if (!a) return;
        e.preventDefault();
        const href = a.getAttribute("href") ?? "";
        if (/^(https?|mailto):/i.test(href)) void openUrl(href);
      }}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
});
