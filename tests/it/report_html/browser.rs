//! Headless Chromium for the report tests: find it (or fail saying how to
//! install it), open a page with console logging and a network log, and
//! read back console messages and the requests the page made.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The Chromium binary: `$VIGIE_CHROMIUM`, else `/usr/bin/chromium`. Its
/// absence fails the test: the report must be checked in a browser.
pub fn chromium() -> PathBuf {
    let exe = std::env::var_os("VIGIE_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        exe.is_file(),
        "Chromium is required by the HTML report tests and was not found at {}.\n\
         Install it with: apt-get update && apt-get install -y chromium\n\
         (or set VIGIE_CHROMIUM to a Chromium/Chrome binary).",
        exe.display()
    );
    exe
}

/// What one Chromium run left behind.
pub struct Run {
    pub stderr: String,
    pub net_log: String,
}

/// Opens `page` headless with `extra` flags (screenshot or PDF), console
/// messages on stderr and a network log; fails after two minutes.
pub fn open(page: &Path, work: &Path, extra: &[String]) -> Run {
    let profile = tempfile::tempdir_in(work).unwrap();
    let net_log = profile.path().join("netlog.json");
    let mut cmd = Command::new(chromium());
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()))
    .arg(format!("--log-net-log={}", net_log.display()))
    .args(extra)
    .arg(format!("file://{}", page.display()))
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("chromium could not be started");
    let stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish within 2 minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stderr = reader.join().unwrap();
    assert!(status.success(), "chromium failed ({status}):\n{stderr}");
    let net_log = std::fs::read_to_string(&net_log).unwrap_or_default();
    Run { stderr, net_log }
}

/// Console messages the page logged (`…:INFO:CONSOLE:12] "message"…`).
pub fn console_messages(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect()
}

/// URLs the page itself requested over the network: every URL request
/// started by a document (Chromium's own background requests have no
/// initiating origin) whose scheme is not `file:`, `data:`, `about:`,
/// `blob:` or `chrome:`.
pub fn page_requests(net_log: &str) -> Vec<String> {
    let log: serde_json::Value = match serde_json::from_str(net_log) {
        Ok(v) => v,
        // Chromium may leave the log unterminated: close it.
        Err(_) => serde_json::from_str(&format!("{}]}}", net_log.trim_end().trim_end_matches(',')))
            .expect("unreadable Chromium net log"),
    };
    let start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
        .as_u64()
        .expect("net log without URL_REQUEST_START_JOB");
    let mut urls: Vec<String> = log["events"]
        .as_array()
        .expect("net log without events")
        .iter()
        .filter(|e| e["type"].as_u64() == Some(start_job))
        .filter(|e| e["params"]["initiator"].as_str() != Some("not an origin"))
        .filter_map(|e| e["params"]["url"].as_str())
        .filter(|u| {
            !["file:", "data:", "about:", "blob:", "chrome:"]
                .iter()
                .any(|s| u.starts_with(s))
        })
        .map(str::to_string)
        .collect();
    urls.sort();
    urls.dedup();
    urls
}

/// Pages of a PDF written by Chromium (its page objects are not compressed).
pub fn pdf_pages(pdf: &[u8]) -> usize {
    let re = regex::bytes::Regex::new(r"/Type\s*/Page[^s]").unwrap();
    re.find_iter(pdf).count()
}
