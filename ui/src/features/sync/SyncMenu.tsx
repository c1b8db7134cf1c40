import { useEffect, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { sitesQuery } from "../../api/queries";

type Props = {
  running: boolean;
  /** Syncs these sites (none: every site). */
  onSync: (ids: number[]) => void;
};

/**
 * The toolbar's Sync: a button that opens the site menu, each site with
 * when it was last synced, and "All sites" (F5). Escape or a click outside
 * closes it.
 */
export function SyncMenu({ running, onSync }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const sites = useQuery({ ...sitesQuery, enabled: open }).data ?? [];
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    window.addEventListener("mousedown", onDown);
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("mousedown", onDown);
      window.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const sync = (ids: number[]) => {
    setOpen(false);
    onSync(ids);
  };
  return (
    <div className="menu-anchor" ref={box}>
      <button onClick={() => setOpen((o) => !o)} disabled={running} aria-haspopup="menu" aria-expanded={open} title={t("syncTitle")} data-testid="sync">
        {t("syncButton")} ▾
      </button>
      {open && (
        <div className="menu" role="menu" data-testid="sync-menu">
          {sites.length === 0 && <div className="menu-note">{t("syncNoSites")}</div>}
          {sites.map((s) => (
            <button key={s.id} role="menuitem" onClick={() => sync([s.id])} data-testid={`sync-site-${s.name}`} title={s.path}>
              <span>{s.name}</span>
              <span className="menu-note">{s.synced_at ? t("syncedAt", { when: new Date(s.synced_at).toLocaleString() }) : t("neverSynced")}</span>
            </button>
          ))}
          {sites.length > 1 && (
            <button role="menuitem" onClick={() => sync([])} data-testid="sync-all">
              <span>{t("syncAll")}</span>
              <span className="menu-note">F5</span>
            </button>
          )}
        </div>
      )}
    </div>
  );
}
