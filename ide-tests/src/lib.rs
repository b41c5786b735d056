//! Just enough of a language client to ask rust-analyzer what an editor asks (diagnostics,
//! hover, go-to-definition) about a crate using sqlmint, so a test sees what a user's editor
//! would show.

use serde_json::{json, Value};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

/// Why a test cannot ask rust-analyzer anything on this machine, or `None` when it can: the
/// `rustup` proxy is on PATH even where the component is not installed, so it must run.
pub fn unavailable() -> Option<String> {
    match Command::new("rust-analyzer").arg("--version").output() {
        Ok(output) if output.status.success() => {}
        Ok(output) => {
            return Some(format!(
                "`rust-analyzer --version` failed ({}): {}; install it with `rustup component add rust-analyzer`",
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            ))
        }
        Err(error) => {
            return Some(format!(
                "rust-analyzer is not on PATH ({error}); install it with `rustup component add rust-analyzer`"
            ))
        }
    }
    // Without the standard library's sources every `String` would be `{unknown}`.
    let sysroot = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()));
    match sysroot {
        Some(sysroot) if sysroot.join("lib/rustlib/src/rust/library").is_dir() => None,
        _ => Some(
            "rust-analyzer needs the standard library's sources; install them with `rustup component add rust-src`"
                .to_owned(),
        ),
    }
}

/// A position in a document, both zero-based, in UTF-16 code units as LSP counts them (the
/// same as bytes in the ASCII fixtures this is used with).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

impl Position {
    /// Where the `occurrence`th (from 0) `needle` of `text` starts, plus `offset` characters.
    pub fn of(text: &str, needle: &str, occurrence: usize, offset: u32) -> Option<Position> {
        let (start, _) = text.match_indices(needle).nth(occurrence)?;
        let before = &text[..start];
        let line = before.matches('\n').count();
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        let character = before[line_start..].encode_utf16().count();
        Some(Position {
            line: u32::try_from(line).ok()?,
            character: u32::try_from(character).ok()? + offset,
        })
    }

    fn to_json(self) -> Value {
        json!({ "line": self.line, "character": self.character })
    }

    fn from_json(value: &Value) -> Option<Position> {
        Some(Position {
            line: u32::try_from(value.get("line")?.as_u64()?).ok()?,
            character: u32::try_from(value.get("character")?.as_u64()?).ok()?,
        })
    }
}

/// The `file://` URI of an absolute path.
pub fn uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

/// How long one question may take once the workspace is loaded: answers come in seconds, but
/// CI machines are shared.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// A running `rust-analyzer` speaking LSP over its stdin and stdout.
pub struct Server {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Result<Value, String>>,
    next_id: u64,
    /// Notifications that arrived while waiting for something else, oldest first.
    notifications: Vec<Value>,
    log: PathBuf,
}

impl Server {
    /// Starts rust-analyzer on the Cargo workspace at `root` and initializes it. Cargo builds
    /// the workspace's proc macros and build scripts for it in `target_dir`, where its log
    /// goes too. `settings` are rust-analyzer's initialization options.
    pub fn start(root: &Path, target_dir: &Path, settings: Value) -> Result<Server, String> {
        std::fs::create_dir_all(target_dir)
            .map_err(|e| format!("{}: {e}", target_dir.display()))?;
        let log = target_dir.join("rust-analyzer.log");
        let log_file = File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let mut child = Command::new("rust-analyzer")
            .current_dir(root)
            .env("CARGO_TARGET_DIR", target_dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .map_err(|e| format!("cannot start rust-analyzer: {e}"))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err("rust-analyzer started without pipes".to_owned());
        };
        // A thread of its own, so every wait has a timeout instead of hanging the test.
        let (sender, incoming) = mpsc::channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let message = read_message(&mut reader);
                let stop = message.is_err();
                if sender.send(message).is_err() || stop {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            stdin,
            incoming,
            next_id: 0,
            notifications: Vec::new(),
            log,
        };
        server.request(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": uri(root),
                "workspaceFolders": [{ "uri": uri(root), "name": "fixture" }],
                "initializationOptions": settings,
                "capabilities": {
                    "textDocument": {
                        "hover": { "contentFormat": ["markdown", "plaintext"] },
                        "publishDiagnostics": {},
                    },
                    // `experimental/serverStatus` says when loading and indexing are done.
                    "experimental": { "serverStatusNotification": true },
                },
            }),
            REQUEST_TIMEOUT,
        )?;
        server.notify("initialized", json!({}))?;
        Ok(server)
    }

    /// Where the server's own log goes, for a failure to point at.
    pub fn log(&self) -> &Path {
        &self.log
    }

    fn notify(&mut self, method: &str, params: Value) -> Result<(), String> {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }))
    }

    /// Sends a request and waits for its response, answering the server's own requests and
    /// keeping its notifications meanwhile. A request the server cancelled because what it
    /// knew changed under it (a proc macro reloaded, say) is sent again, as editors do.
    pub fn request(
        &mut self,
        method: &str,
        params: Value,
        timeout: Duration,
    ) -> Result<Value, String> {
        let deadline = Instant::now() + timeout;
        loop {
            self.next_id += 1;
            let id = self.next_id;
            let request =
                json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": &params });
            self.send(&request)?;
            let response = loop {
                let message = self.receive(deadline, method)?;
                if message.get("method").is_some() {
                    self.notifications.push(message);
                } else if message.get("id").and_then(Value::as_u64) == Some(id) {
                    break message;
                }
            };
            let Some(error) = response.get("error") else {
                return Ok(response.get("result").cloned().unwrap_or(Value::Null));
            };
            // ContentModified and ServerCancelled.
            let retry = matches!(
                error.get("code").and_then(Value::as_i64),
                Some(-32801 | -32802)
            );
            if !retry || Instant::now() >= deadline {
                return Err(format!("{method} failed: {error}"));
            }
            thread::sleep(Duration::from_millis(200));
        }
    }

    /// Waits for a notification `accept` returns `Some` for, looking first at those already
    /// received; the ones before it are dropped.
    fn wait_for<T>(
        &mut self,
        what: &str,
        timeout: Duration,
        mut accept: impl FnMut(&Value) -> Option<T>,
    ) -> Result<T, String> {
        let deadline = Instant::now() + timeout;
        while !self.notifications.is_empty() {
            let message = self.notifications.remove(0);
            if let Some(found) = accept(&message) {
                return Ok(found);
            }
        }
        loop {
            let message = self.receive(deadline, what)?;
            if message.get("method").is_some() {
                if let Some(found) = accept(&message) {
                    return Ok(found);
                }
            }
        }
    }

    /// Waits until the server has loaded the workspace, built and run its build scripts and
    /// proc macros: `experimental/serverStatus` says it is quiescent.
    pub fn wait_until_ready(&mut self, timeout: Duration) -> Result<(), String> {
        let status = self.wait_for("rust-analyzer to load the workspace", timeout, |message| {
            let params = message.get("params")?;
            (message.get("method")? == "experimental/serverStatus"
                && params.get("quiescent")? == true)
                .then(|| params.clone())
        })?;
        match status.get("health").and_then(Value::as_str) {
            Some("ok") => Ok(()),
            _ => Err(format!(
                "rust-analyzer loaded the workspace with trouble: {status}; its log: {}",
                self.log.display()
            )),
        }
    }

    /// Opens `path` as an editor opens a file.
    pub fn open(&mut self, path: &Path) -> Result<String, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri(path), "languageId": "rust", "version": 1, "text": text,
            } }),
        )?;
        Ok(text)
    }

    /// Replaces the text of the open `path` as an editor does while one types, unsaved.
    pub fn change(&mut self, path: &Path, version: u32, text: &str) -> Result<(), String> {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri(path), "version": version },
                "contentChanges": [{ "text": text }],
            }),
        )
    }

    /// The diagnostics an editor shows for `path`, asked for (rather than waited for) so
    /// that an empty answer means there are none.
    pub fn diagnostics(&mut self, path: &Path) -> Result<Vec<Value>, String> {
        let report = self.request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri(path) } }),
            REQUEST_TIMEOUT,
        )?;
        match report.get("items").and_then(Value::as_array) {
            Some(items) => Ok(items.clone()),
            None => Err(format!("a diagnostic report without items: {report}")),
        }
    }

    /// What hovering at `position` of `path` shows, as markdown, or `None` for nothing.
    pub fn hover(&mut self, path: &Path, position: Position) -> Result<Option<String>, String> {
        let hover = self.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri(path) }, "position": position.to_json() }),
            REQUEST_TIMEOUT,
        )?;
        if hover.is_null() {
            return Ok(None);
        }
        match hover.pointer("/contents/value").and_then(Value::as_str) {
            Some(text) => Ok(Some(text.to_owned())),
            None => Err(format!("a hover of an unexpected shape: {hover}")),
        }
    }

    /// Where go-to-definition at `position` of `path` leads: each destination's file URI and
    /// the start of its name.
    pub fn definition(
        &mut self,
        path: &Path,
        position: Position,
    ) -> Result<Vec<(String, Position)>, String> {
        let answer = self.request(
            "textDocument/definition",
            json!({ "textDocument": { "uri": uri(path) }, "position": position.to_json() }),
            REQUEST_TIMEOUT,
        )?;
        let locations = match answer {
            Value::Null => Vec::new(),
            Value::Array(locations) => locations,
            location => vec![location],
        };
        locations
            .iter()
            .map(|location| {
                // A `Location`, or a `LocationLink` from a server that sends them anyway.
                let uri = location.get("uri").or_else(|| location.get("targetUri"));
                let start = location
                    .pointer("/range/start")
                    .or_else(|| location.pointer("/targetSelectionRange/start"));
                match (
                    uri.and_then(Value::as_str),
                    start.and_then(Position::from_json),
                ) {
                    (Some(uri), Some(start)) => Ok((uri.to_owned(), start)),
                    _ => Err(format!("a location of an unexpected shape: {location}")),
                }
            })
            .collect()
    }

    /// Asks the server to exit and waits for it.
    pub fn shutdown(mut self) -> Result<(), String> {
        self.request("shutdown", Value::Null, Duration::from_secs(30))?;
        self.notify("exit", Value::Null)?;
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) => return Ok(()),
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(50)),
                Ok(None) => return Err("rust-analyzer did not exit".to_owned()),
                Err(error) => return Err(format!("waiting for rust-analyzer: {error}")),
            }
        }
    }

    /// The next message, with every request from the server answered on the way: nothing
    /// this client declared makes the server ask anything that needs more than `null`.
    fn receive(&mut self, deadline: Instant, waiting_for: &str) -> Result<Value, String> {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = match self.incoming.recv_timeout(left) {
                Ok(message) => message?,
                Err(RecvTimeoutError::Timeout) => {
                    return Err(format!(
                        "timed out waiting for {waiting_for}; rust-analyzer's log: {}",
                        self.log.display()
                    ))
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(format!(
                        "rust-analyzer exited while waiting for {waiting_for}; its log: {}",
                        self.log.display()
                    ))
                }
            };
            match (message.get("id"), message.get("method")) {
                (Some(id), Some(_)) => {
                    let id = id.clone();
                    self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": null }))?;
                }
                _ => return Ok(message),
            }
        }
    }

    fn send(&mut self, message: &Value) -> Result<(), String> {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len())
            .and_then(|()| self.stdin.flush())
            .map_err(|e| format!("writing to rust-analyzer: {e}"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // A test that failed half-way leaves no server behind; after `shutdown` it is gone.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One message: `Content-Length` framed JSON.
fn read_message(reader: &mut impl BufRead) -> Result<Value, String> {
    let mut length = None;
    loop {
        let mut header = String::new();
        let read = reader
            .read_line(&mut header)
            .map_err(|e| format!("reading from rust-analyzer: {e}"))?;
        if read == 0 {
            return Err("rust-analyzer closed its output".to_owned());
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(value) = header.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let length = length.ok_or("a message from rust-analyzer without Content-Length")?;
    let mut body = vec![0; length];
    reader
        .read_exact(&mut body)
        .map_err(|e: io::Error| format!("reading from rust-analyzer: {e}"))?;
    serde_json::from_slice(&body).map_err(|e| format!("a message from rust-analyzer: {e}"))
}
