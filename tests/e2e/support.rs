//! What every end-to-end test uses: the display, tauri-driver, launching
//! the real app on an archive, and waiting for and clicking elements.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// Kills a child process gracefully (SIGTERM, so tauri-driver stops its
/// WebKitWebDriver too) when dropped.
pub(crate) struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.0.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub(crate) fn tauri_driver() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        return p.into();
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let in_cargo = home.join(".cargo/bin/tauri-driver");
    if in_cargo.exists() {
        in_cargo
    } else {
        "tauri-driver".into()
    }
}

/// Starts Xvfb on a free display unless one is set; returns the display.
pub(crate) fn display() -> (String, Option<Guard>) {
    if let Some(d) = std::env::var_os("DISPLAY").filter(|d| !d.is_empty()) {
        return (d.to_string_lossy().into_owned(), None);
    }
    for n in 90..140 {
        if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
            || Path::new(&format!("/tmp/.X{n}-lock")).exists()
        {
            continue;
        }
        let child = Command::new("Xvfb")
            .arg(format!(":{n}"))
            .args(["-screen", "0", "1400x900x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb is needed (apt-get install xvfb)");
        let guard = Guard(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
                return (format!(":{n}"), Some(guard));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    panic!("could not start Xvfb");
}

/// The text content of the first element matching `css`, if any.
/// (textContent rather than WebDriver's rendered text, which WebKitWebDriver
/// reports empty for the virtualised rows' transformed boxes.)
pub(crate) async fn content(client: &Client, css: &str) -> Option<String> {
    let v = client
        .execute(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
            vec![json!(css)],
        )
        .await
        .map_err(|e| eprintln!("script failed: {e}"))
        .ok()?;
    v.as_str().map(str::to_string)
}

/// Waits until the element's text satisfies `ok`; returns that text.
pub(crate) async fn text_until(client: &Client, css: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut last = None;
    loop {
        last = content(client, css).await.or(last);
        if let Some(t) = last.as_deref().filter(|t| ok(t)) {
            return t.to_string();
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {css}; last text: {last:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Clicks the first element matching `css`, waiting up to 30 s for it to
/// exist and take the click.
pub(crate) async fn click(client: &Client, css: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let native_until = Instant::now() + Duration::from_secs(10);
    loop {
        // A dialog closing or a banner appearing can cover the element for a
        // moment (ElementClickIntercepted): try again. WebKitWebDriver
        // sometimes keeps refusing a visible, uncovered button with an empty
        // error under load; after 10 s the element gets a DOM click instead
        // (callers check that dialogs they close are gone first).
        let result = match client.find(Locator::Css(css)).await {
            Ok(e) if Instant::now() < native_until => e.click().await,
            Ok(_) => {
                eprintln!("e2e: WebDriver kept refusing to click {css}; clicking it in the DOM");
                let clicked = client
                    .execute(
                        "const e = document.querySelector(arguments[0]); if (!e || e.disabled) return false; e.click(); return true;",
                        vec![json!(css)],
                    )
                    .await;
                match clicked {
                    Ok(serde_json::Value::Bool(true)) => Ok(()),
                    Ok(_) => Err(fantoccini::error::CmdError::InvalidArgument(
                        css.to_string(),
                        "missing or disabled".to_string(),
                    )),
                    Err(e) => Err(e),
                }
            }
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => return,
            Err(e) if Instant::now() > deadline => panic!("cannot click {css}: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}

/// Saves a screenshot of the app as `target/tmp/NAME` (best effort).
pub(crate) async fn screenshot(client: &Client, name: &str) {
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(Path::new(env!("CARGO_TARGET_TMPDIR")).join(name), png);
    }
}

/// Waits until the app's search indexing job (it runs after each import)
/// has indexed every post of the archive at `db` and its progress bar is
/// gone; returns whether the bar was seen on the way.
pub(crate) async fn wait_indexed(client: &Client, db: &Path) -> bool {
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut seen = false;
    loop {
        let bar = client
            .execute(
                "return document.querySelector('[data-testid=index-progress]') !== null",
                vec![],
            )
            .await
            .unwrap()
            .as_bool()
            .unwrap_or(false);
        seen |= bar;
        let left = gazette_core::Archive::open(db)
            .unwrap()
            .unindexed()
            .unwrap();
        if left == 0 && !bar {
            return seen;
        }
        assert!(
            Instant::now() < deadline,
            "indexing did not finish: {left} posts left"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Clicks the list row whose text holds `title`.
pub(crate) async fn open_row(client: &Client, title: &str) {
    client
        .execute(
            "const row = [...document.querySelectorAll('[data-testid=post-row]')].find((r) => r.textContent.includes(arguments[0])); row.click(); return true;",
            vec![json!(title)],
        )
        .await
        .unwrap();
}

/// Clicks `close` until the dialog `dialog` is gone (30 s at most).
pub(crate) async fn close_dialog(client: &Client, close: &str, dialog: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let open = client
            .execute(
                "return document.querySelector(arguments[0]) != null;",
                vec![json!(dialog)],
            )
            .await
            .unwrap();
        if open == json!(false) {
            return;
        }
        assert!(Instant::now() < deadline, "{dialog} does not close");
        click(client, close).await;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Waits for an element to exist and returns its text.
pub(crate) async fn text(client: &Client, css: &str) -> String {
    text_until(client, css, |_| true).await
}

/// E2E tests run one at a time: each starts its own app (and Xvfb).
pub(crate) static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The app running under tauri-driver on archive `db`, and its WebDriver
/// client; the processes stop when it is dropped.
pub(crate) struct Running {
    pub(crate) client: Client,
    pub(crate) _driver: Guard,
    pub(crate) _xvfb: Option<Guard>,
}

/// Starts the real app on archive `db` and connects to it.
pub(crate) async fn launch(db: &Path) -> Running {
    launch_with(db, &[]).await
}

/// Starts the real app on archive `db` with the environment variables
/// `env` set over the usual ones (`LANG`, say), and connects to it.
pub(crate) async fn launch_with(db: &Path, env: &[(&str, &str)]) -> Running {
    let app = PathBuf::from(env!("CARGO_BIN_EXE_gazette-app"));
    let (display, xvfb) = display();
    let port = free_port();
    let native_port = free_port();
    let driver = Guard(
        Command::new(tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", &display)
            .env("GAZETTE_DB", db)
            // The app's own settings (the window's size and place) stay
            // with this test's archive, apart from every other run.
            .env("XDG_CONFIG_HOME", db.parent().unwrap().join("config"))
            .env("LANG", "en_US.UTF-8")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver is needed (cargo install tauri-driver)"),
    );
    let caps = json!({ "tauri:options": { "application": app } });
    let caps = caps.as_object().unwrap().clone();
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    let client = loop {
        match ClientBuilder::native()
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(c) => break c,
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            Err(e) => panic!("cannot reach tauri-driver: {e}"),
        }
    };
    Running {
        client,
        _driver: driver,
        _xvfb: xvfb,
    }
}
