//! How post images reach the webview, whose Content Security Policy
//! (`tauri.conf.json`) admits images from the app itself, `data:`, the
//! asset protocol and the remote-image protocol only, never `http:` or
//! `https:` hosts:
//!
//! 1. **Site images** are served by Tauri's asset protocol, whose scope is
//!    empty at start (and denies `**/.git/**`); a post's site folder is
//!    allowed when one of its posts is rendered ([`allow_site`]), with its
//!    `.git` folder forbidden (for a post in no site, only the image files
//!    it shows). The core only points images at files inside
//!    that folder; the scope also refuses anything outside it (it follows
//!    links before checking).
//! 2. **Remote images** are fetched by the backend through the
//!    `gazette-remote:` protocol ([`remote_image`]), only while the open
//!    archive allows remote images, only `http(s)` URLs, only `image/*`
//!    answers of at most [`MAX_IMAGE`] bytes; the renderer points allowed
//!    images there (see `gazette_core::render::REMOTE_SCHEME`).

use std::time::Duration;

use gazette_core::render::ImageBase;
use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

use crate::state::AppState;

/// The largest remote image fetched, in bytes.
pub const MAX_IMAGE: u64 = 25 * 1024 * 1024;

/// Lets the asset protocol serve a rendered body's site images: the whole
/// site folder of `base` when it is a site (its `.git` folder forbidden),
/// else only the image `files` the body points at (a post outside any site
/// does not expose the rest of its folder). A failure is logged: those
/// images then show as broken, nothing else.
pub fn allow_site<R: Runtime>(
    app: &tauri::AppHandle<R>,
    base: Option<&ImageBase>,
    files: &[std::path::PathBuf],
) {
    let Some(base) = base else { return };
    let scope = app.asset_protocol_scope();
    let done = if base.is_site {
        if scope.is_allowed(&base.site_root) {
            return;
        }
        scope
            .forbid_directory(base.site_root.join(".git"), true)
            .and_then(|()| scope.allow_directory(&base.site_root, true))
    } else {
        files
            .iter()
            .filter(|f| !scope.is_allowed(f))
            .try_for_each(|f| scope.allow_file(f))
    };
    if let Err(e) = done {
        eprintln!(
            "gazette: cannot serve images from {}: {e}",
            base.site_root.display()
        );
    }
}

fn answer(status: StatusCode, text: &str) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain")
        .body(text.as_bytes().to_vec())
        .unwrap_or_default()
}

/// The `gazette-remote:` protocol: `?url=<encoded http(s) URL>` answered
/// with that image, or 403 when the archive blocks remote images, 400 for
/// a URL that is not `http(s)`, 502 when the fetch fails, 415 when the
/// answer is not an image.
pub fn remote_image<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let url = request.uri().query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "url")
            .map(|(_, v)| v.into_owned())
    });
    let Some(url) =
        url.filter(|u| url::Url::parse(u).is_ok_and(|u| matches!(u.scheme(), "http" | "https")))
    else {
        return responder.respond(answer(StatusCode::BAD_REQUEST, "not an http(s) URL"));
    };
    let allowed = ctx
        .app_handle()
        .state::<AppState>()
        .with_archive(|a| Ok(a.remote_images_allowed()?))
        .unwrap_or(false);
    if !allowed {
        return responder.respond(answer(
            StatusCode::FORBIDDEN,
            "remote images are blocked in this archive",
        ));
    }
    tauri::async_runtime::spawn_blocking(move || responder.respond(fetch(&url)));
}

/// Fetches one remote image (20 s at most, no cookies, no referrer).
fn fetch(url: &str) -> Response<Vec<u8>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into();
    let mut got = match agent.get(url).header("Accept", "image/*").call() {
        Ok(r) => r,
        Err(e) => return answer(StatusCode::BAD_GATEWAY, &e.to_string()),
    };
    let kind = got
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    if !kind.to_ascii_lowercase().starts_with("image/") {
        return answer(StatusCode::UNSUPPORTED_MEDIA_TYPE, "not an image");
    }
    match got.body_mut().with_config().limit(MAX_IMAGE).read_to_vec() {
        Ok(bytes) => Response::builder()
            .header(header::CONTENT_TYPE, kind)
            .body(bytes)
            .unwrap_or_default(),
        Err(e) => answer(StatusCode::BAD_GATEWAY, &e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;

    use super::*;

    /// A one-connection-at-a-time server answering every GET with
    /// `content_type` and `body`.
    fn serve(content_type: &'static str, body: &'static [u8]) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream);
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let mut stream = reader.into_inner();
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(body);
            }
        });
        format!("http://127.0.0.1:{port}/x")
    }

    #[test]
    fn an_image_is_passed_on_with_its_type() {
        let got = fetch(&serve("image/png", b"\x89PNG-bytes"));
        assert_eq!(got.status(), StatusCode::OK);
        assert_eq!(got.headers()[header::CONTENT_TYPE], "image/png");
        assert_eq!(got.body(), b"\x89PNG-bytes");
    }

    #[test]
    fn an_answer_that_is_not_an_image_is_refused() {
        let got = fetch(&serve("text/html", b"<script>alert(1)</script>"));
        assert_eq!(got.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(!String::from_utf8_lossy(got.body()).contains("script"));
    }

    #[test]
    fn an_unreachable_host_is_a_bad_gateway() {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let got = fetch(&format!("http://127.0.0.1:{port}/gone.png"));
        assert_eq!(got.status(), StatusCode::BAD_GATEWAY);
    }
}
