//! Searching: results with snippets, and facet counts for the result set.

use gazette_core::{Facets, SearchError, SearchResults, Sort};
use tauri::{AppHandle, Manager, State};

use crate::error::{AppError, CmdResult};
use crate::state::AppState;

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
    tauri::async_runtime::spawn_blocking(move || {
        app.state::<AppState>()
            .with_archive(|a| Ok(a.search(&query, sort, limit, offset)?))
    })
    .await
    .map_err(|e| AppError::new("database", e.to_string()))?
}

/// Category, tag and year counts among the posts `query` matches.
#[tauri::command]
#[specta::specta]
pub async fn search_facets(state: State<'_, AppState>, query: String) -> CmdResult<Facets> {
    state
        .readers
        .read(move |a| Ok(a.search_facets(&query)?))
        .await
}
