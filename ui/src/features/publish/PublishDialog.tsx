import { useEffect, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { open } from "@tauri-apps/plugin-dialog";
import { api, events, type PublishFile, type PublishReport, type Site } from "../../api";
import { archiveSettingsQuery, queryKeys } from "../../api/queries";
import { DiffView } from "../../components/DiffView";
import { Modal } from "../../components/Modal";
import { preselectedSite } from "../settings/defaultSite";

type Props = {
  onClose: () => void;
  /** Opens a post (from a file of the plan or the report). */
  onOpenPost: (id: number) => void;
};

type Phase =
  | { kind: "form" }
  | { kind: "planning" }
  | { kind: "plan"; plan: PublishReport }
  | { kind: "running"; done: number; total: number }
  | { kind: "done"; report: PublishReport | null; error: string | null };

/** The last folder name of a path, for a new site's name. */
export function folderName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? "site";
}

/**
 * Publish: choose a site (or add a Jekyll site folder), preview what would
 * change (files to add, change and remove, conflicts left alone, each with
 * its diff), then publish with a progress bar and Cancel; optionally commit
 * and push with git. The report gives the commit and any git problem.
 */
export function PublishDialog({ onClose, onOpenPost }: Props) {
  const { t } = useTranslation();
  const client = useQueryClient();
  // Read each time the dialog opens (a site may have come from the CLI).
  const sitesQuery = useQuery({ queryKey: queryKeys.sites, queryFn: () => api.sites(), staleTime: 0 });
  const sites: Site[] = sitesQuery.data ?? [];
  // The site chosen, else the archive's default site, else the first.
  const defaultSite = useQuery({ ...archiveSettingsQuery, staleTime: 0 }).data?.default_site ?? null;
  const [chosen, setSiteId] = useState<number | null>(null);
  const siteId = chosen ?? preselectedSite(sites, defaultSite);
  const [commit, setCommit] = useState(true);
  const [push, setPush] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: "form" });
  const [failure, setError] = useState<string | null>(null);
  const error = failure ?? sitesQuery.error?.message ?? null;
  const [shown, setShown] = useState<string | null>(null);
  const [diff, setDiff] = useState("");
  const site = sites.find((s) => s.id === siteId) ?? null;

  // Read the sites again after a change (and after a publish: its time).
  const loadSites = async (select?: number) => {
    await client.invalidateQueries({ queryKey: queryKeys.sites });
    if (select != null) setSiteId(select);
  };

  useEffect(() => {
    const progress = events.publishProgressEvent.listen((e) => setPhase({ kind: "running", ...e.payload }));
    const finished = events.publishFinishedEvent.listen((e) => {
      setPhase({ kind: "done", report: e.payload.report, error: e.payload.error?.message ?? null });
      void client.invalidateQueries({ queryKey: queryKeys.sites });
    });
    return () => {
      void progress.then((un) => un());
      void finished.then((un) => un());
    };
  }, [client]);

  const addSite = async () => {
    setError(null);
    const dir = await open({ directory: true, multiple: false });
    if (typeof dir !== "string") return;
    try {
      const added = await api.addSite(folderName(dir), dir, false);
      await loadSites(added.id);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const updateSite = async (drafts: boolean, remote: string | null) => {
    if (!site) return;
    try {
      await api.updateSite(site.id, drafts, remote);
      await loadSites(site.id);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const preview = async () => {
    if (!site) return;
    setError(null);
    setShown(null);
    setPhase({ kind: "planning" });
    try {
      setPhase({ kind: "plan", plan: await api.planPublish(site.id, false) });
    } catch (e) {
      setError((e as Error).message);
      setPhase({ kind: "form" });
    }
  };
  const showDiff = async (file: PublishFile) => {
    if (!site) return;
    if (shown === file.path) return setShown(null);
    setShown(file.path);
    setDiff("");
    try {
      setDiff(await api.publishDiff(site.id, file.path, false));
    } catch (e) {
      setDiff((e as Error).message);
    }
  };
  const publish = async () => {
    if (!site) return;
    setPhase({ kind: "running", done: 0, total: 0 });
    try {
      await api.startPublish(site.id, { dry_run: false, drafts: false, commit: commit || push, push });
    } catch (e) {
      setPhase({ kind: "done", report: null, error: (e as Error).message });
    }
  };

  const files = (report: PublishReport) => (
    <ul className="failures publish-files" data-testid="publish-files">
      {report.files.slice(0, 500).map((f) => (
        <li key={f.path} className={`publish-${f.action}`}>
          <span className="badge">{t(`action_${f.action}`)}</span>{" "}
          <button type="button" className="link" onClick={() => void showDiff(f)} disabled={report.dry_run === false}>
            {f.path}
          </button>
          {f.title && f.id != null && (
            <button type="button" className="link line" onClick={() => onOpenPost(f.id as number)}>
              {f.title}
            </button>
          )}
          {f.reason && <span className="line">{f.reason}</span>}
          {shown === f.path && report.dry_run && <DiffView diff={diff} testId="publish-diff" />}
        </li>
      ))}
    </ul>
  );
  const counts = (r: PublishReport) => (
    <dl className="counts" data-testid="publish-counts">
      <div className="count-item"><dt>{t(r.dry_run ? "toAdd" : "added")}</dt><dd data-testid="publish-added">{r.added}</dd></div>
      <div className="count-item"><dt>{t(r.dry_run ? "toChange" : "changed")}</dt><dd>{r.changed}</dd></div>
      <div className="count-item"><dt>{t(r.dry_run ? "toRemove" : "removed")}</dt><dd>{r.removed}</dd></div>
      <div className="count-item"><dt>{t("conflicts")}</dt><dd data-testid="publish-conflicts">{r.conflicts}</dd></div>
      <div className="count-item"><dt>{t("unchangedFiles")}</dt><dd data-testid="publish-unchanged">{r.unchanged}</dd></div>
    </dl>
  );
  const nothingToDo = (r: PublishReport) => r.added + r.changed + r.removed === 0;

  return (
    <Modal label={t("publishTitle")} onEscape={phase.kind !== "running" ? onClose : null}>
      <div className="dialog export" data-testid="publish-dialog">
        <h2>{t("publishTitle")}</h2>
        {error && <div className="banner error" role="alert">{error}</div>}
        {(phase.kind === "form" || phase.kind === "planning") && (
          <div className="export-form">
            <fieldset>
              <legend>{t("site")}</legend>
              {sites.length > 0 ? (
                <select aria-label={t("site")} value={siteId ?? ""} onChange={(e) => setSiteId(Number(e.target.value))} data-testid="publish-site">
                  {sites.map((s) => (
                    <option key={s.id} value={s.id}>{s.name} — {s.path}</option>
                  ))}
                </select>
              ) : (
                <p>{t("noSites")}</p>
              )}
              <button type="button" onClick={() => void addSite()}>{t("addSite")}</button>
              {site && (
                <button type="button" onClick={() => void api.removeSite(site.id).then(() => (setSiteId(null), loadSites())).catch((e: Error) => setError(e.message))}>
                  {t("forgetSite")}
                </button>
              )}
              {site && <p className="line">{site.last_published_at ? t("lastPublished", { when: new Date(site.last_published_at).toLocaleString() }) : t("neverPublished")}</p>}
            </fieldset>
            {site && (
              <fieldset>
                <legend>{t("publishOptions")}</legend>
                <label><input type="checkbox" checked={site.drafts} onChange={(e) => void updateSite(e.target.checked, site.remote)} /> {t("writeDrafts")}</label>
                <label><input type="checkbox" checked={commit || push} disabled={push} onChange={(e) => setCommit(e.target.checked)} data-testid="publish-commit" /> {t("gitCommit")}</label>
                <label><input type="checkbox" checked={push} onChange={(e) => setPush(e.target.checked)} /> {t("gitPush")}</label>
                <label>
                  {t("gitRemote")}{" "}
                  <input
                    type="text"
                    defaultValue={site.remote ?? ""}
                    key={site.id}
                    placeholder="origin"
                    onBlur={(e) => void updateSite(site.drafts, e.target.value || null)}
                  />
                </label>
              </fieldset>
            )}
          </div>
        )}
        {phase.kind === "planning" && <p>{t("planning")}</p>}
        {phase.kind === "plan" && (
          <div data-testid="publish-plan">
            {counts(phase.plan)}
            {nothingToDo(phase.plan) && <p>{t("nothingToPublish")}</p>}
            {phase.plan.drafts_left_out > 0 && <p className="line">{t("draftsLeftOut", { count: phase.plan.drafts_left_out })}</p>}
            {files(phase.plan)}
          </div>
        )}
        {phase.kind === "running" && (
          <div className="export-progress">
            <progress max={phase.total || 1} value={phase.done} />
            <span>{t("publishing", { done: phase.done, total: phase.total })}</span>
          </div>
        )}
        {phase.kind === "done" && (
          <div data-testid="publish-report">
            {phase.error && <div className="banner error" role="alert">{phase.error}</div>}
            {phase.report && (
              <>
                {counts(phase.report)}
                {phase.report.cancelled && <p>{t("publishCancelled")}</p>}
                {phase.report.commit && <p className="banner ok" data-testid="publish-commit-id">{t("committed", { commit: phase.report.commit.slice(0, 10) })}</p>}
                {phase.report.pushed_to && <p className="banner ok">{t("pushedTo", { remote: phase.report.pushed_to })}</p>}
                {phase.report.git_error && <div className="banner error" role="alert" data-testid="publish-git-error">{phase.report.git_error}</div>}
                {files(phase.report)}
              </>
            )}
          </div>
        )}
        <div className="dialog-buttons">
          {phase.kind === "form" && (
            <button type="button" className="primary" disabled={!site} onClick={() => void preview()} data-testid="publish-preview">{t("previewPublish")}</button>
          )}
          {phase.kind === "plan" && (
            <>
              <button type="button" onClick={() => setPhase({ kind: "form" })}>{t("back")}</button>
              <button type="button" className="primary" disabled={nothingToDo(phase.plan) && !push} onClick={() => void publish()} data-testid="publish-start">
                {t("publishNow")}
              </button>
            </>
          )}
          {phase.kind === "running" && <button type="button" onClick={() => void api.cancelPublish()}>{t("cancel")}</button>}
          {phase.kind !== "running" && <button type="button" onClick={onClose} data-testid="publish-close">{t("close")}</button>}
        </div>
      </div>
    </Modal>
  );
}
