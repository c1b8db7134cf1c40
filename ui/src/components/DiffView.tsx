/** A unified diff, its added, removed and hunk lines coloured. */
export function DiffView({ diff, testId }: { diff: string; testId?: string }) {
  return (
    <pre className="diff" data-testid={testId}>
      {diff.split("\n").map((line, i) => (
        <span key={i} className={line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk" : ""}>
          {line + "\n"}
        </span>
      ))}
    </pre>
  );
}
