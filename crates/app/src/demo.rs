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
    demo_objects(&mut tx, &company_id, &supervisor, at).await?;
    tx.commit().await?;
    Ok((accounts, true))
}

/// Configuration a small collections center starts with: office hours, an inbound
/// queue the demo Supervisor manages, a do-not-call list, a CRM form, a tag and a
/// campaign that uses them.
async fn demo_objects(
    tx: &mut store::Tx,
    company_id: &str,
    supervisor_id: &str,
    at: domain::clock::Timestamp,
) -> AppResult<()> {
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
    object(
        ObjectKind::DialerCampaigns,
        json!({ "name": "Overdue 30 days", "queue_id": queue, "schedule_id": schedule, "dnc_list_ids": [dnc],
                "crm_form_id": form, "dial_mode": "progressive" }),
    )
    .await?;
    Ok(())
}
