import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { archiveSettingsQuery, sitesQuery } from "../../api/queries";
import { MenuButton } from "../../components/MenuButton";
import { defaultFirst } from "../settings/defaultSite";

type Props = {
  running: boolean;
  /** Syncs these sites (none: every site). */
  onSync: (ids: number[]) => void;
};

/**
 * The toolbar's Sync: the site menu, each site with when it was last
 * synced (the archive's default site first, the one the keyboard starts
 * on), and "All sites" (F5) when there are several.
 */
export function SyncMenu({ running, onSync }: Props) {
  const { t } = useTranslation();
  const all = useQuery(sitesQuery).data ?? [];
  const defaultSite = useQuery(archiveSettingsQuery).data?.default_site ?? null;
  const sites = defaultFirst(all, defaultSite);
  const entries = sites.map((s) => ({
    label: s.id === defaultSite ? `${s.name} (${t("defaultSiteNote")})` : s.name,
    onSelect: () => onSync([s.id]),
    note: s.synced_at ? t("syncedAt", { when: new Date(s.synced_at).toLocaleString() }) : t("neverSynced"),
    title: s.path,
    testId: `sync-site-${s.name}`,
  }));
  if (sites.length > 1) entries.push({ label: t("syncAll"), onSelect: () => onSync([]), note: "F5", title: t("syncAll"), testId: "sync-all" });
  return <MenuButton label={t("syncButton")} title={t("syncTitle")} entries={entries} disabled={running} testId="sync" empty={t("syncNoSites")} />;
}
