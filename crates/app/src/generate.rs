//! A realistic dataset for load tests and benchmarks: companies in enhanced security
//! with projects, a campaign per project, managers in 1, 5 or 50 projects, supervised
//! groups of agents, and cases spread over the last year. Rows go in with multi-row
//! inserts in large transactions; the same seed gives the same data (ids aside).

use chrono::{Duration, Utc};
use domain::Template;
use domain::case_config::BUILTIN_STATUSES;
use domain::cases::Customer;
use domain::clock::Timestamp;
use domain::objects::ObjectKind;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use serde_json::json;
use store::Tx;
use store::cases::CaseRow;
use store::db::Arg;
use store::groups::Membership;

use crate::Context;
use crate::credentials::hash_password;
use crate::error::{AppError, AppResult};

/// Every generated account signs in with this password.
pub const PASSWORD: &str = "generated-password-2026";

/// Cases written per transaction.
const CASES_PER_TX: usize = 25_000;
/// Agents per supervised group.
const GROUP_SIZE: usize = 15;

#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub companies: u32,
    pub users_per_company: u32,
    pub projects_per_company: u32,
    /// In total, spread evenly over the companies.
    pub cases: u64,
    /// Calls and chats in total, spread evenly over the companies and the last year;
    /// each outbound call to a case is also its contact attempt.
    pub interactions: u64,
    pub seed: u64,
}

#[derive(Debug, Clone)]
pub struct GeneratedCompany {
    pub id: String,
    pub name: String,
    pub admin_email: String,
}

/// Builds the dataset; `progress` hears a line per step.
pub async fn run(
    ctx: &Context,
    plan: Plan,
    progress: impl Fn(&str),
) -> AppResult<Vec<GeneratedCompany>> {
    if plan.companies == 0 || plan.users_per_company < 4 || plan.projects_per_company == 0 {
        return Err(AppError::Internal(
            "a dataset needs a company, four users and a project per company".into(),
        ));
    }
    let hash = hash_password(&ctx.auth, PASSWORD.to_owned()).await?;
    let mut rng = StdRng::seed_from_u64(plan.seed);
    // Emails are unique across the installation: a run tag keeps runs apart.
    let tag = &domain::ids::new_id()[24..];
    let mut out = Vec::new();
    for n in 0..plan.companies {
        let share = plan.cases / u64::from(plan.companies)
            + u64::from(u64::from(n) < plan.cases % u64::from(plan.companies));
        let company = company(ctx, &plan, &mut rng, tag, n, &hash).await?;
        progress(&format!(
            "company {} of {}: {} users, {} projects",
            n + 1,
            plan.companies,
            plan.users_per_company,
            plan.projects_per_company
        ));
        let samples = cases(ctx, &company, &mut rng, share, &progress).await?;
        let calls = plan.interactions / u64::from(plan.companies)
            + u64::from(u64::from(n) < plan.interactions % u64::from(plan.companies));
        interactions(ctx, &company, &samples, &mut rng, calls, &progress).await?;
        out.push(company.summary);
    }
    Ok(out)
}

/// What case generation needs to know about a company.
struct Company {
    summary: GeneratedCompany,
    /// Per project: its id, its campaign, and the agents who may work its cases.
    projects: Vec<(String, String, Vec<String>)>,
    /// Per project, its inbound queue.
    queues: Vec<String>,
}

async fn company(
    ctx: &Context,
    plan: &Plan,
    rng: &mut StdRng,
    tag: &str,
    n: u32,
    hash: &str,
) -> AppResult<Company> {
    let at = domain::clock::now();
    let mut tx = ctx.pool.write().await?;
    let company_id = domain::ids::new_id();
    let name = format!("Generated {tag} {:03}", n + 1);
    store::companies::insert(&mut tx, &company_id, &name, at).await?;
    let row = store::companies::get_by_id(&mut tx, &company_id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::companies::update(&mut tx, &row, &name, "enhanced", "{}", at).await?;
    store::roles::insert_templates(&mut tx, &company_id, at).await?;

    // Users: an admin, about 4% managers and 4% supervisors (at least one each), and
    // agents.
    let users = plan.users_per_company as usize;
    let leads = (users / 25).max(1);
    let mut people: Vec<(Template, String, String)> = Vec::with_capacity(users);
    for i in 0..users {
        let template = match i {
            0 => Template::Admin,
            i if i <= leads => Template::Manager,
            i if i <= 2 * leads => Template::Supervisor,
            _ => Template::Agent,
        };
        let email = format!(
            "{}{i}@c{:03}-{tag}.generated.example.com",
            template.key(),
            n + 1
        );
        people.push((template, domain::ids::new_id(), email));
    }
    let mut role_ids = Vec::new();
    for template in [
        Template::Admin,
        Template::Manager,
        Template::Supervisor,
        Template::Agent,
    ] {
        let role = store::roles::template_role(&mut tx, &company_id, template)
            .await?
            .ok_or_else(|| AppError::Internal("template role missing".into()))?;
        role_ids.push((template, role.id));
    }
    let role_of = |t: Template| {
        role_ids
            .iter()
            .find(|(x, _)| *x == t)
            .map(|(_, id)| id.clone())
            .unwrap_or_default()
    };
    let user_rows = people
        .iter()
        .map(|(template, id, email)| {
            let name = full_name(rng);
            let args: Vec<Arg> = vec![
                id.as_str().into(),
                company_id.as_str().into(),
                role_of(*template).into(),
                name.into(),
                email.as_str().into(),
                email.as_str().into(),
                hash.into(),
                (if rng.random_bool(0.5) { "es" } else { "tr" }).into(),
                (if rng.random_bool(0.5) {
                    "Europe/Madrid"
                } else {
                    "Europe/Istanbul"
                })
                .into(),
                at.into(),
                at.into(),
            ];
            args
        })
        .collect();
    store::bulk::insert(
        &mut tx,
        "users",
        &[
            "id",
            "company_id",
            "role_id",
            "name",
            "email",
            "email_key",
            "password_hash",
            "language",
            "timezone",
            "created_at",
            "updated_at",
        ],
        user_rows,
    )
    .await?;

    // Projects, each with a queue (supervised by one of the supervisors, in turn) and
    // a dialer campaign.
    let supervisor_ids: Vec<String> = people
        .iter()
        .filter(|(t, _, _)| *t == Template::Supervisor)
        .map(|(_, id, _)| id.clone())
        .collect();
    let project_count = plan.projects_per_company as usize;
    let mut projects = Vec::with_capacity(project_count);
    let mut queues = Vec::with_capacity(project_count);
    for p in 0..project_count {
        let project_id = domain::ids::new_id();
        let title = format!("{} {}", AREAS[p % AREAS.len()], p + 1);
        store::projects::insert(&mut tx, &company_id, &project_id, &title, "", at).await?;
        let queue = object(
            &mut tx,
            &company_id,
            ObjectKind::Queues,
            json!({ "name": format!("{title} inbound"),
                    "supervisor_ids": [supervisor_ids[p % supervisor_ids.len()]] }),
            at,
        )
        .await?;
        let campaign = object(
            &mut tx,
            &company_id,
            ObjectKind::DialerCampaigns,
            json!({ "name": format!("{title} collections"), "queue_id": queue, "dial_mode": "progressive" }),
            at,
        )
        .await?;
        for (kind, id) in [
            (ObjectKind::Queues, &queue),
            (ObjectKind::DialerCampaigns, &campaign),
        ] {
            store::projects::add_object(&mut tx, &company_id, &project_id, kind, id).await?;
        }
        projects.push((project_id, campaign, Vec::new()));
        queues.push(queue);
    }

    // Memberships: managers cycle through 1, 5 and 50 projects (the benchmark's user
    // classes), supervisors hold 5, agents 1 or 2.
    let mut members: Vec<Vec<Arg>> = Vec::new();
    let mut manager_turn = 0;
    for (template, user_id, _) in &people {
        let count = match template {
            Template::Admin => 0,
            Template::Manager => {
                manager_turn += 1;
                [1, 5, 50][(manager_turn - 1) % 3]
            }
            Template::Supervisor => 5,
            _ => 1 + usize::from(rng.random_bool(0.3)),
        }
        .min(project_count);
        let first = rng.random_range(0..project_count);
        for k in 0..count {
            let p = (first + k) % project_count;
            members.push(vec![
                company_id.as_str().into(),
                projects[p].0.as_str().into(),
                user_id.as_str().into(),
            ]);
            if *template == Template::Agent {
                projects[p].2.push(user_id.clone());
            }
        }
    }
    // A queue's supervisor belongs to its project.
    for (p, (project_id, _, _)) in projects.iter().enumerate() {
        let supervisor = &supervisor_ids[p % supervisor_ids.len()];
        let already = members.iter().any(|row| {
            matches!((&row[1], &row[2]), (Arg::Text(Some(pr)), Arg::Text(Some(u))) if pr == project_id && u == supervisor)
        });
        if !already {
            members.push(vec![
                company_id.as_str().into(),
                project_id.as_str().into(),
                supervisor.as_str().into(),
            ]);
        }
    }
    let mut member_of: std::collections::HashSet<(String, String)> = members
        .iter()
        .filter_map(|row| match (&row[1], &row[2]) {
            (Arg::Text(Some(p)), Arg::Text(Some(u))) => Some((p.clone(), u.clone())),
            _ => None,
        })
        .collect();
    store::bulk::insert(
        &mut tx,
        "project_users",
        &["company_id", "project_id", "user_id"],
        members,
    )
    .await?;

    // Supervised groups of agents.
    let supervisors: Vec<&String> = supervisor_ids.iter().collect();
    let agents: Vec<String> = people
        .iter()
        .filter(|(t, _, _)| *t == Template::Agent)
        .map(|(_, id, _)| id.clone())
        .collect();
    for (g, chunk) in agents.chunks(GROUP_SIZE).enumerate() {
        let group_id = domain::ids::new_id();
        store::groups::insert(
            &mut tx,
            &company_id,
            &group_id,
            &format!("Floor {}", g + 1),
            "{}",
            at,
        )
        .await?;
        store::groups::set_people(&mut tx, &company_id, &group_id, Membership::Members, chunk)
            .await?;
        // The group joins its agents' projects, so the managers and supervisor of
        // those projects see it.
        let rows = group_projects_of(&projects, chunk)
            .into_iter()
            .map(|project| {
                vec![
                    Arg::from(company_id.as_str()),
                    project.into(),
                    group_id.as_str().into(),
                ]
            })
            .collect();
        store::bulk::insert(
            &mut tx,
            "project_groups",
            &["company_id", "project_id", "group_id"],
            rows,
        )
        .await?;
        // Its supervisor works in those projects too.
        let supervisor = supervisors[g % supervisors.len()];
        let joins: Vec<Vec<Arg>> = group_projects_of(&projects, chunk)
            .into_iter()
            .filter(|p| member_of.insert((p.clone(), supervisor.clone())))
            .map(|p| {
                vec![
                    Arg::from(company_id.as_str()),
                    p.into(),
                    supervisor.as_str().into(),
                ]
            })
            .collect();
        store::bulk::insert(
            &mut tx,
            "project_users",
            &["company_id", "project_id", "user_id"],
            joins,
        )
        .await?;
        let supervisor = supervisors[g % supervisors.len()].clone();
        store::groups::set_people(
            &mut tx,
            &company_id,
            &group_id,
            Membership::Supervisors,
            &[supervisor],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Company {
        summary: GeneratedCompany {
            id: company_id,
            name,
            admin_email: people[0].2.clone(),
        },
        projects,
        queues,
    })
}

/// The projects any of `agents` works in.
fn group_projects_of(projects: &[(String, String, Vec<String>)], agents: &[String]) -> Vec<String> {
    projects
        .iter()
        .filter(|(_, _, members)| members.iter().any(|a| agents.contains(a)))
        .map(|(id, _, _)| id.clone())
        .collect()
}

async fn object(
    tx: &mut Tx,
    company_id: &str,
    kind: ObjectKind,
    fields: serde_json::Value,
    at: Timestamp,
) -> AppResult<String> {
    let prepared = domain::objects::prepare(kind, fields)?;
    let id = domain::ids::new_id();
    store::objects::insert(
        tx,
        store::objects::NewObject {
            id: &id,
            company_id,
            kind,
            name: &prepared.name,
            unique_key: &prepared.unique_key,
            data: &prepared.data.to_string(),
            at,
        },
    )
    .await?;
    crate::objects::save_links(tx, company_id, &id, &prepared).await?;
    Ok(id)
}

/// Cases of each project that generated calls are about.
const CASE_SAMPLE: usize = 2_000;

/// Writes `count` cases created over the last year, oldest first, so ids (which are
/// time-ordered) arrive in index order; answers a sample of each project's cases.
async fn cases(
    ctx: &Context,
    company: &Company,
    rng: &mut StdRng,
    count: u64,
    progress: &impl Fn(&str),
) -> AppResult<Vec<Vec<String>>> {
    let index: std::collections::HashMap<&str, usize> = company
        .projects
        .iter()
        .enumerate()
        .map(|(n, (id, _, _))| (id.as_str(), n))
        .collect();
    let mut samples: Vec<Vec<String>> = vec![Vec::new(); company.projects.len()];
    let span = Duration::days(365);
    let start = Utc::now() - span;
    let step_ms = span.num_milliseconds() / i64::try_from(count.max(1)).unwrap_or(i64::MAX);
    let mut written = 0u64;
    // The company's search terms go in last, sorted as one run: appended to the index
    // in key order instead of scattered over it batch after batch.
    let mut terms = Vec::new();
    while written < count {
        let batch = (count - written).min(CASES_PER_TX as u64);
        let rows: Vec<CaseRow> = (0..batch)
            .map(|i| {
                let created = start + Duration::milliseconds(step_ms * (written + i) as i64);
                case(company, rng, created)
            })
            .collect();
        let mut tx = ctx.pool.write().await?;
        store::cases::insert_many_unindexed(&mut tx, &rows).await?;
        tx.commit().await?;
        for row in &rows {
            let sample = row
                .project_id
                .as_deref()
                .and_then(|p| index.get(p))
                .and_then(|n| samples.get_mut(*n));
            if let Some(sample) = sample {
                if sample.len() < CASE_SAMPLE {
                    sample.push(row.id.clone());
                } else {
                    let slot = rng.random_range(0..CASE_SAMPLE);
                    sample[slot] = row.id.clone();
                }
            }
        }
        terms.extend(store::cases::term_rows(&rows));
        written += batch;
        if written % 100_000 < CASES_PER_TX as u64 || written == count {
            progress(&format!("  {written} of {count} cases"));
        }
    }
    let mut tx = ctx.pool.write().await?;
    store::cases::insert_terms(&mut tx, terms).await?;
    tx.commit().await?;
    Ok(samples)
}

/// Interactions written per transaction.
const INTERACTIONS_PER_TX: usize = 20_000;

/// Writes `count` calls and chats over the last year, oldest first: 40 % inbound to a
/// project's queue (a tenth abandoned), 60 % outbound calls of its campaign to one of
/// `samples`' cases, each also a contact attempt (45 % reach the customer).
async fn interactions(
    ctx: &Context,
    company: &Company,
    samples: &[Vec<String>],
    rng: &mut StdRng,
    count: u64,
    progress: &impl Fn(&str),
) -> AppResult<()> {
    let span = Duration::days(365);
    let start = Utc::now() - span;
    let step_ms = span.num_milliseconds() / i64::try_from(count.max(1)).unwrap_or(i64::MAX);
    let mut written = 0u64;
    while written < count {
        let batch = (count - written).min(INTERACTIONS_PER_TX as u64);
        let mut calls = Vec::with_capacity(batch as usize);
        let mut attempts = Vec::new();
        for i in 0..batch {
            let started = start + Duration::milliseconds(step_ms * (written + i) as i64);
            let (call, attempt) = interaction(company, samples, rng, started);
            if let Some((result, reached)) = attempt {
                attempts.push((calls.len(), result, reached));
            }
            calls.push(call);
        }
        let attempt_rows: Vec<store::cases::NewAttempt<'_>> = attempts
            .iter()
            .map(|(call, result, reached)| {
                let call: &store::interactions::InteractionRow = &calls[*call];
                store::cases::NewAttempt {
                    id: &call.id,
                    company_id: &call.company_id,
                    case_id: call.case_id.as_deref().unwrap_or_default(),
                    project_id: call.project_id.as_deref(),
                    agent_id: call.agent_id.as_deref().unwrap_or_default(),
                    at: call.started_at,
                    channel: "call",
                    result,
                    reached: *reached,
                    reason_id: None,
                    notes: "",
                    next_contact_at: None,
                }
            })
            .collect();
        let mut tx = ctx.pool.write().await?;
        store::interactions::insert_many(&mut tx, &calls).await?;
        store::cases::insert_attempts(&mut tx, &attempt_rows).await?;
        tx.commit().await?;
        written += batch;
        if written % 500_000 < INTERACTIONS_PER_TX as u64 || written == count {
            progress(&format!("  {written} of {count} calls and chats"));
        }
    }
    Ok(())
}

/// One generated interaction, and for a call to a case, the attempt it stands for
/// (its result and whether it reached the customer).
fn interaction(
    company: &Company,
    samples: &[Vec<String>],
    rng: &mut StdRng,
    started: Timestamp,
) -> (
    store::interactions::InteractionRow,
    Option<(&'static str, bool)>,
) {
    let p = rng.random_range(0..company.projects.len());
    let (project_id, campaign_id, agents) = &company.projects[p];
    let agent = agents.choose(rng).cloned();
    let inbound = rng.random_bool(0.4);
    let seconds =
        |rng: &mut StdRng, range: std::ops::Range<i64>| Duration::seconds(rng.random_range(range));
    let (answered_at, ended_at, disposition) = if inbound {
        let wait = seconds(rng, 3..120);
        if agent.is_some() && rng.random_bool(0.9) {
            let talk = seconds(rng, 30..600);
            (Some(started + wait), started + wait + talk, "answered")
        } else {
            (None, started + wait, "abandoned")
        }
    } else if rng.random_bool(0.45) {
        let ring = seconds(rng, 5..25);
        (
            Some(started + ring),
            started + ring + seconds(rng, 20..400),
            "contacted",
        )
    } else {
        let result = if rng.random_bool(0.7) {
            "no_answer"
        } else {
            "busy"
        };
        (None, started + seconds(rng, 15..40), result)
    };
    let times = domain::interactions::Times {
        started_at: started,
        answered_at,
        ended_at: Some(ended_at),
    };
    let case = (!inbound)
        .then(|| samples.get(p).and_then(|s| s.choose(rng)).cloned())
        .flatten();
    let phone = format!(
        "+346{:02}{:03}{:03}",
        rng.random_range(0..100u32),
        rng.random_range(0..1000u32),
        rng.random_range(0..1000u32)
    );
    let attempt = (case.is_some() && agent.is_some()).then(|| (disposition, answered_at.is_some()));
    let channel = if inbound && rng.random_bool(0.2) {
        "chat"
    } else {
        "call"
    };
    let direction = if inbound { "inbound" } else { "outbound" };
    let id = domain::ids::id_at(started);
    let company_id = &company.summary.id;
    let (from_number, to_number) = if inbound {
        (phone, String::new())
    } else {
        (String::new(), phone)
    };
    let row = store::interactions::InteractionRow {
        project_id: Some(project_id.clone()),
        from_number,
        to_number,
        queue_id: inbound.then(|| company.queues[p].clone()),
        campaign_id: (!inbound).then(|| campaign_id.clone()),
        agent_id: if inbound && answered_at.is_none() {
            None
        } else {
            agent
        },
        case_id: case,
        disposition: disposition.to_owned(),
        ..store::interactions::InteractionRow::new(
            id, company_id, channel, direction, &times, ended_at,
        )
    };
    (row, attempt)
}

fn case(company: &Company, rng: &mut StdRng, created: Timestamp) -> CaseRow {
    let (project_id, campaign_id, agents) =
        &company.projects[rng.random_range(0..company.projects.len())];
    // active 55%, suspended 5%, closed 25%, delinquent 10%, withdrawn 5%
    let status = match rng.random_range(0..100) {
        0..55 => &BUILTIN_STATUSES[0],
        55..60 => &BUILTIN_STATUSES[1],
        60..85 => &BUILTIN_STATUSES[2],
        85..95 => &BUILTIN_STATUSES[3],
        _ => &BUILTIN_STATUSES[4],
    };
    let assignee = if rng.random_bool(0.85) {
        agents.choose(rng).cloned()
    } else {
        None
    };
    let name = full_name(rng);
    let document = format!(
        "{:08}{}",
        rng.random_range(0..100_000_000u32),
        char::from(b'A' + rng.random_range(0..26u8))
    );
    let phones = vec![format!(
        "+34 6{:02} {:03} {:03}",
        rng.random_range(0..100u32),
        rng.random_range(0..1000u32),
        rng.random_range(0..1000u32)
    )];
    let email = format!("{}@mail.example.com", name.to_lowercase().replace(' ', "."));
    let customer = Customer {
        name,
        document,
        phones,
        email,
        address: format!(
            "Calle {} {}",
            AREAS[rng.random_range(0..AREAS.len())],
            rng.random_range(1..200)
        ),
    };
    let next_contact_at = (status.open && assignee.is_some() && rng.random_bool(0.1))
        .then(|| Utc::now() + Duration::hours(rng.random_range(-48..96)));
    CaseRow {
        project_id: Some(project_id.clone()),
        campaign_id: Some(campaign_id.clone()),
        assignee_id: assignee,
        search: customer.search_text(),
        customer_phones: json!(customer.phones).to_string(),
        customer_name: customer.name,
        customer_document: customer.document,
        customer_email: customer.email,
        customer_address: customer.address,
        area: AREAS[rng.random_range(0..AREAS.len())].to_owned(),
        amount_cents: Some(rng.random_range(5_000..500_000)),
        due_date: Some(
            (created + Duration::days(30))
                .format("%Y-%m-%d")
                .to_string(),
        ),
        priority: rng.random_range(0..4),
        next_contact_at,
        closed_at: (!status.open).then(|| created + Duration::days(rng.random_range(1..60))),
        ..CaseRow::new(
            domain::ids::id_at(created),
            &company.summary.id,
            status.key,
            status.open,
            created,
        )
    }
}

/// A CSV file of `rows` customers as a creditor hands them over for import, one row in
/// a hundred with an amount that is not a number (to be reported, not stored).
pub fn import_csv(rows: usize, seed: u64) -> Vec<u8> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut out = csv::Writer::from_writer(Vec::with_capacity(rows * 120));
    let header = [
        "name", "document", "phones", "email", "area", "amount", "due_date", "priority",
    ];
    let _ = out.write_record(header);
    for row in 0..rows {
        let name = full_name(&mut rng);
        let amount = if row % 100 == 99 {
            "unknown".to_owned()
        } else {
            format!(
                "{}.{:02}",
                rng.random_range(50..5000),
                rng.random_range(0..100)
            )
        };
        let _ = out.write_record([
            name.as_str(),
            &format!(
                "{:08}{}",
                rng.random_range(0..100_000_000u32),
                char::from(b'A' + rng.random_range(0..26u8))
            ),
            &format!("+34 6{:08}", rng.random_range(0..100_000_000u32)),
            &format!("{}@mail.example.com", name.to_lowercase().replace(' ', ".")),
            AREAS[rng.random_range(0..AREAS.len())],
            &amount,
            "2027-01-31",
            ["low", "normal", "high", "urgent"][rng.random_range(0..4)],
        ]);
    }
    out.into_inner().unwrap_or_default()
}

fn full_name(rng: &mut StdRng) -> String {
    let first = FIRST_NAMES.choose(rng).copied().unwrap_or("Ana");
    let last = LAST_NAMES.choose(rng).copied().unwrap_or("García");
    let second = LAST_NAMES.choose(rng).copied().unwrap_or("López");
    format!("{first} {last} {second}")
}

const AREAS: &[&str] = &[
    "North", "South", "East", "West", "Centre", "Coast", "Islands",
];

const FIRST_NAMES: &[&str] = &[
    "Ana",
    "Lucía",
    "María",
    "Carmen",
    "Laura",
    "Elena",
    "Sofía",
    "Paula",
    "Marta",
    "Isabel",
    "Antonio",
    "José",
    "Manuel",
    "Francisco",
    "David",
    "Juan",
    "Javier",
    "Daniel",
    "Carlos",
    "Miguel",
    "Ayşe",
    "Fatma",
    "Emine",
    "Hatice",
    "Zeynep",
    "Elif",
    "Mehmet",
    "Mustafa",
    "Ahmet",
    "Ali",
    "Hüseyin",
    "Hasan",
    "İbrahim",
    "Murat",
    "Emre",
    "Can",
    "Deniz",
    "Ömer",
    "Selin",
    "Burak",
];

const LAST_NAMES: &[&str] = &[
    "García",
    "Rodríguez",
    "González",
    "Fernández",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Martín",
    "Jiménez",
    "Ruiz",
    "Hernández",
    "Díaz",
    "Moreno",
    "Muñoz",
    "Álvarez",
    "Romero",
    "Alonso",
    "Gutiérrez",
    "Navarro",
    "Torres",
    "Domínguez",
    "Vázquez",
    "Ramos",
    "Gil",
    "Ramírez",
    "Serrano",
    "Blanco",
    "Molina",
    "Yılmaz",
    "Kaya",
    "Demir",
    "Şahin",
    "Çelik",
    "Yıldız",
    "Yıldırım",
    "Öztürk",
    "Aydın",
    "Özdemir",
    "Arslan",
    "Doğan",
    "Kılıç",
    "Aslan",
    "Çetin",
    "Kara",
    "Koç",
    "Kurt",
    "Özkan",
    "Şimşek",
];
