import { useEffect, useState } from "react";
import { getCurrentWebview } from "@tauri-apps/api/webview";

/**
 * Files and folders dropped on the window (Tauri's drag-drop event, which
 * gives real paths). Returns whether something is being dragged over.
 */
export function useDrop(onDrop: (paths: string[]) => void): boolean {
  const [over, setOver] = useState(false);
  useEffect(() => {
    const unlisten = getCurrentWebview().onDragDropEvent((e) => {
      const p = e.payload;
      if (p.type === "enter" || p.type === "over") setOver(true);
      else if (p.type === "leave") setOver(false);
      else if (p.type === "drop") {
        setOver(false);
        onDrop(p.paths);
      }
    });
    return () => void unlisten.then((un) => un());
  }, [onDrop]);
  return over;
}
