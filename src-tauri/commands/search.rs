//! Searching: results with snippets, and facet counts for the result set.

use gazette_core::{Facets, SearchError, SearchResults, Sort};
use tauri::AppHandle;

use crate::error::{AppError, CmdResult};
use crate::state::on_writer;

impl From<SearchError> for AppError {
    fn from(e: SearchError) -> AppError {
        match e {
            SearchError::Query(q) => AppError::new("query", q.to_string()),
            SearchError::Archive(a) => a.into(),
        }
    }
}

/// One page of posts matching `query` (the query language of
/// `gazette_core::search`), with the total. Malformed queries give the
/// error code `query` and a message naming the column.
#[tauri::command]
#[specta::specta]
pub async fn search(
    app: AppHandle,
    query: String,
    sort: Sort,
    limit: u32,
    offset: u32,
) -> CmdResult<SearchResults> {
    // On the writer's archive, which holds the one derived search index
    // (see `readers.rs`), but on a blocking thread, not the UI's.
    on_writer(app, move |a| Ok(a.search(&query, sort, limit, offset)?)).await
}

/// Category, tag and year counts among the posts `query` matches.
#[tauri::command]
#[specta::specta]
pub async fn search_facets(app: AppHandle, query: String) -> CmdResult<Facets> {
    // The derived index counts them (the writer's, as for `search`).
    on_writer(app, move |a| Ok(a.search_facets(&query)?)).await
}
