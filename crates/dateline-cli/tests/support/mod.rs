//! Helpers: run the binary, make temporary folders, validate records.

pub mod schema;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The finished run of `dateline ARGS`.
pub struct Run {
    pub status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

pub fn dateline(args: &[&str]) -> Run {
    dateline_with_stdin(args, None)
}

pub fn dateline_with_stdin(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("NO_COLOR")
        .spawn()
        .expect("the dateline binary runs");
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().unwrap();
    Run {
        status: status.code(),
        stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
    }
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// The shared data folder, when the build found one.
pub fn shared_dir() -> PathBuf {
    let dir = env!("DATELINE_TEST_SHARED");
    assert!(
        !dir.is_empty(),
        "this test needs the shared data; it should have been ignored"
    );
    PathBuf::from(dir)
}

/// A temporary folder removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("dateline-test-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }

    pub fn path(&self, name: &str) -> String {
        self.0.join(name).display().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Parses JSON Lines output into values.
pub fn records(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// Checks a record against docs/record.schema.json and its offsets against its text.
pub fn check_record(record: &serde_json::Value) {
    let schema = schema::record_schema();
    if let Err(error) = schema::validate(&schema, &schema, record, "record") {
        panic!("record does not match docs/record.schema.json: {error}\n{record:#}");
    }
    let text: Vec<char> = record["text"].as_str().unwrap().chars().collect();
    let mut last = 0;
    for s in record["sentences"].as_array().unwrap() {
        let (start, end) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert!(
            start >= last && start < end && end <= text.len(),
            "sentence {start}..{end}"
        );
        let sentence: String = text[start..end].iter().collect();
        assert_eq!(sentence.trim(), sentence, "sentences are trimmed");
        last = end;
    }
    // Every quote, speaker, cue and channel says the text its offsets point to.
    let check_extent = |extent: &serde_json::Value, what: &str| {
        let (start, end) = (
            extent["start"].as_u64().unwrap() as usize,
            extent["end"].as_u64().unwrap() as usize,
        );
        assert!(start < end && end <= text.len(), "{what} {start}..{end}");
        let covered: String = text[start..end].iter().collect();
        assert_eq!(covered, extent["text"].as_str().unwrap(), "{what}");
    };
    for quote in record["quotes"].as_array().unwrap() {
        check_extent(quote, "quote");
        for part in ["speaker", "cue", "channel"] {
            if !quote[part].is_null() {
                check_extent(&quote[part], part);
            }
        }
        if !quote["speaker"].is_null() && !quote["speaker"]["antecedent"].is_null() {
            check_extent(&quote["speaker"]["antecedent"], "antecedent");
        }
    }
}
