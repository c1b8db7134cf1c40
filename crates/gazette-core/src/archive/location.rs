//! Where the archive is when none is named: `$GAZETTE_DB`, else the OS data
//! folder (the desktop app and the CLI share the rule).

use std::path::PathBuf;

/// The environment variable that overrides the default archive path.
pub const ARCHIVE_ENV: &str = "GAZETTE_DB";

/// The archive used when none is named: `$GAZETTE_DB` if set, else
/// `archive.db` in the OS data folder (`~/.local/share/Gazette` on Linux,
/// `~/Library/Application Support/Gazette` on macOS, `%APPDATA%\Gazette` on
/// Windows), else `./gazette.db`. The desktop app and the CLI share it.
pub fn default_archive_path() -> PathBuf {
    archive_path_from(std::env::var_os(ARCHIVE_ENV), dirs::data_dir())
}

/// The rule of [`default_archive_path`] given the value of `$GAZETTE_DB`
/// (`env`, an empty value counting as unset) and the OS data folder
/// (`data_dir`, from the `dirs` crate; `None` where the OS has none).
fn archive_path_from(env: Option<std::ffi::OsString>, data_dir: Option<PathBuf>) -> PathBuf {
    if let Some(path) = env.filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    data_dir.map_or_else(
        || PathBuf::from("gazette.db"),
        |d| d.join("Gazette").join("archive.db"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_default_archive_is_the_env_variable_then_the_data_folder() {
        // The data folders `dirs` gives on each OS.
        for data in [
            "/home/me/.local/share",
            "/Users/me/Library/Application Support",
            r"C:\Users\me\AppData\Roaming",
        ] {
            let path = archive_path_from(None, Some(PathBuf::from(data)));
            assert_eq!(path, Path::new(data).join("Gazette").join("archive.db"));
            assert!(path.starts_with(data), "{path:?}");
        }
        assert_eq!(
            archive_path_from(Some("/tmp/x.db".into()), Some("/data".into())),
            PathBuf::from("/tmp/x.db")
        );
        // An empty variable is unset; no data folder at all is the
        // working folder.
        assert_eq!(
            archive_path_from(Some("".into()), None),
            PathBuf::from("gazette.db")
        );
    }
}
