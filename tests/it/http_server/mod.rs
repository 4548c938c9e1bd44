//! A scripted HTTP/1.1 server on 127.0.0.1 for the sync tests, so they can
//! play the feeds (slow, failing, rate limiting or lying) without touching
//! the network. It answers one connection per scripted reply, in order,
//! records what each request asked for, and stops after the script or when
//! dropped, whichever comes first.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Requests larger than this are cut off (a GET is a few hundred bytes).
const MAX_REQUEST_HEAD: usize = 64 * 1024;
/// How long the server waits for a client that connected to send its request.
const REQUEST_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// One scripted answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long after reading the request before answering.
    pub delay: Duration,
}

impl Reply {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn ok(body: impl Into<Vec<u8>>) -> Reply {
        Reply::new(200, body)
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn after(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

/// What one request asked for.
#[derive(Debug, Clone)]
pub struct Seen {
    /// Path and query, e.g. `/api/daily_papers?date=2026-11-27&p=0&limit=100`.
    pub target: String,
    pub user_agent: Option<String>,
    /// When the request was read.
    pub at: Instant,
}

pub struct ScriptedServer {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl ScriptedServer {
    /// Starts serving `script` on a free port.
    pub fn start(script: Vec<Reply>) -> ScriptedServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
        let addr = listener.local_addr().expect("the bound address");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (stop, stopped) = mpsc::channel();
        let log = Arc::clone(&seen);
        let thread = std::thread::spawn(move || serve(listener, script, &log, &stopped));
        ScriptedServer {
            addr,
            seen,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT`, the base URL to give folio.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request so far, in order.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The path and query of every request so far.
    pub fn targets(&self) -> Vec<String> {
        self.seen().into_iter().map(|s| s.target).collect()
    }
}

impl Drop for ScriptedServer {
    fn drop(&mut self) {
        drop(self.stop.take());
        // Wake an `accept` that would otherwise wait for a client forever.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(listener: TcpListener, script: Vec<Reply>, seen: &Mutex<Vec<Seen>>, stop: &Receiver<()>) {
    for reply in script {
        let Ok((mut stream, _)) = listener.accept() else {
            return;
        };
        if stopping(stop, Duration::ZERO) {
            return;
        }
        let Some(head) = read_head(&mut stream) else {
            continue;
        };
        seen.lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(parse_head(&head));
        if stopping(stop, reply.delay) {
            return;
        }
        // The client may have given up already; that is its business.
        let _ = stream.write_all(&render(&reply));
        let _ = stream.flush();
        let _ = stream.shutdown(std::net::Shutdown::Both);
    }
}

/// Waits up to `delay`; true when the server is being dropped.
fn stopping(stop: &Receiver<()>, delay: Duration) -> bool {
    match stop.recv_timeout(delay) {
        Ok(()) | Err(RecvTimeoutError::Disconnected) => true,
        Err(RecvTimeoutError::Timeout) => false,
    }
}

/// The request line and headers, up to the blank line.
fn read_head(stream: &mut TcpStream) -> Option<String> {
    stream.set_read_timeout(Some(REQUEST_READ_TIMEOUT)).ok()?;
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < MAX_REQUEST_HEAD {
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        head.extend_from_slice(&buf[..n]);
    }
    Some(String::from_utf8_lossy(&head).into_owned())
}

fn parse_head(head: &str) -> Seen {
    let mut lines = head.lines();
    let target = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .unwrap_or_default()
        .to_string();
    let user_agent = lines.find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("user-agent")
            .then(|| value.trim().to_string())
    });
    Seen {
        target,
        user_agent,
        at: Instant::now(),
    }
}

/// The response bytes; a scripted `Content-Length` replaces the real one
/// (to play a download cut short).
fn render(reply: &Reply) -> Vec<u8> {
    let reason = match reply.status {
        200 => "OK",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Scripted",
    };
    let mut head = format!(
        "HTTP/1.1 {} {reason}\r\nConnection: close\r\n",
        reply.status
    );
    let mut has_length = false;
    for (name, value) in &reply.headers {
        has_length |= name.eq_ignore_ascii_case("content-length");
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !has_length {
        head.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&reply.body);
    bytes
}
