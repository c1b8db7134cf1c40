//! Writing a site's file: through a temporary file beside it renamed over
//! it, so a cancel or a crash never leaves half a file, and never through a
//! link leading out of the site.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` to the site's file `relative` through a temporary file in
/// the same folder renamed over it, after checking that the folder is
/// inside `root` once links are resolved.
pub(super) fn write_atomically(root: &Path, relative: &str, bytes: &[u8]) -> Result<()> {
    let path = root.join(relative);
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let parent = path.parent().unwrap_or(root);
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let real_parent = dunce::canonicalize(parent).map_err(io(parent))?;
    if !real_parent.starts_with(root) {
        return Err(Error::Site {
            path: path.clone(),
            reason: "this folder leads outside the site (a link); nothing written".into(),
        });
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".gazette-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut temp = builder.tempfile_in(&real_parent).map_err(io(parent))?;
    temp.write_all(bytes).map_err(io(&path))?;
    temp.as_file().sync_all().map_err(io(&path))?;
    temp.persist(&path).map_err(|e| Error::Io {
        path: path.clone(),
        source: e.error,
    })?;
    Ok(())
}
