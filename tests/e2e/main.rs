//! End-to-end test of the real desktop app under X (Xvfb when no display),
//! driven through tauri-driver + WebKitWebDriver: import a real corpus folder
//! and the BR-15 folder (spaces, parentheses, Chinese), see the posts in the
//! list, filter by a sidebar facet, read a post, and check that a hostile
//! post's script and handlers never run; search while the background search
//! indexing has not reached every post.
//!
//! Needs `tauri-driver` (cargo install tauri-driver, or $TAURI_DRIVER),
//! `WebKitWebDriver` (Debian: webkit2gtk-driver) and `Xvfb`; README's test
//! command installs them. The corpus is `$GAZETTE_CORPUS`, else
//! `../shared/corpus` beside the repository.
//!
//! One module per area; each new area of the app adds its own module here
//! (and uses `support` for launching and driving the app).

mod browse;
mod compose;
mod facets;
mod hostile;
mod images;
mod indexing;
mod startup;
mod support;
mod sync;
mod theme;
mod timeline;
