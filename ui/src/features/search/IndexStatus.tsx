import { useTranslation } from "react-i18next";
import type { IndexingState } from "./useIndexing";

type Props = {
  state: IndexingState;
  onRetry: () => void;
  onDismiss: () => void;
};

/**
 * A bar at the bottom while the search index is being built (how many posts
 * of how many), or when building it stopped on an error (with Retry).
 * Nothing to cancel: browsing and editing go on meanwhile, and what is left
 * is indexed at the next start.
 */
export function IndexStatus({ state, onRetry, onDismiss }: Props) {
  const { t } = useTranslation();
  if (!state.running) {
    if (!state.error) return null;
    return (
      <div className="import-bar index-bar" role="alert" data-testid="index-progress">
        <div className="import-text">
          <span className="error" data-testid="index-error">{t("indexingFailed", { error: state.error })}</span>
          <span className="hint">{t("indexingFailedHint")}</span>
        </div>
        <button onClick={onRetry} data-testid="index-retry">{t("retry")}</button>
        <button onClick={onDismiss}>{t("close")}</button>
      </div>
    );
  }
  const p = state.progress;
  return (
    <div className="import-bar index-bar" role="status" data-testid="index-progress">
      <div className="import-text">
        {p ? t("indexing", { done: p.done.toLocaleString(), total: p.total.toLocaleString() }) : t("indexingStart")}
        <span className="hint">{t("indexingHint")}</span>
      </div>
      <progress max={p?.total || 1} value={p?.done ?? 0} />
    </div>
  );
}
