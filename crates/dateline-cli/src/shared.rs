//! Finding the gold data and corpora that live beside the project (`../shared`).

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

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

/// The built-in resources, with those of the tagger's files (pos.bin, pos.labels,
/// pos.tagdict.tsv) and its word clusters (clusters.bin) that `models`
/// holds read from there instead: a folder that `train pos` or `train clusters` wrote, used
/// without rebuilding the binary.
pub fn resources_with_models(models: Option<&Path>) -> anyhow::Result<dateline_engine::Resources> {
    use dateline_engine::resources::{DATA_FILES, DataFile};
    let Some(dir) = models else {
        return Ok(dateline_engine::Resources::load()?);
    };
    let mut files: Vec<DataFile> = DATA_FILES.to_vec();
    let mut found = 0;
    for file in &mut files {
        let name = file.path.trim_start_matches("models/");
        if ["pos.bin", "pos.labels", "pos.tagdict.tsv", "clusters.bin"].contains(&name) {
            let path = dir.join(name);
            if !path.exists() {
                continue;
            }
            let bytes =
                std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            // Lives as long as the process, as the built-in files do.
            file.contents = Box::leak(bytes.into_boxed_slice());
            found += 1;
        }
    }
    if found == 0 {
        anyhow::bail!(
            "{} holds none of pos.bin, pos.labels, pos.tagdict.tsv, clusters.bin",
            dir.display()
        );
    }
    Ok(dateline_engine::Resources::from_files(&files)?)
}
