//! The server as a process: the binary under test on a database of the test's,
//! and HTTP/1.1 clients of it (durability under kill -9, several servers on one database).

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use std::{
    collections::BTreeMap,
    path::Path,
    process::{Child, Command},
    time::{Duration, Instant},
};

/// What a command of the binary answered: whether it succeeded, and its standard output and
/// error, trimmed.
pub struct Ran {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `espace <args>` with the test's `env` besides (the back office, a health check, a
/// backup), as an operator runs it beside the server.
pub fn espace(args: &[&str], env: &[(&str, &str)]) -> Ran {
    let out = Command::new(env!("CARGO_BIN_EXE_espace"))
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("the binary runs");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).trim().to_owned();
    Ran {
        success: out.status.success(),
        stdout: text(&out.stdout),
        stderr: text(&out.stderr),
    }
}

/// The server binary on the database `url`, on a free port, with the demo data; its log in
/// `server.log` of `dir`.
pub struct Server {
    child: Child,
    pub port: u16,
}

impl Server {
    pub fn start(dir: &Path, url: &str) -> Self {
        Self::start_with(dir, url, &[])
    }

    /// With environment variables of the test's besides, e.g. raised quotas for a load.
    pub fn start_with(dir: &Path, url: &str, env: &[(&str, &str)]) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("server.log"))
            .unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_espace"))
            .env(
                "ESPACE_CONFIG",
                Path::new(env!("CARGO_MANIFEST_DIR")).join("Leptos.toml"),
            )
            .env("ESPACE_DATABASE_URL", url)
            .env("ESPACE_SIGN_IN", "demo")
            .env("ESPACE_DEMO_DATA", "true")
            .env("ESPACE_MAIL_TRANSPORT", "log")
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("ESPACE_PUBLIC_URL", format!("http://127.0.0.1:{port}"))
            .env("LEPTOS_SITE_ROOT", dir)
            .env("RUST_LOG", "warn,espace=info")
            .envs(env.iter().copied())
            // the server logs to standard output
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("the server starts");
        let deadline = Instant::now() + Duration::from_secs(60);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(exit) = child.try_wait().unwrap() {
                let log = std::fs::read_to_string(dir.join("server.log")).unwrap_or_default();
                panic!("the server stopped ({exit}): {log}");
            }
            assert!(Instant::now() < deadline, "the server did not listen");
            std::thread::sleep(Duration::from_millis(20));
        }
        Self { child, port }
    }

    /// The most memory the process has held so far (its resident set's high-water mark), in
    /// bytes, as Linux counts it.
    pub fn peak_memory(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let kilobytes: u64 = status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM in /proc/<pid>/status");
        kilobytes * 1024
    }

    /// The server's process id, for signals.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn kill(mut self) {
        self.child.kill().unwrap(); // SIGKILL: no shutdown of any kind
        self.child.wait().unwrap();
    }

    /// SIGTERM, as a service manager stops it: answers whether it exited cleanly, and when.
    pub fn terminate(mut self) -> (bool, Duration) {
        let asked = Instant::now();
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let deadline = asked + Duration::from_secs(30);
        loop {
            if let Some(exit) = self.child.try_wait().unwrap() {
                return (exit.success(), asked.elapsed());
            }
            assert!(
                Instant::now() < deadline,
                "still running 30 s after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// A server the test did not stop (it ended, or failed before) stops with it, instead of
/// running on after the test binary.
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One keep-alive HTTP/1.1 connection to a server, with the cookies it was given.
pub struct Client {
    sender: hyper::client::conn::http1::SendRequest<Full<Bytes>>,
    port: u16,
    pub cookies: BTreeMap<String, String>,
}

impl Client {
    pub async fn connect(port: u16) -> Option<Self> {
        let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .ok()?;
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(tcp))
            .await
            .ok()?;
        tokio::spawn(connection);
        Some(Self {
            sender,
            port,
            cookies: BTreeMap::new(),
        })
    }

    /// Calls a server function: its status and body, or `None` if the connection broke.
    pub async fn call(&mut self, endpoint: &str, form: &[(&str, &str)]) -> Option<(u16, String)> {
        let request = http::Request::post(format!("/api/{endpoint}"))
            .header("host", format!("127.0.0.1:{}", self.port))
            .header("origin", format!("http://127.0.0.1:{}", self.port))
            .header("sec-fetch-site", "same-origin")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", cookie_header(&self.cookies))
            .body(Full::new(Bytes::from(
                serde_urlencoded::to_string(form).unwrap(),
            )))
            .unwrap();
        let (status, _, body) = self.send(request).await?;
        Some((status, body))
    }

    /// Posts a multipart form of `fields` and then one `file`, as a browser sends a file input:
    /// its status and body.
    pub async fn upload(
        &mut self,
        endpoint: &str,
        fields: &[(&str, &str)],
        (file_name, content): (&str, Vec<u8>),
    ) -> Option<(u16, String)> {
        const BOUNDARY: &str = "----espace-process-boundary";
        let mut body = Vec::with_capacity(content.len() + 1024);
        for (name, value) in fields {
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(&content);
        body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
        let request = http::Request::post(format!("/api/{endpoint}"))
            .header("host", format!("127.0.0.1:{}", self.port))
            .header("origin", format!("http://127.0.0.1:{}", self.port))
            .header("sec-fetch-site", "same-origin")
            .header("accept", "application/json")
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .header("cookie", cookie_header(&self.cookies))
            .body(Full::new(Bytes::from(body)))
            .unwrap();
        let (status, _, body) = self.send(request).await?;
        Some((status, body))
    }

    /// Loads the page at `path`: its status, headers and body.
    pub async fn get(&mut self, path: &str) -> Option<(u16, http::HeaderMap, String)> {
        let request = http::Request::get(path)
            .header("host", format!("127.0.0.1:{}", self.port))
            .header("cookie", cookie_header(&self.cookies))
            .body(Full::new(Bytes::new()))
            .unwrap();
        self.send(request).await
    }

    /// Sends `request`, keeping the cookies the answer sets.
    async fn send(
        &mut self,
        request: http::Request<Full<Bytes>>,
    ) -> Option<(u16, http::HeaderMap, String)> {
        self.sender.ready().await.ok()?;
        let response = self.sender.send_request(request).await.ok()?;
        let status = response.status().as_u16();
        for set in response.headers().get_all("set-cookie") {
            let pair = set.to_str().unwrap().split(';').next().unwrap();
            if let Some((name, value)) = pair.split_once('=') {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.ok()?.to_bytes();
        Some((status, headers, String::from_utf8_lossy(&body).into_owned()))
    }

    /// Signed in with the demo certificate `ssn`: answers the id of their first eSpace.
    pub async fn signed_in(port: u16, ssn: &str) -> Option<(Self, String)> {
        let mut client = Self::connect(port).await?;
        client.call("sign_in_demo", &[("ssn", ssn)]).await?;
        let (_, session) = client.call("current_session", &[]).await?;
        let session: serde_json::Value = serde_json::from_str(&session).ok()?;
        let espace = session["viewer"]["espaces"][0]["id"].as_str()?.to_owned();
        Some((client, espace))
    }

    /// The answer of a server function, as JSON (`Null` if the connection broke).
    pub async fn answer(&mut self, endpoint: &str, form: &[(&str, &str)]) -> serde_json::Value {
        match self.call(endpoint, form).await {
            Some((_, body)) => serde_json::from_str(&body).unwrap_or_default(),
            None => serde_json::Value::Null,
        }
    }
}

/// What the servers of `dir` logged, checked to be there (each logs where it listens).
pub fn server_log(dir: &Path) -> String {
    let log = std::fs::read_to_string(dir.join("server.log")).unwrap_or_default();
    assert!(log.contains("listening on"), "the servers' log: {log}");
    log
}

fn cookie_header(cookies: &BTreeMap<String, String>) -> String {
    cookies
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("; ")
}
