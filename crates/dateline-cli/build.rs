//! Finds the shared data beside the clone for the tests that read it.
//!
//! With `../shared/data` (or `$DATELINE_SHARED/data`) present, tests get its path through
//! `DATELINE_TEST_SHARED`. Without it, the `no_shared` cfg marks those tests ignored, so
//! `cargo test` reports them as ignored; under `CI=true` a missing folder fails the build.

use std::env;
use std::path::PathBuf;

fn main() {
    pyarrow();
    println!("cargo::rustc-check-cfg=cfg(no_shared)");
    println!("cargo::rerun-if-env-changed=DATELINE_SHARED");
    println!("cargo::rerun-if-env-changed=CI");
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let shared = env::var_os("DATELINE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../../shared"));
    let data = shared.join("data");
    println!("cargo::rerun-if-changed={}", data.display());
    if data.is_dir() {
        let shared = shared.canonicalize().unwrap_or(shared);
        println!("cargo::rustc-env=DATELINE_TEST_SHARED={}", shared.display());
    } else if env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "CI=true but the shared data is missing at {}: CI needs ../shared beside the clone",
            data.display()
        );
    } else {
        println!("cargo::rustc-cfg=no_shared");
        println!("cargo::rustc-env=DATELINE_TEST_SHARED=");
        println!(
            "cargo::warning=no shared data at {}: the tests that need it are ignored",
            data.display()
        );
    }
}

/// The Parquet export is checked by an independent reader, pyarrow, run by
/// `$DATELINE_PYTHON` (default `python3`). Without it the test is ignored; `.ci/run` installs
/// it, and under `CI=true` it must be there.
fn pyarrow() {
    println!("cargo::rustc-check-cfg=cfg(no_pyarrow)");
    println!("cargo::rerun-if-env-changed=DATELINE_PYTHON");
    let python = env::var("DATELINE_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let found = std::process::Command::new(&python)
        .args(["-c", "import pyarrow.parquet"])
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        println!("cargo::rustc-env=DATELINE_TEST_PYTHON={python}");
    } else if env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI=true but {python} cannot import pyarrow: .ci/run installs it");
    } else {
        println!("cargo::rustc-cfg=no_pyarrow");
        // No build warning: the test reports itself ignored, with the reason.
        println!("cargo::rustc-env=DATELINE_TEST_PYTHON=");
    }
}
