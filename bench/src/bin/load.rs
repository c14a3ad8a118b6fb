//! A contact center's day against real Switchboard servers, over HTTP: operators of two
//! or more companies working their cases, supervisors watching the live boards and
//! opening reports, and an administrator running a distribution and a CSV import
//! meanwhile. Reports, per operation, the count, throughput, p50/p99/max and errors,
//! the reads' against the writes' p99, and the servers' peak memory.
//!
//!     switchboard generate --companies 2 --users-per-company 100 --cases 20000 \
//!         --database sqlite://load.db
//!     cargo run --release -p bench --bin load -- --server target/release/switchboard \
//!         --database sqlite://load.db --operators 40 --duration 60
//!
//! The benchmark starts the servers itself (`--processes 2` on PostgreSQL: two
//! processes on two ports, the clients spread over them in turn), signs every user in
//! through the API, runs each step (`--operators-steps 20,40,80`) for `--duration`
//! seconds and stops the servers. Everything stays on 127.0.0.1.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context as _, bail};
use bytes::Bytes;
use clap::Parser;
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::client::conn::http1::{self, SendRequest};
use hyper::{Method, Request, Response, StatusCode, header};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use store::Sql;
use tokio::net::TcpStream;
use tokio::time::Instant;

#[derive(Parser)]
struct Args {
    /// The `switchboard` binary to serve with (a release build).
    #[arg(long, default_value = "target/release/switchboard")]
    server: PathBuf,
    /// A database `switchboard generate` filled: `sqlite://FILE` or `postgres://…`.
    #[arg(long)]
    database: String,
    /// Server processes: 1, or 2 on PostgreSQL (clients take their ports in turn).
    #[arg(long, default_value_t = 1)]
    processes: usize,
    /// The first process listens on 127.0.0.1:PORT, the second on PORT+1.
    #[arg(long, default_value_t = 18480)]
    port: u16,
    /// Operators working at once.
    #[arg(long, default_value_t = 40)]
    operators: usize,
    /// Successive steps against the same servers, e.g. `20,40,80,160` (instead of
    /// `--operators`), to find how many operators keep write p99 under the target.
    #[arg(long, value_delimiter = ',')]
    operators_steps: Vec<usize>,
    /// The operators come from this many generated companies, in turn.
    #[arg(long, default_value_t = 2)]
    companies: usize,
    /// Supervisors watching the live stream (spread over the companies).
    #[arg(long, default_value_t = 4)]
    supervisors: usize,
    /// Seconds each step lasts.
    #[arg(long, default_value_t = 60)]
    duration: u64,
    /// An operator's pause between two rounds of work, in milliseconds.
    #[arg(long, default_value_t = 0)]
    think_ms: u64,
    /// An operator's rounds at most in a step.
    #[arg(long, default_value_t = 100_000)]
    max_rounds: u64,
    /// Seconds between two reports a supervisor opens.
    #[arg(long, default_value_t = 5)]
    report_every: u64,
    /// Rows of the CSV the administrator imports in each step (0: no import).
    #[arg(long, default_value_t = 10_000)]
    import_rows: usize,
    /// No distribution by the administrator.
    #[arg(long)]
    no_distribution: bool,
    /// Seconds into a step when the administrator starts the distribution and import.
    #[arg(long, default_value_t = 5)]
    bulk_after: u64,
    /// Longest wait, in seconds, for a distribution or import job to end.
    #[arg(long, default_value_t = 600)]
    job_timeout: u64,
    /// The write p99 a step must stay under to count as served.
    #[arg(long, default_value_t = 250.0)]
    write_p99_target_ms: f64,
    /// Also print each step as one JSON line.
    #[arg(long)]
    json: bool,
    /// The servers' output (default: switchboard-load-PORT.log in the temp directory).
    #[arg(long)]
    server_log: Option<PathBuf>,
    /// Seconds to wait for a server's /readyz (start-up migrates a large database).
    #[arg(long, default_value_t = 600)]
    start_timeout: u64,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> std::process::ExitCode {
    bench::exit(run().await)
}

const API: &str = "/api/v1";
const REPORTS: [&str; 8] = [
    "call-log",
    "operator-productivity",
    "contact-frequency",
    "critical-states",
    "area-performance",
    "case-status-summary",
    "groups",
    "queues",
];
const AGENT_STATES: [&str; 3] = ["available", "on_call", "after_call_work"];

async fn run() -> anyhow::Result<()> {
    let args = Args::parse();
    let sqlite = args.database.starts_with("sqlite:");
    if !(1..=2).contains(&args.processes) {
        bail!("--processes is 1 or 2");
    }
    if sqlite && args.processes > 1 {
        bail!("SQLite is served by one process only: use --processes 1");
    }
    if args.companies == 0 {
        bail!("--companies must be at least 1");
    }
    let steps = if args.operators_steps.is_empty() {
        vec![args.operators]
    } else {
        args.operators_steps.clone()
    };
    let most = steps.iter().copied().max().unwrap_or(0);

    let dataset = Dataset::read(&args.database, args.companies).await?;
    let available: usize = dataset.companies.iter().map(|c| c.agents.len()).sum();
    if most > available {
        bail!(
            "{most} operators asked, the first {} companies have {available} agents",
            dataset.companies.len()
        );
    }

    let ports: Vec<u16> = (0..args.processes).map(|n| args.port + n as u16).collect();
    let log = args.server_log.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("switchboard-load-{}.log", args.port))
    });
    let mut servers = Servers::start(&args, &ports, &log).await?;
    let rss = Rss::sample(servers.pids.clone());
    let outcome = work(&args, &dataset, &ports, &steps, &rss, sqlite).await;
    rss.stop();
    servers.stop().await;
    let errors = outcome?;
    if errors > 0 {
        bail!("{errors} requests failed (see the tables above; server output in {log:?})");
    }
    Ok(())
}

/// Signs everyone in and runs the steps; answers the requests that failed.
async fn work(
    args: &Args,
    dataset: &Dataset,
    ports: &[u16],
    steps: &[usize],
    rss: &Rss,
    sqlite: bool,
) -> anyhow::Result<u64> {
    let most = steps.iter().copied().max().unwrap_or(0);
    let port_of = |n: usize| ports[n % ports.len()];
    let started = Instant::now();
    // Operators: the companies' agents in turn (operator n is agent n / companies of
    // company n % companies).
    let companies = dataset.companies.len();
    let mut wanted: Vec<(usize, &Person)> = (0..most)
        .map(|n| {
            (
                n % companies,
                &dataset.companies[n % companies].agents[n / companies],
            )
        })
        .collect();
    let operator_count = wanted.len();
    for k in 0..args.supervisors {
        let company = &dataset.companies[k % companies];
        let supervisors = &company.supervisors;
        if supervisors.is_empty() {
            bail!("company {} has no supervisor", company.id);
        }
        wanted.push((
            k % companies,
            &supervisors[(k / companies) % supervisors.len()],
        ));
    }
    wanted.push((0, &dataset.companies[0].admin));
    let tokens = sign_in(&wanted, &port_of).await?;
    println!(
        "signed in {} users ({operator_count} operators, {} supervisors, 1 admin) in {:.1} s",
        tokens.len(),
        args.supervisors,
        started.elapsed().as_secs_f64()
    );
    let operators: Vec<(usize, String, String)> = wanted[..operator_count]
        .iter()
        .zip(&tokens)
        .map(|((company, person), token)| (*company, person.id.clone(), token.clone()))
        .collect();
    let supervisors: Vec<String> =
        tokens[operator_count..operator_count + args.supervisors].to_vec();
    let admin = tokens[tokens.len() - 1].clone();

    // What a company's operators may answer: its active results and open statuses.
    let mut settings = Vec::new();
    for company in 0..companies {
        let (_, _, token) = operators
            .iter()
            .find(|(c, _, _)| *c == company)
            .context("a company without operators")?;
        settings.push(Arc::new(
            CompanySettings::read(SocketAddr::from(([127, 0, 0, 1], ports[0])), token).await?,
        ));
    }

    let database = if sqlite { "SQLite" } else { "PostgreSQL" };
    let mut results = Vec::new();
    let mut failed = 0;
    for (n, &count) in steps.iter().enumerate() {
        println!(
            "\n== step {} of {}: {count} operators, {} supervisors, 1 admin; {database}, {} process(es); {} s ==",
            n + 1,
            steps.len(),
            args.supervisors,
            ports.len(),
            args.duration
        );
        let result = step(
            args,
            dataset,
            &operators[..count],
            &supervisors,
            &admin,
            &settings,
            ports,
            rss,
            n,
        )
        .await;
        result.print(args.write_p99_target_ms);
        if args.json {
            println!("{}", result.json(database, ports.len()));
        }
        failed += result.errors();
        results.push(result);
    }
    if results.len() > 1 {
        println!(
            "\n| operators | rounds/s | reads p99 ms | writes p99 ms | writes/reads | errors | peak RSS MB | write p99 < {} ms |",
            args.write_p99_target_ms
        );
        println!("|---:|---:|---:|---:|---:|---:|---:|---|");
        for r in &results {
            let (reads, writes) = (r.p99(Kind::Read), r.p99(Kind::Write));
            println!(
                "| {} | {:.1} | {} | {} | {:.2} | {} | {:.1} | {} |",
                r.operators,
                r.rounds as f64 / r.elapsed.as_secs_f64(),
                bench::ms(reads),
                bench::ms(writes),
                ratio(writes, reads),
                r.errors(),
                mb(r.rss_peak_sum_kb),
                if r.within(args.write_p99_target_ms) {
                    "yes"
                } else {
                    "no"
                }
            );
        }
        match results
            .iter()
            .filter(|r| r.within(args.write_p99_target_ms))
            .map(|r| r.operators)
            .max()
        {
            Some(served) => println!(
                "most operators served with write p99 under {} ms: {served}",
                args.write_p99_target_ms
            ),
            None => println!(
                "no step kept write p99 under {} ms",
                args.write_p99_target_ms
            ),
        }
    }
    Ok(failed)
}

/// Signs each user in (two at a time: a sign-in hashes a password, which the server
/// does on its two cores), through the ports in turn; answers their tokens in order.
async fn sign_in(
    people: &[(usize, &Person)],
    port_of: &impl Fn(usize) -> u16,
) -> anyhow::Result<Vec<String>> {
    let gate = Arc::new(tokio::sync::Semaphore::new(2));
    let mut tasks = Vec::new();
    for (n, (_, person)) in people.iter().enumerate() {
        let gate = gate.clone();
        let addr = SocketAddr::from(([127, 0, 0, 1], port_of(n)));
        let email = person.email.clone();
        tasks.push(tokio::spawn(async move {
            let _permit = gate.acquire_owned().await;
            let mut client = Client::new(addr, None);
            let body = json!({"email": email, "password": app::generate::PASSWORD});
            let (status, body) = client
                .call(
                    Method::POST,
                    &format!("{API}/auth/login"),
                    Some(json_body(&body)),
                )
                .await
                .map_err(|e| anyhow::anyhow!("signing {email} in: {e}"))?;
            if status != StatusCode::OK {
                bail!(
                    "signing {email} in: {status} {}",
                    String::from_utf8_lossy(&body)
                );
            }
            let body: Value = serde_json::from_slice(&body)?;
            body["token"]
                .as_str()
                .map(str::to_owned)
                .with_context(|| format!("no token for {email}"))
        }));
    }
    let mut tokens = Vec::with_capacity(tasks.len());
    for task in tasks {
        tokens.push(task.await??);
    }
    Ok(tokens)
}

// ---------------------------------------------------------------------------------
// The dataset

struct Person {
    id: String,
    email: String,
}

struct Company {
    id: String,
    admin: Person,
    supervisors: Vec<Person>,
    agents: Vec<Person>,
    /// The dialer campaign imports go through.
    campaign: String,
}

struct Dataset {
    companies: Vec<Company>,
}

impl Dataset {
    /// The first `companies` generated companies, their people and a campaign, read
    /// from the database before the servers start.
    async fn read(url: &str, companies: usize) -> anyhow::Result<Dataset> {
        let ctx = bench::open(url).await?;
        let mut tx = ctx.pool.read().await?;
        let ids: Vec<(String,)> = tx
            .fetch_all(Sql::new(
                "SELECT id FROM companies WHERE name LIKE 'Generated %' ORDER BY name",
            ))
            .await?;
        if ids.len() < companies {
            bail!(
                "{companies} generated companies asked, the database has {}: run `switchboard generate --companies {companies}` first",
                ids.len()
            );
        }
        let mut out = Vec::new();
        for (id,) in ids.into_iter().take(companies) {
            let people: Vec<(String, String, String)> = tx
                .fetch_all(
                    Sql::new(
                        "SELECT u.id, u.email, r.template FROM users u \
                         JOIN roles r ON r.id = u.role_id WHERE u.company_id = ? ORDER BY u.id",
                    )
                    .arg(&id),
                )
                .await?;
            let of = |template: &str| -> Vec<Person> {
                people
                    .iter()
                    .filter(|(_, _, t)| t == template)
                    .map(|(id, email, _)| Person {
                        id: id.clone(),
                        email: email.clone(),
                    })
                    .collect()
            };
            let admin = of("admin")
                .into_iter()
                .next()
                .with_context(|| format!("company {id} has no admin"))?;
            let campaign = bench::dialer_campaign(&mut tx, &id).await?;
            out.push(Company {
                admin,
                supervisors: of("supervisor"),
                agents: of("agent"),
                campaign,
                id,
            });
        }
        drop(tx);
        ctx.pool.close().await;
        Ok(Dataset { companies: out })
    }
}

/// A company's attempt results and the open statuses a case can enter without more
/// fields, as its operators read them.
struct CompanySettings {
    /// `(key, needs a next contact)`.
    results: Vec<(String, bool)>,
    open_statuses: Vec<String>,
}

impl CompanySettings {
    async fn read(addr: SocketAddr, token: &str) -> anyhow::Result<CompanySettings> {
        let mut client = Client::new(addr, Some(token.to_owned()));
        let list = |body: Bytes| -> anyhow::Result<Vec<Value>> {
            let body: Value = serde_json::from_slice(&body)?;
            Ok(body["items"].as_array().cloned().unwrap_or_default())
        };
        let (status, body) = client
            .call(Method::GET, &format!("{API}/case-dispositions"), None)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        if status != StatusCode::OK {
            bail!("GET /case-dispositions: {status}");
        }
        let results: Vec<(String, bool)> = list(body)?
            .iter()
            .filter(|d| d["active"].as_bool() == Some(true))
            .filter_map(|d| {
                Some((
                    d["key"].as_str()?.to_owned(),
                    d["needs_next_contact"].as_bool().unwrap_or(false),
                ))
            })
            .collect();
        let (status, body) = client
            .call(Method::GET, &format!("{API}/case-statuses"), None)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        if status != StatusCode::OK {
            bail!("GET /case-statuses: {status}");
        }
        let open_statuses: Vec<String> = list(body)?
            .iter()
            .filter(|s| s["open"].as_bool() == Some(true))
            .filter(|s| s["required_fields"].as_array().is_none_or(Vec::is_empty))
            .filter_map(|s| s["key"].as_str().map(str::to_owned))
            .collect();
        if results.is_empty() || open_statuses.len() < 2 {
            bail!("the company needs an active attempt result and two open statuses");
        }
        Ok(CompanySettings {
            results,
            open_statuses,
        })
    }
}

// ---------------------------------------------------------------------------------
// The servers and their memory

struct Servers {
    children: Vec<Child>,
    pids: Vec<u32>,
}

impl Servers {
    /// Starts one process per port, one after the other (the first applies any
    /// pending migration), each ready when its /readyz answers 200.
    async fn start(args: &Args, ports: &[u16], log: &PathBuf) -> anyhow::Result<Servers> {
        let out = std::fs::File::create(log).with_context(|| format!("cannot write {log:?}"))?;
        let mut servers = Servers {
            children: Vec::new(),
            pids: Vec::new(),
        };
        for &port in ports {
            let addr = SocketAddr::from(([127, 0, 0, 1], port));
            if TcpStream::connect(addr).await.is_ok() {
                bail!("something already listens on {addr}: choose another --port");
            }
            let child = Command::new(&args.server)
                .arg("serve")
                .arg("--listen")
                .arg(addr.to_string())
                .arg("--database")
                .arg(&args.database)
                .stdin(Stdio::null())
                .stdout(out.try_clone()?)
                .stderr(out.try_clone()?)
                .spawn()
                .with_context(|| format!("cannot start {:?}", args.server))?;
            // Held at once, so an early return stops it (see `Drop`).
            servers.children.push(child);
            let child = servers.children.last_mut().context("no child")?;
            let pid = child.id();
            let started = Instant::now();
            let deadline = started + Duration::from_secs(args.start_timeout);
            loop {
                if let Some(status) = child.try_wait()? {
                    bail!("the server on {addr} exited ({status}); its output is in {log:?}");
                }
                let mut client = Client::new(addr, None);
                if let Ok((StatusCode::OK, _)) = client.call(Method::GET, "/readyz", None).await {
                    break;
                }
                if Instant::now() > deadline {
                    bail!(
                        "the server on {addr} was not ready in {} s",
                        args.start_timeout
                    );
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            println!(
                "server {pid} ready on {addr} in {:.1} s (output in {log:?})",
                started.elapsed().as_secs_f64()
            );
            servers.pids.push(pid);
        }
        Ok(servers)
    }

    /// Asks each process to stop (SIGTERM, as a service manager would), and kills it
    /// after 15 s.
    async fn stop(&mut self) {
        for pid in &self.pids {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(pid.to_string())
                .status();
        }
        let deadline = Instant::now() + Duration::from_secs(15);
        for child in &mut self.children {
            while matches!(child.try_wait(), Ok(None)) && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        self.kill();
    }

    /// Kills the processes still running, and reaps them.
    fn kill(&mut self) {
        for child in &mut self.children {
            if matches!(child.try_wait(), Ok(None)) {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
}

/// A benchmark that fails half-way leaves no server behind.
impl Drop for Servers {
    fn drop(&mut self) {
        self.kill();
    }
}

#[derive(Clone, Default)]
struct RssPeaks {
    /// Per process, the highest VmRSS sampled, in kB.
    each_kb: Vec<u64>,
    /// The highest sum of the processes' VmRSS in one sample, in kB.
    sum_kb: u64,
}

/// Samples the servers' resident memory every 200 ms.
struct Rss {
    pids: Vec<u32>,
    peaks: Arc<Mutex<RssPeaks>>,
    task: tokio::task::JoinHandle<()>,
}

impl Rss {
    fn sample(pids: Vec<u32>) -> Rss {
        let peaks = Arc::new(Mutex::new(RssPeaks {
            each_kb: vec![0; pids.len()],
            sum_kb: 0,
        }));
        let task = {
            let peaks = peaks.clone();
            let pids = pids.clone();
            tokio::spawn(async move {
                let mut tick = tokio::time::interval(Duration::from_millis(200));
                loop {
                    tick.tick().await;
                    let now: Vec<u64> = pids
                        .iter()
                        .map(|pid| proc_status_kb(*pid, "VmRSS").unwrap_or(0))
                        .collect();
                    if let Ok(mut peaks) = peaks.lock() {
                        for (peak, now) in peaks.each_kb.iter_mut().zip(&now) {
                            *peak = (*peak).max(*now);
                        }
                        peaks.sum_kb = peaks.sum_kb.max(now.iter().sum());
                    }
                }
            })
        };
        Rss { pids, peaks, task }
    }

    /// The peaks since the last call, which starts them afresh.
    fn take(&self) -> RssPeaks {
        match self.peaks.lock() {
            Ok(mut peaks) => {
                let taken = peaks.clone();
                *peaks = RssPeaks {
                    each_kb: vec![0; self.pids.len()],
                    sum_kb: 0,
                };
                taken
            }
            Err(_) => RssPeaks::default(),
        }
    }

    /// Each process's high-water mark since it started (VmHWM), in kB.
    fn high_water_kb(&self) -> Vec<u64> {
        self.pids
            .iter()
            .map(|pid| proc_status_kb(*pid, "VmHWM").unwrap_or(0))
            .collect()
    }

    fn stop(&self) {
        self.task.abort();
    }
}

/// A `kB` line of /proc/PID/status.
fn proc_status_kb(pid: u32, key: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(key)?.strip_prefix(':')?;
        rest.split_whitespace().next()?.parse().ok()
    })
}

fn mb(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

// ---------------------------------------------------------------------------------
// HTTP: one plain HTTP/1.1 keep-alive connection per client, as a browser tab has.

struct Client {
    addr: SocketAddr,
    token: Option<String>,
    sender: Option<SendRequest<Full<Bytes>>>,
}

type Body = (&'static str, Bytes);

fn json_body(value: &Value) -> Body {
    ("application/json", Bytes::from(value.to_string()))
}

impl Client {
    fn new(addr: SocketAddr, token: Option<String>) -> Client {
        Client {
            addr,
            token,
            sender: None,
        }
    }

    /// Sends a request, on a new connection if the last one closed; answers the
    /// response with its body still to read.
    async fn send(
        &mut self,
        method: Method,
        path: &str,
        body: Option<Body>,
    ) -> Result<Response<Incoming>, String> {
        if self.sender.as_ref().is_none_or(SendRequest::is_closed) {
            let stream = TcpStream::connect(self.addr)
                .await
                .map_err(|e| format!("connect: {e}"))?;
            stream.set_nodelay(true).map_err(|e| e.to_string())?;
            let (sender, connection) = http1::handshake(TokioIo::new(stream))
                .await
                .map_err(|e| format!("handshake: {e}"))?;
            tokio::spawn(connection);
            self.sender = Some(sender);
        }
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, self.addr.to_string());
        if let Some(token) = &self.token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let (content_type, bytes) = body.unwrap_or(("", Bytes::new()));
        if !content_type.is_empty() {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let request = request
            .body(Full::new(bytes))
            .map_err(|e| format!("request: {e}"))?;
        let Some(sender) = self.sender.as_mut() else {
            return Err("no connection".into());
        };
        let sent = match sender.ready().await {
            Ok(()) => sender.send_request(request).await,
            Err(e) => Err(e),
        };
        sent.map_err(|e| {
            self.sender = None;
            format!("transport: {e}")
        })
    }

    /// A whole exchange: the status and the body.
    async fn call(
        &mut self,
        method: Method,
        path: &str,
        body: Option<Body>,
    ) -> Result<(StatusCode, Bytes), String> {
        let response = self.send(method, path, body).await?;
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| {
                self.sender = None;
                format!("body: {e}")
            })?
            .to_bytes();
        Ok((status, body))
    }
}

// ---------------------------------------------------------------------------------
// Timings

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    /// An operator's read: lists and a case.
    Read,
    /// An operator's write: attempts, status changes, agent states.
    Write,
    /// Supervisors: the live stream and reports.
    Watch,
    /// The administrator's distribution and import, and their jobs.
    Bulk,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Read => "read",
            Kind::Write => "write",
            Kind::Watch => "watch",
            Kind::Bulk => "bulk",
        }
    }
}

#[derive(Default)]
struct Op {
    kind: Option<Kind>,
    samples: Vec<Duration>,
    /// By status code, or by transport failure.
    errors: BTreeMap<String, u64>,
}

#[derive(Default)]
struct Stats {
    ops: BTreeMap<&'static str, Op>,
    /// Live events received, by kind.
    events: BTreeMap<String, u64>,
    /// Operator rounds done, and those that found no open case of theirs.
    rounds: u64,
    idle_rounds: u64,
    /// Lines about the administrator's bulk work.
    notes: Vec<String>,
}

impl Stats {
    fn record(&mut self, name: &'static str, kind: Kind, took: Duration, error: Option<String>) {
        let op = self.ops.entry(name).or_default();
        op.kind = Some(kind);
        op.samples.push(took);
        if let Some(error) = error {
            *op.errors.entry(error).or_default() += 1;
        }
    }

    fn merge(&mut self, other: Stats) {
        for (name, op) in other.ops {
            let mine = self.ops.entry(name).or_default();
            mine.kind = mine.kind.or(op.kind);
            mine.samples.extend(op.samples);
            for (error, n) in op.errors {
                *mine.errors.entry(error).or_default() += n;
            }
        }
        for (kind, n) in other.events {
            *self.events.entry(kind).or_default() += n;
        }
        self.rounds += other.rounds;
        self.idle_rounds += other.idle_rounds;
        self.notes.extend(other.notes);
    }
}

/// A client whose every exchange is timed and counted under an operation's name.
struct Session {
    client: Client,
    stats: Stats,
}

impl Session {
    fn new(port: u16, token: &str) -> Session {
        Session {
            client: Client::new(
                SocketAddr::from(([127, 0, 0, 1], port)),
                Some(token.to_owned()),
            ),
            stats: Stats::default(),
        }
    }

    /// The body of a 2xx answer with its status; `None` (counted as an error) for
    /// anything else.
    async fn call(
        &mut self,
        name: &'static str,
        kind: Kind,
        method: Method,
        path: &str,
        body: Option<Body>,
    ) -> Option<(StatusCode, Value)> {
        let started = Instant::now();
        let outcome = self.client.call(method, path, body).await;
        let took = started.elapsed();
        match outcome {
            Ok((status, body)) if status.is_success() => {
                self.stats.record(name, kind, took, None);
                let value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                Some((status, value))
            }
            Ok((status, body)) => {
                let code = serde_json::from_slice::<Value>(&body)
                    .ok()
                    .and_then(|b| b["error"]["code"].as_str().map(str::to_owned))
                    .unwrap_or_default();
                self.stats.record(
                    name,
                    kind,
                    took,
                    Some(format!("{} {code}", status.as_u16())),
                );
                None
            }
            Err(error) => {
                self.stats.record(name, kind, took, Some(error));
                None
            }
        }
    }
}

/// A small deterministic generator (xorshift64*), so runs repeat their choices.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n.max(1)
    }
}

// ---------------------------------------------------------------------------------
// The actors

/// One step: every actor at once until the deadline; answers what they measured.
#[allow(clippy::too_many_arguments)]
async fn step(
    args: &Args,
    dataset: &Dataset,
    operators: &[(usize, String, String)],
    supervisors: &[String],
    admin: &str,
    settings: &[Arc<CompanySettings>],
    ports: &[u16],
    rss: &Rss,
    step: usize,
) -> StepResult {
    let _ = rss.take();
    let started = Instant::now();
    let deadline = started + Duration::from_secs(args.duration);
    let mut tasks = Vec::new();
    for (n, (company, user, token)) in operators.iter().enumerate() {
        let session = Session::new(ports[n % ports.len()], token);
        let settings = settings[*company].clone();
        let user = user.clone();
        let (think, rounds) = (Duration::from_millis(args.think_ms), args.max_rounds);
        let seed = (step as u64) << 32 | n as u64;
        tasks.push(tokio::spawn(operator(
            session, user, settings, deadline, think, rounds, seed,
        )));
    }
    for (k, token) in supervisors.iter().enumerate() {
        let port = ports[k % ports.len()];
        let every = Duration::from_secs(args.report_every.max(1));
        tasks.push(tokio::spawn(supervisor(
            Session::new(port, token),
            Session::new(port, token),
            deadline,
            every,
            k + step,
        )));
    }
    let company = &dataset.companies[0];
    let bulk = Bulk {
        start: started + Duration::from_secs(args.bulk_after),
        job_timeout: Duration::from_secs(args.job_timeout),
        operator_ids: (!args.no_distribution)
            .then(|| company.agents.iter().map(|a| a.id.clone()).collect()),
        campaign: company.campaign.clone(),
        import_rows: args.import_rows,
        seed: 1000 + step as u64,
    };
    tasks.push(tokio::spawn(administrator(
        Session::new(ports[0], admin),
        Session::new(ports[ports.len() - 1], admin),
        bulk,
    )));
    let mut stats = Stats::default();
    for task in tasks {
        match task.await {
            Ok(s) => stats.merge(s),
            Err(e) => stats.notes.push(format!("an actor failed: {e}")),
        }
    }
    let elapsed = started.elapsed();
    let peaks = rss.take();
    StepResult {
        operators: operators.len(),
        supervisors: supervisors.len(),
        elapsed: elapsed
            .min(Duration::from_secs(args.duration))
            .max(Duration::from_millis(1)),
        rounds: stats.rounds,
        idle_rounds: stats.idle_rounds,
        rss_peak_kb: peaks.each_kb,
        rss_peak_sum_kb: peaks.sum_kb,
        high_water_kb: rss.high_water_kb(),
        events: std::mem::take(&mut stats.events),
        notes: std::mem::take(&mut stats.notes),
        ops: stats.ops,
    }
}

/// An operator's rounds: list my open cases, now and then my callbacks due; open one,
/// log a contact attempt (no `If-Match`), now and then change its status; now and
/// then set my agent state (which the live boards show).
async fn operator(
    mut s: Session,
    me: String,
    settings: Arc<CompanySettings>,
    deadline: Instant,
    think: Duration,
    rounds: u64,
    seed: u64,
) -> Stats {
    let mut rng = Rng::new(seed);
    let mut round = 0;
    while round < rounds && Instant::now() < deadline {
        let mut ids: Vec<(String, String)> = Vec::new();
        if let Some((_, list)) = s
            .call(
                "list my cases",
                Kind::Read,
                Method::GET,
                &format!("{API}/cases?assignee=me&open=true&limit=50"),
                None,
            )
            .await
        {
            ids = list["items"]
                .as_array()
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|c| {
                            Some((
                                c["id"].as_str()?.to_owned(),
                                c["status"].as_str()?.to_owned(),
                            ))
                        })
                        .collect()
                })
                .unwrap_or_default();
        }
        if round % 3 == 2 {
            s.call(
                "callbacks due",
                Kind::Read,
                Method::GET,
                &format!("{API}/cases?assignee=me&callback_due=true&limit=50"),
                None,
            )
            .await;
        }
        if ids.is_empty() {
            s.stats.idle_rounds += 1;
        } else {
            let (id, status) = ids.swap_remove(rng.below(ids.len()));
            s.call(
                "open a case",
                Kind::Read,
                Method::GET,
                &format!("{API}/cases/{id}"),
                None,
            )
            .await;
            let (result, needs_next) = &settings.results[rng.below(settings.results.len())];
            let mut attempt =
                json!({"channel": "call", "result": result, "notes": "load benchmark"});
            if *needs_next || rng.below(10) == 0 {
                let at = chrono::Utc::now() + chrono::Duration::minutes(1 + rng.below(180) as i64);
                attempt["next_contact_at"] = json!(at.to_rfc3339());
            }
            s.call(
                "log an attempt",
                Kind::Write,
                Method::POST,
                &format!("{API}/cases/{id}/attempts"),
                Some(json_body(&attempt)),
            )
            .await;
            if round % 5 == 4 {
                let others: Vec<&String> = settings
                    .open_statuses
                    .iter()
                    .filter(|s| **s != status)
                    .collect();
                let to = others[rng.below(others.len())];
                s.call(
                    "change status",
                    Kind::Write,
                    Method::POST,
                    &format!("{API}/cases/{id}/status"),
                    Some(json_body(&json!({"status": to}))),
                )
                .await;
            }
        }
        if round % 4 == 0 {
            let state = AGENT_STATES[(round / 4) as usize % AGENT_STATES.len()];
            s.call(
                "set agent state",
                Kind::Write,
                Method::PUT,
                &format!("{API}/agents/{me}/state"),
                Some(json_body(&json!({"state": state}))),
            )
            .await;
        }
        round += 1;
        s.stats.rounds += 1;
        if !think.is_zero() {
            tokio::time::sleep(think).await;
        }
    }
    s.stats
}

/// A supervisor: the live stream open all along (its events counted), and a report
/// every `every` on a second connection.
async fn supervisor(
    mut stream: Session,
    mut reports: Session,
    deadline: Instant,
    every: Duration,
    first_report: usize,
) -> Stats {
    let watch = async {
        while Instant::now() < deadline {
            let started = Instant::now();
            let response = stream
                .client
                .send(Method::GET, &format!("{API}/live/stream"), None)
                .await;
            let response = match response {
                Ok(r) if r.status().is_success() => r,
                Ok(r) => {
                    let status = r.status().as_u16().to_string();
                    stream.stats.record(
                        "live stream",
                        Kind::Watch,
                        started.elapsed(),
                        Some(status),
                    );
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
                Err(e) => {
                    stream
                        .stats
                        .record("live stream", Kind::Watch, started.elapsed(), Some(e));
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
            };
            // The time to open it (its headers); the events then flow until the end.
            stream
                .stats
                .record("live stream", Kind::Watch, started.elapsed(), None);
            let mut body = response.into_body();
            let mut line = Vec::new();
            loop {
                match tokio::time::timeout_at(deadline, body.frame()).await {
                    Err(_) => break,
                    Ok(Some(Ok(frame))) => {
                        let Ok(data) = frame.into_data() else {
                            continue;
                        };
                        for byte in data {
                            if byte != b'\n' {
                                line.push(byte);
                                continue;
                            }
                            if let Some(kind) = line.strip_prefix(b"event:") {
                                let kind = String::from_utf8_lossy(kind).trim().to_owned();
                                *stream.stats.events.entry(kind).or_default() += 1;
                            }
                            line.clear();
                        }
                    }
                    Ok(None) | Ok(Some(Err(_))) => {
                        if Instant::now() < deadline {
                            let op = stream.stats.ops.entry("live stream").or_default();
                            *op.errors.entry("ended early".into()).or_default() += 1;
                        }
                        break;
                    }
                }
            }
            // The connection carried the stream; the next one starts afresh.
            stream.client.sender = None;
        }
    };
    let read = async {
        let mut n = first_report;
        let mut next = Instant::now() + every;
        loop {
            tokio::time::sleep_until(next.min(deadline)).await;
            if Instant::now() >= deadline {
                break;
            }
            let name = REPORTS[n % REPORTS.len()];
            reports
                .call(
                    "open a report",
                    Kind::Watch,
                    Method::GET,
                    &format!("{API}/reports/{name}"),
                    None,
                )
                .await;
            n += 1;
            next += every;
        }
    };
    tokio::join!(watch, read);
    stream.stats.merge(reports.stats);
    stream.stats
}

/// What the administrator does in a step.
struct Bulk {
    start: Instant,
    job_timeout: Duration,
    /// The company's agents, over whom its assigned closed cases are distributed
    /// (`None`: no distribution). Closed cases, so the operators' open cases stay
    /// theirs and their requests never meet a case taken from them.
    operator_ids: Option<Vec<String>>,
    campaign: String,
    import_rows: usize,
    seed: u64,
}

/// The administrator: at `start`, a distribution and a CSV import at once, each
/// followed to its end (a `202` job is polled at `GET /jobs/{id}`).
async fn administrator(mut distributing: Session, mut importing: Session, bulk: Bulk) -> Stats {
    tokio::time::sleep_until(bulk.start).await;
    let distribution = async {
        let Some(operator_ids) = &bulk.operator_ids else {
            return;
        };
        let body = json!({
            "filter": {"status": "closed", "assignee": "any"},
            "operator_ids": operator_ids,
        });
        let started = Instant::now();
        let answer = distributing
            .call(
                "distribute",
                Kind::Bulk,
                Method::POST,
                &format!("{API}/cases/distribute"),
                Some(json_body(&body)),
            )
            .await;
        match answer {
            Some((StatusCode::ACCEPTED, job)) => {
                let id = job["id"].as_str().unwrap_or_default().to_owned();
                let job =
                    follow(&mut distributing, "distribution job", &id, bulk.job_timeout).await;
                let note = format!(
                    "distribution: 202, job {} after {:.2} s ({} of {} moves; result {})",
                    job["status"].as_str().unwrap_or("?"),
                    started.elapsed().as_secs_f64(),
                    job["processed"],
                    job["total"],
                    job["result"]["assigned"]
                        .as_object()
                        .map(|a| a
                            .values()
                            .filter_map(Value::as_i64)
                            .sum::<i64>()
                            .to_string())
                        .unwrap_or_else(|| "none".into()),
                );
                distributing.stats.notes.push(note);
            }
            Some((status, outcome)) => {
                let moved: i64 = outcome["assigned"]
                    .as_object()
                    .map(|a| a.values().filter_map(Value::as_i64).sum())
                    .unwrap_or(0);
                distributing.stats.notes.push(format!(
                    "distribution: {} with {moved} cases moved in {:.2} s",
                    status.as_u16(),
                    started.elapsed().as_secs_f64()
                ));
            }
            None => distributing
                .stats
                .notes
                .push("distribution: refused (see its errors)".into()),
        }
    };
    let import = async {
        if bulk.import_rows == 0 {
            return;
        }
        let csv = app::generate::import_csv(bulk.import_rows, bulk.seed);
        let started = Instant::now();
        let answer = importing
            .call(
                "import",
                Kind::Bulk,
                Method::POST,
                &format!("{API}/cases/import?campaign_id={}", bulk.campaign),
                Some(("text/csv", Bytes::from(csv))),
            )
            .await;
        let Some((_, job)) = answer else {
            importing
                .stats
                .notes
                .push("import: refused (see its errors)".into());
            return;
        };
        let id = job["id"].as_str().unwrap_or_default().to_owned();
        let job = follow(&mut importing, "import job", &id, bulk.job_timeout).await;
        // The generated CSV has one row in a hundred refused on purpose.
        let expected = (bulk.import_rows / 100) as i64;
        importing.stats.notes.push(format!(
            "import of {} rows: job {} after {:.2} s, {} stored, {} refused (expected {expected})",
            bulk.import_rows,
            job["status"].as_str().unwrap_or("?"),
            started.elapsed().as_secs_f64(),
            job["succeeded"],
            job["failed"],
        ));
        if job["failed"].as_i64() != Some(expected) {
            let op = importing.stats.ops.entry("import job").or_default();
            *op.errors
                .entry("rows refused unexpectedly".into())
                .or_default() += 1;
        }
    };
    tokio::join!(distribution, import);
    distributing.stats.merge(importing.stats);
    distributing.stats
}

/// Polls a job every 500 ms until it ends; records the whole wait under `name` (an
/// error when it failed or took longer than `timeout`) and answers its last view.
async fn follow(s: &mut Session, name: &'static str, id: &str, timeout: Duration) -> Value {
    let started = Instant::now();
    let mut last = Value::Null;
    loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        if let Some((_, job)) = s
            .call(
                "poll a job",
                Kind::Bulk,
                Method::GET,
                &format!("{API}/jobs/{id}"),
                None,
            )
            .await
        {
            last = job;
        }
        let status = last["status"].as_str().unwrap_or_default();
        if status == "done" || status == "failed" {
            let error = (status == "failed")
                .then(|| format!("failed: {}", last["message"].as_str().unwrap_or_default()));
            s.stats.record(name, Kind::Bulk, started.elapsed(), error);
            return last;
        }
        if started.elapsed() > timeout {
            s.stats.record(
                name,
                Kind::Bulk,
                started.elapsed(),
                Some("timed out".into()),
            );
            return last;
        }
    }
}

// ---------------------------------------------------------------------------------
// Results

struct StepResult {
    operators: usize,
    supervisors: usize,
    elapsed: Duration,
    rounds: u64,
    idle_rounds: u64,
    ops: BTreeMap<&'static str, Op>,
    events: BTreeMap<String, u64>,
    notes: Vec<String>,
    rss_peak_kb: Vec<u64>,
    rss_peak_sum_kb: u64,
    high_water_kb: Vec<u64>,
}

/// p50, p99 and the worst (nearest rank).
fn percentiles(samples: &[Duration]) -> (Duration, Duration, Duration) {
    let mut sorted = samples.to_vec();
    sorted.sort();
    let at = |q: f64| {
        let rank = (q * sorted.len() as f64).ceil() as usize;
        sorted
            .get(rank.saturating_sub(1))
            .copied()
            .unwrap_or_default()
    };
    (
        at(0.50),
        at(0.99),
        sorted.last().copied().unwrap_or_default(),
    )
}

fn ratio(writes: Duration, reads: Duration) -> f64 {
    if reads.is_zero() {
        0.0
    } else {
        writes.as_secs_f64() / reads.as_secs_f64()
    }
}

impl StepResult {
    fn samples(&self, kind: Kind) -> Vec<Duration> {
        self.ops
            .values()
            .filter(|op| op.kind == Some(kind))
            .flat_map(|op| op.samples.iter().copied())
            .collect()
    }

    fn p99(&self, kind: Kind) -> Duration {
        percentiles(&self.samples(kind)).1
    }

    fn errors(&self) -> u64 {
        self.ops.values().flat_map(|op| op.errors.values()).sum()
    }

    fn within(&self, target_ms: f64) -> bool {
        self.errors() == 0 && self.p99(Kind::Write).as_secs_f64() * 1000.0 < target_ms
    }

    fn print(&self, target_ms: f64) {
        let seconds = self.elapsed.as_secs_f64();
        println!("| operation | kind | count | per s | p50 ms | p99 ms | max ms | errors |");
        println!("|---|---|---:|---:|---:|---:|---:|---|");
        let mut ops: Vec<(&&str, &Op)> = self.ops.iter().collect();
        ops.sort_by_key(|(name, op)| (op.kind, **name));
        for (name, op) in ops {
            let (p50, p99, max) = percentiles(&op.samples);
            let errors = if op.errors.is_empty() {
                "0".to_owned()
            } else {
                op.errors
                    .iter()
                    .map(|(e, n)| format!("{n}× {e}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            println!(
                "| {name} | {} | {} | {:.1} | {} | {} | {} | {errors} |",
                op.kind.map_or("", Kind::label),
                op.samples.len(),
                op.samples.len() as f64 / seconds,
                bench::ms(p50),
                bench::ms(p99),
                bench::ms(max),
            );
        }
        println!(
            "operator rounds: {} ({:.1}/s; {} found no open case of theirs)",
            self.rounds,
            self.rounds as f64 / seconds,
            self.idle_rounds
        );
        let events: Vec<String> = self
            .events
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        println!(
            "live events received by {} supervisors: {}",
            self.supervisors,
            if events.is_empty() {
                "none".to_owned()
            } else {
                events.join(", ")
            }
        );
        for note in &self.notes {
            println!("{note}");
        }
        let (reads, writes) = (self.p99(Kind::Read), self.p99(Kind::Write));
        println!(
            "reads p99 {} ms, writes p99 {} ms, ratio {:.2} (target ≤ 2; writes under {target_ms} ms: {})",
            bench::ms(reads),
            bench::ms(writes),
            ratio(writes, reads),
            if writes.as_secs_f64() * 1000.0 < target_ms {
                "yes"
            } else {
                "no"
            }
        );
        let each: Vec<String> = self
            .rss_peak_kb
            .iter()
            .map(|kb| format!("{:.1}", mb(*kb)))
            .collect();
        let hwm: Vec<String> = self
            .high_water_kb
            .iter()
            .map(|kb| format!("{:.1}", mb(*kb)))
            .collect();
        println!(
            "server peak RSS in the step: {:.1} MB (per process: {} MB); VmHWM since start: {} MB",
            mb(self.rss_peak_sum_kb),
            each.join(" + "),
            hwm.join(" + ")
        );
        println!("errors: {}", self.errors());
    }

    fn json(&self, database: &str, processes: usize) -> String {
        let ms = |d: Duration| (d.as_secs_f64() * 1e5).round() / 100.0;
        let seconds = self.elapsed.as_secs_f64();
        let ops: serde_json::Map<String, Value> = self
            .ops
            .iter()
            .map(|(name, op)| {
                let (p50, p99, max) = percentiles(&op.samples);
                (
                    (*name).to_owned(),
                    json!({
                        "kind": op.kind.map_or("", Kind::label),
                        "count": op.samples.len(),
                        "per_s": op.samples.len() as f64 / seconds,
                        "p50_ms": ms(p50),
                        "p99_ms": ms(p99),
                        "max_ms": ms(max),
                        "errors": op.errors,
                    }),
                )
            })
            .collect();
        let (reads, writes) = (self.p99(Kind::Read), self.p99(Kind::Write));
        json!({
            "database": database,
            "processes": processes,
            "operators": self.operators,
            "supervisors": self.supervisors,
            "seconds": seconds,
            "rounds": self.rounds,
            "ops": ops,
            "reads_p99_ms": ms(reads),
            "writes_p99_ms": ms(writes),
            "ratio": ratio(writes, reads),
            "errors": self.errors(),
            "live_events": self.events,
            "bulk": self.notes,
            "rss_peak_mb": mb(self.rss_peak_sum_kb),
            "rss_peak_mb_per_process": self.rss_peak_kb.iter().map(|kb| mb(*kb)).collect::<Vec<_>>(),
            "vmhwm_mb_per_process": self.high_water_kb.iter().map(|kb| mb(*kb)).collect::<Vec<_>>(),
        })
        .to_string()
    }
}
