//! Changing posts, each change kept so it can be undone: `set`, `bulk`,
//! `delete`; a post's revisions (`history`, `restore`) and the operations
//! (`log`, `undo`).

use std::io::Write;
use std::process::ExitCode;

use gazette_core::{Archive, BulkAction, FieldEdit, ReplaceScope, SearchError};

use super::query_result;

/// Set front matter keys of a post in place: only those keys' lines
/// change. VALUE is YAML, typed as Jekyll reads it (`2023` is a number,
/// `'"2023"'` a string). The previous text is kept as a revision.
#[derive(clap::Args)]
pub struct SetArgs {
    /// The post's id.
    id: i64,
    /// KEY=VALUE pairs.
    #[arg(value_name = "KEY=VALUE")]
    pairs: Vec<String>,
    /// Remove this key (repeatable).
    #[arg(long, value_name = "KEY")]
    unset: Vec<String>,
    /// Print JSON: {"id":N,"content_hash":"…","operation_id":N|null}.
    #[arg(long)]
    json: bool,
}

/// `gazette set`: exit 2 for a malformed `KEY=VALUE`, nothing to set or
/// an edit the post's front matter cannot take.
pub fn set(args: SetArgs, archive: &mut Archive, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let SetArgs {
        id,
        pairs,
        unset,
        json,
    } = args;
    let mut edits = Vec::new();
    for pair in &pairs {
        match key_value(pair) {
            Ok((key, yaml)) => edits.push(FieldEdit::SetYaml { key, yaml }),
            Err(e) => {
                eprintln!("gazette: {e}");
                return Ok(ExitCode::from(2));
            }
        }
    }
    edits.extend(unset.into_iter().map(|key| FieldEdit::Unset { key }));
    if edits.is_empty() {
        eprintln!("gazette: nothing to set: give KEY=VALUE pairs or --unset KEY");
        return Ok(ExitCode::from(2));
    }
    let saved = match archive.edit_post(id, None, &edits) {
        Ok(saved) => saved,
        Err(gazette_core::Error::BadRequest(e)) => {
            eprintln!("gazette: {e}");
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e.into()),
    };
    if json {
        writeln!(out, "{}", serde_json::to_string(&saved)?)?;
    } else if saved.operation_id.is_some() {
        writeln!(
            out,
            "saved post {id} (the previous text is kept: `gazette history {id}`)"
        )?;
    } else {
        writeln!(out, "post {id} already has these values; nothing changed")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// List a post's revisions (its earlier texts), newest first.
#[derive(clap::Args)]
pub struct HistoryArgs {
    /// The post's id.
    id: i64,
    /// Print JSON: [{id,created_at,kind,description,content_hash,size}].
    #[arg(long)]
    json: bool,
    /// Print a unified diff from this revision to the current text.
    #[arg(long, value_name = "REVISION")]
    diff: Option<i64>,
}

/// `gazette history`, or with `--diff` one revision's diff.
pub fn history(
    args: HistoryArgs,
    archive: &Archive,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let HistoryArgs { id, json, diff } = args;
    if let Some(revision) = diff {
        write!(out, "{}", archive.revision_diff(id, revision)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let revisions = archive.history(id)?;
    if json {
        writeln!(out, "{}", serde_json::to_string(&revisions)?)?;
    } else {
        for r in &revisions {
            writeln!(
                out,
                "{:>6}  {}  {:>8} B  {}",
                r.id,
                &r.created_at[..19.min(r.created_at.len())],
                r.size,
                r.description
            )?;
        }
        writeln!(out, "({} revisions)", revisions.len())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Make a revision a post's current text again (itself undoable).
#[derive(clap::Args)]
pub struct RestoreArgs {
    /// The post's id.
    id: i64,
    /// The revision's id (from `history`).
    revision: i64,
    /// Print JSON like `set`.
    #[arg(long)]
    json: bool,
}

/// `gazette restore`.
pub fn restore(
    args: RestoreArgs,
    archive: &mut Archive,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let RestoreArgs { id, revision, json } = args;
    let saved = archive.restore(id, revision)?;
    if json {
        writeln!(out, "{}", serde_json::to_string(&saved)?)?;
    } else {
        writeln!(out, "post {id} is back to revision {revision}")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Change every post a search matches, as one undoable operation.
#[derive(clap::Args)]
pub struct BulkArgs {
    /// The search (see `search`); "" matches every post.
    #[arg(long)]
    query: String,
    #[command(flatten)]
    action: BulkChange,
    /// With --replace: read OLD as a regular expression (NEW may use $1).
    #[arg(long, requires = "replace")]
    regex: bool,
    /// With --replace: where to replace.
    #[arg(long = "in", value_enum, default_value_t = ScopeArg::Body, requires = "replace")]
    scope: ScopeArg,
    /// Only report what would change.
    #[arg(long)]
    dry_run: bool,
    /// Print JSON: {matched,changed,unchanged,failed,preview,operation_id,dry_run}.
    #[arg(long)]
    json: bool,
}

/// The one change `bulk` makes.
#[derive(clap::Args)]
#[group(required = true, multiple = false)]
struct BulkChange {
    /// Add a tag.
    #[arg(long, value_name = "TAG")]
    add_tag: Option<String>,
    /// Remove a tag.
    #[arg(long, value_name = "TAG")]
    remove_tag: Option<String>,
    /// Rename a tag.
    #[arg(long, num_args = 2, value_names = ["FROM", "TO"])]
    rename_tag: Option<Vec<String>>,
    /// Add a category.
    #[arg(long, value_name = "CATEGORY")]
    add_category: Option<String>,
    /// Make this the only category.
    #[arg(long, value_name = "CATEGORY")]
    set_category: Option<String>,
    /// Rename a category.
    #[arg(long, num_args = 2, value_names = ["FROM", "TO"])]
    rename_category: Option<Vec<String>>,
    /// Set a key (VALUE is YAML).
    #[arg(long, value_name = "KEY=VALUE")]
    set: Option<String>,
    /// Remove a key.
    #[arg(long, value_name = "KEY")]
    unset: Option<String>,
    /// Replace text in bodies (or titles with --in title); --regex for a
    /// regular expression.
    #[arg(long, num_args = 2, value_names = ["OLD", "NEW"])]
    replace: Option<Vec<String>>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ScopeArg {
    Title,
    Body,
}

impl BulkChange {
    fn action(self, regex: bool, scope: ScopeArg) -> Result<BulkAction, String> {
        let pair = |v: Vec<String>| (v[0].clone(), v[1].clone());
        Ok(if let Some(tag) = self.add_tag {
            BulkAction::AddTag { tag }
        } else if let Some(tag) = self.remove_tag {
            BulkAction::RemoveTag { tag }
        } else if let Some(v) = self.rename_tag {
            let (from, to) = pair(v);
            BulkAction::RenameTag { from, to }
        } else if let Some(category) = self.add_category {
            BulkAction::AddCategory { category }
        } else if let Some(category) = self.set_category {
            BulkAction::SetCategory { category }
        } else if let Some(v) = self.rename_category {
            let (from, to) = pair(v);
            BulkAction::RenameCategory { from, to }
        } else if let Some(kv) = self.set {
            let (key, yaml) = key_value(&kv)?;
            BulkAction::Set { key, yaml }
        } else if let Some(key) = self.unset {
            BulkAction::Unset { key }
        } else if let Some(v) = self.replace {
            let (find, replace) = pair(v);
            BulkAction::Replace {
                find,
                replace,
                regex,
                scope: match scope {
                    ScopeArg::Title => ReplaceScope::Title,
                    ScopeArg::Body => ReplaceScope::Body,
                },
            }
        } else {
            return Err("choose one change".into());
        })
    }
}

/// `gazette bulk`: exit 2 for a malformed query or change, 3 if some
/// posts were left alone.
pub fn bulk(
    args: BulkArgs,
    archive: &mut Archive,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let BulkArgs {
        query,
        action,
        regex,
        scope,
        dry_run,
        json,
    } = args;
    let action = match action.action(regex, scope) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gazette: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let report = match archive.bulk(&query, &action, dry_run) {
        Err(SearchError::Archive(gazette_core::Error::BadRequest(e))) => {
            eprintln!("gazette: {e}");
            return Ok(ExitCode::from(2));
        }
        result => match query_result(result)? {
            Some(report) => report,
            None => return Ok(ExitCode::from(2)),
        },
    };
    print_bulk_report(&report, dry_run, json, out)
}

/// Prints a bulk edit's report (JSON, or each change's lines and a
/// summary) and gives the exit code: 3 if some posts were left alone.
pub fn print_bulk_report(
    report: &gazette_core::BulkReport,
    dry_run: bool,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    if json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
    } else {
        for change in &report.preview {
            writeln!(out, "{:>6}  {}", change.id, change.title)?;
            for line in &change.lines {
                writeln!(out, "        {} {}", line.sign, line.text)?;
            }
        }
        for f in &report.failed {
            writeln!(out, "failed: post {}: {}", f.id, f.reason)?;
        }
        let verb = if dry_run { "would change" } else { "changed" };
        writeln!(
            out,
            "matched {}, {verb} {}, unchanged {}, failed {}",
            report.matched,
            report.changed,
            report.unchanged,
            report.failed.len()
        )?;
        if let Some(op) = report.operation_id {
            writeln!(out, "undo with: gazette undo {op}")?;
        }
    }
    Ok(if report.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    })
}

/// Undo an operation (a save, restore, bulk edit or undo; the newest one
/// not yet undone by default), or an import batch by its id from `log`
/// (posts it added are removed, posts it updated get their earlier bytes
/// back). Exit 3 if some posts had changed since.
#[derive(clap::Args)]
pub struct UndoArgs {
    /// The operation's id (from `log`).
    operation: Option<i64>,
    /// Print JSON: {undone,operation_id,restored,removed,conflicts}.
    #[arg(long)]
    json: bool,
}

/// `gazette undo`: exit 3 if some posts had changed since.
pub fn undo(
    args: UndoArgs,
    archive: &mut Archive,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let UndoArgs { operation, json } = args;
    let report = archive.undo(operation)?;
    if json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
    } else {
        writeln!(
            out,
            "undid operation {}: {} posts restored, {} removed, {} changed since and left alone",
            report.undone,
            report.restored,
            report.removed,
            report.conflicts.len()
        )?;
    }
    Ok(if report.conflicts.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    })
}

/// List the newest operations (saves, bulk edits, imports, undos).
#[derive(clap::Args)]
pub struct LogArgs {
    /// Print JSON: [{id,kind,description,created_at,posts,undone_by}].
    #[arg(long)]
    json: bool,
    /// How many.
    #[arg(long, default_value_t = 20)]
    limit: u32,
}

/// `gazette log`.
pub fn log(args: LogArgs, archive: &Archive, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let LogArgs { json, limit } = args;
    let ops = archive.operations(limit)?;
    if json {
        writeln!(out, "{}", serde_json::to_string(&ops)?)?;
    } else {
        for o in &ops {
            let undone = o
                .undone_by
                .map(|u| format!("  (undone by {u})"))
                .unwrap_or_default();
            writeln!(
                out,
                "{:>6}  {}  {:<7}  {:>5} posts  {}{undone}",
                o.id,
                &o.created_at[..19.min(o.created_at.len())],
                o.kind,
                o.posts,
                o.description
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Delete posts, as one step `undo` reverts (the files they came from
/// are not touched; the next publish removes their site files).
#[derive(clap::Args)]
pub struct DeleteArgs {
    /// The posts' ids.
    #[arg(required = true)]
    ids: Vec<i64>,
    /// Print JSON: {"operation_id":N,"deleted":N}.
    #[arg(long)]
    json: bool,
}

/// `gazette delete`: exit 2 (nothing deleted) if an id is not a post.
pub fn delete(
    args: DeleteArgs,
    archive: &mut Archive,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let DeleteArgs { ids, json } = args;
    let operation = match archive.delete_posts(&ids) {
        Ok(op) => op,
        Err(gazette_core::Error::PostNotFound(id)) => {
            eprintln!("gazette: no post with id {id}; nothing deleted");
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e.into()),
    };
    if json {
        writeln!(
            out,
            "{}",
            serde_json::json!({"operation_id": operation, "deleted": ids.len()})
        )?;
    } else {
        writeln!(
            out,
            "deleted {} post(s) (undo: `gazette undo {}`)",
            ids.len(),
            operation.unwrap_or_default()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Splits `KEY=VALUE` at the first `=`.
pub(super) fn key_value(pair: &str) -> Result<(String, String), String> {
    match pair.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("expected KEY=VALUE, got {pair:?}")),
    }
}
