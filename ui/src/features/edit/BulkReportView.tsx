import { useTranslation } from "react-i18next";
import type { BulkReport } from "../../api";

type Props = { report: BulkReport; testId: string };

/** A bulk edit's report (or preview, `dry_run`): how many posts change,
 * the changed lines of the first 50, and the posts it could not change.
 * Shared by the Bulk edit dialog and the tags and categories manager. */
export function BulkReportView({ report, testId }: Props) {
  const { t } = useTranslation();
  return (
    <div className="bulk-report" data-testid={testId}>
      <p>
        {report.dry_run
          ? t("bulkWouldChange", { changed: report.changed, matched: report.matched })
          : t("bulkChanged", { changed: report.changed, matched: report.matched })}
        {report.failed.length > 0 && ` · ${t("bulkFailed", { count: report.failed.length })}`}
      </p>
      <ul className="bulk-preview">
        {report.preview.slice(0, 50).map((c) => (
          <li key={c.id}>
            <strong>{c.title}</strong>
            <pre className="diff">
              {c.lines.map((l, i) => (
                <span key={i} className={l.sign === "+" ? "add" : "del"}>
                  {`${l.sign} ${l.text}\n`}
                </span>
              ))}
            </pre>
          </li>
        ))}
      </ul>
      {report.failed.length > 0 && (
        <ul className="failures">
          {report.failed.slice(0, 50).map((f) => (
            <li key={f.id}>
              #{f.id}: <span className="reason">{f.reason}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
