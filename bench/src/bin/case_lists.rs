//! The first page of 50 cases, as the server reads it, for six user classes (a
//! Manager in 1, 5 and 50 projects, an Admin who sees every project, a Supervisor and
//! an operator) and the same query with no visibility predicate as the baseline; plain,
//! with a status filter, and with text searches: a common surname, one customer's
//! document, and searches of several words taken from one customer (first name and
//! surname; a surname and the start of the phone; the first name and the start of the
//! document).
//!
//!     cargo run --release -p bench --bin case_lists -- --database sqlite://big.db
//!
//! over a dataset from `switchboard generate` (see docs/BENCHMARKS.md).

use anyhow::{Context as _, bail};
use bench::ms;
use clap::Parser;
use domain::Actor;
use store::Tx;
use store::cases::{CaseFilter, CaseSort};

#[derive(Parser)]
struct Args {
    #[arg(long)]
    database: String,
    /// Timed runs per query and class (after 10 untimed ones).
    #[arg(long, default_value_t = 200)]
    iterations: usize,
    /// p95 target in milliseconds (5 on SQLite, 10 on PostgreSQL).
    #[arg(long)]
    target_ms: Option<f64>,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> std::process::ExitCode {
    bench::exit(run().await)
}

async fn run() -> anyhow::Result<()> {
    let args = Args::parse();
    let ctx = bench::open(&args.database).await?;
    let target = args
        .target_ms
        .unwrap_or(if args.database.starts_with("sqlite") {
            5.0
        } else {
            10.0
        });
    let mut tx = ctx.pool.read().await?;
    let company = bench::generated_company(&mut tx).await?;
    let mut classes: Vec<(String, Actor)> = Vec::new();
    for (label, template, projects) in [
        ("1 project", "manager", Some(1)),
        ("5 projects", "manager", Some(5)),
        ("50 projects", "manager", Some(50)),
        ("projects.view_all", "admin", None),
        ("supervisor", "supervisor", None),
        ("operator", "agent", None),
    ] {
        let user = bench::user_with(&mut tx, &company, template, projects).await?;
        let actor = bench::actor(&mut tx, &company, &user).await?;
        classes.push((label.to_owned(), actor));
    }
    let sample = customer(&mut tx, &classes[0].1).await?;
    drop(tx);
    let document = sample.customer_document.to_lowercase();
    let words: Vec<&str> = sample.customer_name.split_whitespace().collect();
    let (first_name, surname) = match words.as_slice() {
        [first, last, ..] => (first.to_string(), last.to_string()),
        _ => bail!(
            "a generated name without a surname: {}",
            sample.customer_name
        ),
    };
    // The start of its (one) phone, "+34 6NN NNN NNN", past the country code.
    let phone: String = sample
        .customer_phones
        .chars()
        .filter(char::is_ascii_digit)
        .skip(2)
        .take(6)
        .collect();
    let text = |q: String| CaseFilter {
        text: Some(q),
        ..CaseFilter::default()
    };

    let queries: Vec<(String, CaseFilter)> = vec![
        ("first page".into(), CaseFilter::default()),
        (
            "status = delinquent".into(),
            CaseFilter {
                status: Some("delinquent".into()),
                ..CaseFilter::default()
            },
        ),
        ("text: surname".into(), text("garcía".into())),
        ("text: a document".into(), text(document.clone())),
        (
            format!("text: first name + surname ({first_name} {surname})"),
            text(format!("{first_name} {surname}")),
        ),
        (
            format!("text: common + rare word ({surname} {phone})"),
            text(format!("{surname} {phone}")),
        ),
        (
            format!(
                "text: name + document fragment ({first_name} {})",
                &document[..4]
            ),
            text(format!("{first_name} {}", &document[..4])),
        ),
    ];
    println!("| query | class | rows | p50 ms | p95 ms | max ms | × baseline p95 |");
    println!("|---|---|---:|---:|---:|---:|---:|");
    let mut failures = Vec::new();
    for (name, filter) in &queries {
        let (baseline, rows) = bench::time(args.iterations, || async {
            let mut tx = ctx.pool.read().await?;
            let rows =
                store::cases::list_unscoped(&mut tx, &company, filter, CaseSort::Created, 51)
                    .await?;
            Ok(rows.len())
        })
        .await?;
        println!(
            "| {name} | baseline (no visibility) | {rows} | {} | {} | {} | 1.0 |",
            ms(baseline.p50),
            ms(baseline.p95),
            ms(baseline.max)
        );
        for (label, actor) in &classes {
            let (summary, rows) = bench::time(args.iterations, || async {
                let page =
                    app::cases::list(&ctx, actor, filter, CaseSort::Created, None, 50, false)
                        .await
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                Ok(page.items.len())
            })
            .await?;
            let ratio = summary.p95.as_secs_f64() / baseline.p95.as_secs_f64().max(1e-6);
            println!(
                "| {name} | {label} | {rows} | {} | {} | {} | {ratio:.1} |",
                ms(summary.p50),
                ms(summary.p95),
                ms(summary.max)
            );
            if summary.p95.as_secs_f64() * 1000.0 > target || ratio > 3.0 {
                failures.push(format!("{name} / {label}"));
            }
        }
    }
    if !failures.is_empty() {
        bail!(
            "over target ({target} ms p95 or 3× baseline): {}",
            failures.join(", ")
        );
    }
    Ok(())
}

/// The oldest case the actor sees: its document is a search that matches one case, and
/// its name and phone give the searches of several words.
async fn customer(tx: &mut Tx, actor: &Actor) -> anyhow::Result<store::cases::CaseRow> {
    let rows = store::cases::list(
        tx,
        &actor.scope(),
        &CaseFilter::default(),
        CaseSort::Created,
        None,
        1,
    )
    .await?
    .unwrap_or_default();
    rows.into_iter()
        .next()
        .context("the 1-project manager sees no case")
}
