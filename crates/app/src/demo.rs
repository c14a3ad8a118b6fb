//! The demo company: one user per template role, so a newcomer can try every view.

use domain::Template;
use domain::clock::now;
use domain::profile::normalize_email;
use store::groups::Membership;

use crate::Context;
use crate::credentials::hash_password;
use crate::error::{AppError, AppResult};

pub const DEMO_COMPANY: &str = "Switchboard Demo";

/// A demo account as printed at start-up.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub role: &'static str,
    pub email: String,
    pub password: String,
}

/// The demo accounts. Their passwords are public by design: the demo company holds
/// only made-up data.
pub fn accounts() -> Vec<DemoAccount> {
    Template::ALL
        .into_iter()
        .map(|t| DemoAccount {
            role: t.name(),
            email: format!("{}@demo.example.com", t.key()),
            password: format!("demo-{}-2026", t.key()),
        })
        .collect()
}

/// Creates the demo company unless it is already there; answers its accounts and
/// whether it was created now.
pub async fn load(ctx: &Context) -> AppResult<(Vec<DemoAccount>, bool)> {
    let accounts = accounts();
    let mut tx = ctx.pool.read().await?;
    if store::companies::find_by_name(&mut tx, DEMO_COMPANY)
        .await?
        .is_some()
    {
        return Ok((accounts, false));
    }
    drop(tx);

    let mut hashes = Vec::with_capacity(accounts.len());
    for account in &accounts {
        hashes.push(hash_password(&ctx.auth, account.password.clone()).await?);
    }
    let at = now();
    let mut tx = ctx.pool.write().await?;
    let company_id = domain::ids::new_id();
    store::companies::insert(&mut tx, &company_id, DEMO_COMPANY, at).await?;
    store::roles::insert_templates(&mut tx, &company_id, at).await?;
    let mut ids = Vec::new();
    for ((template, account), hash) in Template::ALL.into_iter().zip(&accounts).zip(&hashes) {
        let role = store::roles::template_role(&mut tx, &company_id, template)
            .await?
            .ok_or_else(|| AppError::Internal("template role missing".into()))?;
        let id = domain::ids::new_id();
        ids.push((template, id.clone()));
        store::users::insert(
            &mut tx,
            &store::users::NewUser {
                id: &id,
                company_id: &company_id,
                role_id: &role.id,
                name: &format!("Demo {}", template.name()),
                email: &account.email,
                email_key: &normalize_email(&account.email),
                password_hash: Some(hash),
                language: "en",
                timezone: "Europe/Madrid",
                now: at,
            },
        )
        .await?;
    }
    // A floor supervised by the demo Supervisor, with the demo Agent in it, so the
    // supervisor's scoped views have something to show.
    let user = |t: Template| {
        ids.iter()
            .find(|(x, _)| *x == t)
            .map(|(_, id)| vec![id.clone()])
    };
    let group_id = domain::ids::new_id();
    store::groups::insert(&mut tx, &company_id, &group_id, "Floor 1", "{}", at).await?;
    let supervisors = user(Template::Supervisor).unwrap_or_default();
    let members = user(Template::Agent).unwrap_or_default();
    store::groups::set_people(
        &mut tx,
        &company_id,
        &group_id,
        Membership::Supervisors,
        &supervisors,
    )
    .await?;
    store::groups::set_people(
        &mut tx,
        &company_id,
        &group_id,
        Membership::Members,
        &members,
    )
    .await?;
    for skill in ["Spanish", "Turkish", "Collections"] {
        store::skills::insert(&mut tx, &company_id, &domain::ids::new_id(), skill, at).await?;
    }
    let supervisor = supervisors.first().cloned().unwrap_or_default();
    let (queue, campaign) = demo_objects(&mut tx, &company_id, &supervisor, at).await?;
    let agent = members.first().cloned().unwrap_or_default();
    let admin = user(Template::Admin)
        .and_then(|ids| ids.first().cloned())
        .unwrap_or_default();
    let floor = Floor {
        admin: &admin,
        agent: &agent,
    };
    demo_activity(&mut tx, &company_id, floor, &queue, &campaign, at).await?;
    tx.commit().await?;
    demo_case_settings(ctx, &company_id, &admin).await?;
    Ok((accounts, true))
}

/// The case settings a collections center sets up first, made by the demo Admin as
/// the settings pages would (audited): reasons for a debt, a payment reference
/// required to close a case, and the promised date required to suspend one.
async fn demo_case_settings(ctx: &Context, company_id: &str, admin: &str) -> AppResult<()> {
    use crate::case_config::{FieldInput, ReasonInput, StatusInput};
    use domain::case_config::FieldType;
    let mut tx = ctx.pool.read().await?;
    let actor = crate::sessions::actor_for_user(&mut tx, company_id, admin)
        .await?
        .ok_or_else(|| AppError::Internal("the demo Admin cannot act".into()))?;
    drop(tx);
    for (name, description) in [
        ("Lost income", "Unemployment, illness or a fall in income."),
        (
            "Disputes the debt",
            "The customer says the amount is wrong or not theirs.",
        ),
        ("Forgot", "Willing to pay; missed the date."),
    ] {
        let input = ReasonInput {
            name: Some(name.into()),
            description: Some(description.into()),
            active: None,
        };
        crate::case_config::create_reason(ctx, &actor, input).await?;
    }
    for (key, label, field_type) in [
        ("payment_reference", "Payment reference", FieldType::Text),
        ("promised_date", "Promised payment date", FieldType::Date),
    ] {
        let input = FieldInput {
            key: Some(key.into()),
            label: Some(label.into()),
            field_type: Some(field_type),
            options: None,
            required: Some(false),
        };
        crate::case_config::create_field(ctx, &actor, input).await?;
    }
    for (status, field) in [
        ("closed", "payment_reference"),
        ("suspended", "promised_date"),
    ] {
        let input = StatusInput {
            key: None,
            name: None,
            open: None,
            required_fields: Some(vec![field.into()]),
        };
        crate::case_config::update_status(ctx, &actor, status, input, None).await?;
    }
    Ok(())
}

/// Configuration a small collections center starts with: office hours, an inbound
/// queue the demo Supervisor manages, a do-not-call list, a CRM form, a tag and a
/// campaign that uses them. Answers the queue and the campaign.
async fn demo_objects(
    tx: &mut store::Tx,
    company_id: &str,
    supervisor_id: &str,
    at: domain::clock::Timestamp,
) -> AppResult<(String, String)> {
    use domain::objects::ObjectKind;
    use serde_json::json;

    let mut object = async |kind: ObjectKind, fields: serde_json::Value| -> AppResult<String> {
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
    };
    let weekdays = ["mon", "tue", "wed", "thu", "fri"]
        .map(|day| json!({ "day": day, "start": "09:00", "end": "18:00" }));
    let schedule = object(
        ObjectKind::Schedules,
        json!({ "name": "Office hours", "timezone": "Europe/Madrid", "windows": weekdays,
                "holidays": [{ "date": "2026-12-25", "name": "Christmas" }] }),
    )
    .await?;
    let queue = object(
        ObjectKind::Queues,
        json!({ "name": "Collections inbound", "schedule_id": schedule, "supervisor_ids": [supervisor_id],
                "service_level_seconds": 20, "service_level_target": 80 }),
    )
    .await?;
    let dnc = object(
        ObjectKind::Lists,
        json!({ "name": "Do not call", "kind": "dnc" }),
    )
    .await?;
    let form = object(
        ObjectKind::CrmForms,
        json!({ "name": "Collections call", "fields": [
            { "key": "outcome", "label": "Outcome", "type": "choice", "options": ["Promise to pay", "Refused", "Callback"], "required": true },
            { "key": "promised_amount", "label": "Promised amount", "type": "number" }
        ] }),
    )
    .await?;
    let tag = object(
        ObjectKind::Tags,
        json!({ "name": "Promise to pay", "color": "#16a34a" }),
    )
    .await?;
    object(
        ObjectKind::CallScripts,
        json!({ "name": "Collections greeting", "tag_ids": [tag], "steps": [
            { "key": "greet", "kind": "say", "text": "Good morning, this is {{agent.name}} from the collections team.", "next": "confirm" },
            { "key": "confirm", "kind": "question", "text": "Am I speaking with the account holder?", "next": "end" },
            { "key": "end", "kind": "end" }
        ] }),
    )
    .await?;
    let campaign = object(
        ObjectKind::DialerCampaigns,
        json!({ "name": "Overdue 30 days", "queue_id": queue, "schedule_id": schedule, "dnc_list_ids": [dnc],
                "crm_form_id": form, "dial_mode": "progressive" }),
    )
    .await?;
    Ok((queue, campaign))
}

/// Who works the demo's cases: the Admin created them, the Agent holds them.
#[derive(Clone, Copy)]
struct Floor<'a> {
    admin: &'a str,
    agent: &'a str,
}

/// Two days of a small floor's work, so the dashboard, the boards, the reports and the
/// case pages have something to show: cases of the campaign held by the demo Agent,
/// the calls made to them (each also a contact attempt, the latest of a case with a
/// callback asking for it), each case's history, inbound calls to the queue (one still
/// waiting), and the agent available.
async fn demo_activity(
    tx: &mut store::Tx,
    company_id: &str,
    floor: Floor<'_>,
    queue: &str,
    campaign: &str,
    at: domain::clock::Timestamp,
) -> AppResult<()> {
    use chrono::Duration;
    use domain::cases::Customer;
    use domain::interactions::Times;
    use store::interactions::InteractionRow;
    let agent = floor.agent;

    const NAMES: [&str; 12] = [
        "Lucía Fernández",
        "Mehmet Yılmaz",
        "Carmen Ruiz",
        "Ayşe Demir",
        "Javier Moreno",
        "Elif Kaya",
        "Pablo Navarro",
        "Zeynep Çelik",
        "Marta Gil",
        "Emre Şahin",
        "Sofía Romero",
        "Can Aydın",
    ];
    let statuses = [
        ("active", true),
        ("active", true),
        ("suspended", true),
        ("closed", false),
        ("delinquent", true),
    ];
    // The n-th call of the last day, newest first: call n is to case n mod 12, so the
    // first twelve are each case's latest.
    let call_at = |n: i64| at - Duration::minutes(47 * n + 20);
    let mut cases = Vec::new();
    for (n, name) in NAMES.iter().enumerate() {
        let created = at - Duration::days(40 - n as i64);
        let (status, open) = statuses[n % statuses.len()];
        let customer = Customer {
            name: (*name).to_owned(),
            document: format!("{:08}X", 31_000_000 + n * 7_919),
            phones: vec![format!("+3460000{:04}", 1000 + n)],
            email: String::new(),
            address: String::new(),
        };
        let row = store::cases::CaseRow {
            campaign_id: Some(campaign.to_owned()),
            assignee_id: Some(agent.to_owned()),
            search: customer.search_text(),
            customer_phones: serde_json::json!(customer.phones).to_string(),
            customer_name: customer.name,
            customer_document: customer.document,
            customer_email: customer.email,
            customer_address: customer.address,
            area: ["Norte", "Sur", "Centro"][n % 3].to_owned(),
            amount_cents: Some(12_000 + 4_350 * n as i64),
            due_date: Some(
                (created + Duration::days(10))
                    .format("%Y-%m-%d")
                    .to_string(),
            ),
            priority: (n % 4) as i64,
            // Three hours after the call that asked for it (its latest, see below):
            // overdue for some, later today for one.
            next_contact_at: (n % 4 == 1).then(|| call_at(n as i64) + Duration::hours(3)),
            // After the calls of the last day, which reached it still open.
            closed_at: (!open).then(|| at - Duration::minutes(10 + n as i64)),
            // Its last event: the closing, else its latest call (see below).
            updated_at: if open {
                call_at(n as i64)
            } else {
                at - Duration::minutes(10 + n as i64)
            },
            ..store::cases::CaseRow::new(
                domain::ids::id_at(created),
                company_id,
                status,
                open,
                created,
            )
        };
        store::cases::insert(tx, &row).await?;
        cases.push(row);
    }
    let mut calls = Vec::new();
    let mut attempts = Vec::new();
    for n in 0..30i64 {
        let started = call_at(n);
        let case = &cases[n as usize % cases.len()];
        // The latest call of a case with a callback due is the one that asked for it.
        let callback = (n as usize) < cases.len() && case.next_contact_at.is_some();
        let reached = callback || n % 3 != 2;
        let times = Times {
            started_at: started,
            answered_at: reached.then(|| started + Duration::seconds(8)),
            ended_at: Some(started + Duration::seconds(if reached { 60 + 13 * n } else { 25 })),
        };
        let result = match (callback, reached) {
            (true, _) => "callback_requested",
            (false, true) => "contacted",
            (false, false) => "no_answer",
        };
        calls.push(call(
            company_id,
            times,
            None,
            Some(campaign),
            Some(agent),
            Some(&case.id),
            result,
        ));
        let next = callback.then_some(case.next_contact_at).flatten();
        attempts.push((calls.len() - 1, result, reached, next));
    }
    for n in 0..18i64 {
        let started = at - Duration::minutes(23 * n + 5);
        let answered = n % 6 != 5;
        let wait = 4 + n * 3;
        let times = Times {
            started_at: started,
            answered_at: answered.then(|| started + Duration::seconds(wait)),
            ended_at: Some(
                started + Duration::seconds(wait + if answered { 90 + 7 * n } else { 0 }),
            ),
        };
        let (holder, result) = if answered {
            (Some(agent), "answered")
        } else {
            (None, "abandoned")
        };
        calls.push(call(
            company_id,
            times,
            Some(queue),
            None,
            holder,
            None,
            result,
        ));
    }
    let waiting = Times {
        started_at: at - Duration::seconds(35),
        ..Times::default()
    };
    calls.push(call(company_id, waiting, Some(queue), None, None, None, ""));
    store::interactions::insert_many(tx, &calls).await?;
    let rows: Vec<store::cases::NewAttempt<'_>> = attempts
        .iter()
        .map(|(n, result, reached, next)| {
            let call: &InteractionRow = &calls[*n];
            store::cases::NewAttempt {
                id: &call.id,
                company_id,
                case_id: call.case_id.as_deref().unwrap_or_default(),
                project_id: None,
                agent_id: agent,
                at: call.started_at,
                channel: "call",
                result,
                reached: *reached,
                reason_id: None,
                notes: if next.is_some() { CALLBACK_NOTE } else { "" },
                next_contact_at: *next,
            }
        })
        .collect();
    store::cases::insert_attempts(tx, &rows).await?;
    store::cases::insert_events(tx, company_id, &history(floor, &cases, &rows)).await?;
    store::agent_states::set(
        tx,
        company_id,
        agent,
        "available",
        &store::agent_states::PauseReason::default(),
        at,
    )
    .await?;
    Ok(())
}

const CALLBACK_NOTE: &str = "Asked to be called back";

/// The history the demo's cases would have had, oldest first: created by the Admin,
/// then the Agent's attempts and, for those no longer active, the change of status.
fn history(
    floor: Floor<'_>,
    cases: &[store::cases::CaseRow],
    attempts: &[store::cases::NewAttempt<'_>],
) -> Vec<store::cases::EventRow> {
    use serde_json::json;
    let event = |case: &str, at, actor: &str, kind: &str, data: serde_json::Value| {
        store::cases::EventRow {
            // Time-ordered, as the case page lists them.
            id: domain::ids::id_at(at),
            case_id: case.to_owned(),
            at,
            actor_id: Some(actor.to_owned()),
            kind: kind.to_owned(),
            data: data.to_string(),
        }
    };
    let mut events = Vec::new();
    for case in cases {
        let data = json!({ "status": "active", "assignee_id": floor.agent });
        events.push(event(
            &case.id,
            case.created_at,
            floor.admin,
            "created",
            data,
        ));
    }
    for a in attempts {
        let data = json!({ "attempt_id": a.id, "channel": a.channel, "result": a.result,
                           "reason_id": null, "notes": a.notes, "next_contact_at": a.next_contact_at });
        events.push(event(a.case_id, a.at, floor.agent, "attempt", data));
    }
    for case in cases.iter().filter(|c| c.status != "active") {
        let at = case
            .closed_at
            .unwrap_or(case.created_at + chrono::Duration::days(12));
        let data = json!({ "from": "active", "to": case.status, "reason_id": null,
                           "fields": {}, "changed": [] });
        events.push(event(&case.id, at, floor.agent, "status", data));
    }
    events
}

/// A demo call with its durations worked out.
fn call(
    company_id: &str,
    times: domain::interactions::Times,
    queue: Option<&str>,
    campaign: Option<&str>,
    agent: Option<&str>,
    case: Option<&str>,
    disposition: &str,
) -> store::interactions::InteractionRow {
    let direction = if queue.is_some() {
        "inbound"
    } else {
        "outbound"
    };
    let started = times.started_at;
    let id = domain::ids::id_at(started);
    store::interactions::InteractionRow {
        queue_id: queue.map(str::to_owned),
        campaign_id: campaign.map(str::to_owned),
        agent_id: agent.map(str::to_owned),
        case_id: case.map(str::to_owned),
        disposition: disposition.into(),
        ..store::interactions::InteractionRow::new(
            id, company_id, "call", direction, &times, started,
        )
    }
}
