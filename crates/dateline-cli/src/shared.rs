//! Finding the gold data and corpora that live beside the project (`../shared`).

use std::path::{Path, PathBuf};

use anyhow::bail;

/// The shared data folder: `$DATELINE_SHARED`, or the first `shared/` beside the current
/// directory or one of its ancestors (so `../shared` from a clone works).
pub fn shared_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("DATELINE_SHARED") {
        return Some(PathBuf::from(dir));
    }
    let cwd = std::env::current_dir().ok()?;
    cwd.ancestors()
        .map(|dir| dir.join("shared"))
        .find(|candidate| candidate.join("data").is_dir())
}

/// A gold file: the path the user gave, or `relative` under the shared data folder.
pub fn gold_path(given: Option<&Path>, relative: &str, flag: &str) -> anyhow::Result<PathBuf> {
    if let Some(path) = given {
        return Ok(path.to_path_buf());
    }
    match shared_dir() {
        Some(dir) => Ok(dir.join("data").join(relative)),
        None => bail!(
            "no gold data: give {flag} PATH, or set DATELINE_SHARED to the folder that holds data/{relative}"
        ),
    }
}
