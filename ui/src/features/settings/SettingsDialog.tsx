import { useEffect, useRef, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, type AppSettingsView, type ArchiveSettings, type LanguageChoice, type Site, type ThemeChoice } from "../../api";
import { archiveSettingsQuery, queryKeys, sitesQuery } from "../../api/queries";
import { applyAppSettings } from "./applySettings";
import { Modal } from "../../components/Modal";

type Props = { onClose: () => void };

/**
 * Settings (File → Settings…, Ctrl/Cmd+,): the app's language and theme
 * (kept in the app's settings file), and the open archive's remote images
 * and default site (kept in the archive). Keyboard: Tab moves, Enter
 * applies, Escape closes without applying.
 */
export function SettingsDialog({ onClose }: Props) {
  const { t } = useTranslation();
  const app = useQuery({ queryKey: queryKeys.appSettings, queryFn: () => api.appSettings(), staleTime: 0 });
  const archive = useQuery({ ...archiveSettingsQuery, staleTime: 0 });
  const sites = useQuery({ ...sitesQuery, staleTime: 0 });
  const error = app.error?.message ?? null;
  return (
    <Modal label={t("settingsTitle")} onEscape={onClose}>
      <div className="dialog settings" data-testid="settings-dialog">
        <h2>{t("settingsTitle")}</h2>
        {error && <div className="banner error" role="alert">{error}</div>}
        {app.data && (archive.data || archive.isError) && (sites.data || sites.isError) ? (
          <SettingsForm app={app.data} archive={archive.data ?? null} sites={sites.data ?? []} onClose={onClose} />
        ) : (
          !error && <p className="muted">{t("loading")}</p>
        )}
      </div>
    </Modal>
  );
}

type FormProps = {
  app: AppSettingsView;
  /** `null` when no archive is open (its settings are then not shown). */
  archive: ArchiveSettings | null;
  sites: Site[];
  onClose: () => void;
};

function SettingsForm({ app, archive, sites, onClose }: FormProps) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [language, setLanguage] = useState<LanguageChoice>(app.language);
  const [theme, setTheme] = useState<ThemeChoice>(app.theme);
  const [remote, setRemote] = useState(archive?.remote_images ?? false);
  const [defaultSite, setDefaultSite] = useState<number | null>(archive?.default_site ?? null);
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  const apply = async () => {
    setSaving(true);
    setFailure(null);
    try {
      applyAppSettings(await api.setAppSettings(theme, language));
      void client.invalidateQueries({ queryKey: queryKeys.appSettings });
      if (archive && remote !== archive.remote_images) {
        await api.setRemoteImages(remote);
        void client.invalidateQueries({ queryKey: queryKeys.allPosts });
      }
      if (archive && defaultSite !== archive.default_site) await api.setDefaultSite(defaultSite);
      void client.invalidateQueries({ queryKey: queryKeys.archiveSettings });
      onClose();
    } catch (e) {
      setFailure((e as Error).message);
      setSaving(false);
    }
  };

  const osName = app.os_language === "zh-CN" ? "简体中文" : "English";
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void apply();
      }}
      onKeyDown={(e) => {
        // Enter applies from any control (a select or a checkbox does not
        // submit a form by itself); on a button it presses that button.
        if (e.key === "Enter" && !(e.target instanceof HTMLButtonElement)) {
          e.preventDefault();
          void apply();
        }
      }}
    >
      {failure && <div className="banner error" role="alert" data-testid="settings-error">{failure}</div>}
      <div className="fields">
        <label>
          <span>{t("settingsLanguage")}</span>
          <select ref={first} value={language} onChange={(e) => setLanguage(e.target.value as LanguageChoice)} data-testid="settings-language">
            <option value="system">{t("settingsSystemLanguage", { language: osName })}</option>
            <option value="en">English</option>
            <option value="zh-CN">简体中文</option>
          </select>
        </label>
        <label>
          <span>{t("settingsTheme")}</span>
          <select value={theme} onChange={(e) => setTheme(e.target.value as ThemeChoice)} data-testid="settings-theme">
            <option value="system">{t("themeSystem")}</option>
            <option value="light">{t("themeLight")}</option>
            <option value="dark">{t("themeDark")}</option>
          </select>
        </label>
        <h4>{t("settingsArchive")}</h4>
        {archive ? (
          <>
            <label className="check">
              <input type="checkbox" checked={remote} onChange={(e) => setRemote(e.target.checked)} data-testid="settings-remote-images" />
              <span>{t("settingsRemoteImages")}</span>
            </label>
            <label>
              <span>{t("settingsDefaultSite")}</span>
              <select value={defaultSite ?? ""} onChange={(e) => setDefaultSite(e.target.value === "" ? null : Number(e.target.value))} data-testid="settings-default-site">
                <option value="">{t("settingsNoDefaultSite")}</option>
                {sites.map((s) => (
                  <option key={s.id} value={s.id}>{s.name} — {s.path}</option>
                ))}
              </select>
            </label>
          </>
        ) : (
          <p className="muted">{t("settingsNoArchive")}</p>
        )}
      </div>
      <div className="dialog-buttons">
        <button type="button" onClick={onClose} data-testid="settings-cancel">{t("cancel")}</button>
        <button type="submit" className="primary" disabled={saving} data-testid="settings-apply">{t("settingsApply")}</button>
      </div>
    </form>
  );
}
