//! The authorization matrix: every protected API route, called by each template role,
//! a custom role, and an Admin of another company, answers exactly the status the
//! spec gives. A route missing from the table fails the test.

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use domain::Template;
use serde_json::{Value, json};
use testkit::{PASSWORD, Session, TestApp, unique_email};

/// Callers, in the order of every expectation row.
const CALLERS: [&str; 7] = [
    "admin",
    "manager",
    "supervisor",
    "agent",
    "owner",
    "custom",
    "other-company admin",
];

struct World {
    app: TestApp,
    callers: Vec<Session>,
    admin: Session,
    supervisor: Session,
    group_id: String,
    agent_role: String,
}

/// What a route's `{id}` (and `{role_id}`) stands for; made fresh for every call.
#[derive(Clone, Copy)]
enum Target {
    Nothing,
    CustomRole,
    CustomRoleAndAgent,
    AgentInGroup,
    InvitedInGroup,
    SupervisedGroup,
    ApiToken,
    /// A fresh configuration object of the kind (URL key), made by the admin.
    Object(&'static str),
    Skill,
    /// A pause reason the admin made.
    PauseReason,
    /// A case in a campaign, assigned to the agent of the supervised group.
    OpenCase,
    /// The same, closed.
    ClosedCase,
    /// A campaign to import into (`?campaign_id=`).
    ImportCampaign,
    /// An import job the admin started.
    ImportJob,
    CaseStatus,
    CaseDisposition,
    CaseReason,
    CaseField,
    /// A fresh phone list holding the number 5550100.
    ListWithEntry,
    Project,
    /// A project with the agent as member (`user_id`).
    ProjectWithMember,
    /// A project and a schedule outside it (`user_id` holds the schedule).
    ProjectAndObject,
    /// A project holding a schedule (`user_id` holds the schedule).
    ProjectWithObject,
    /// A call taken by the agent of the supervised group.
    Interaction,
    /// A support ticket the agent opened.
    Ticket,
}

struct Case {
    method: &'static str,
    path: &'static str,
    target: Target,
    body: fn(&World, &Targets) -> Value,
    expect: [u16; 7],
}

#[derive(Default)]
struct Targets {
    id: String,
    user_id: String,
    /// Appended to the path: the query of `/access/*`.
    query: String,
}

fn unique(prefix: &str) -> String {
    unique_email(prefix)
}

/// The smallest valid body of each kind; `queue_id` for the kinds that need one.
fn object_body(kind: &str, queue_id: &str) -> Value {
    let name = unique(kind);
    match kind {
        "sip-providers" => json!({ "name": name, "host": "sip.example.com" }),
        "dialer-campaigns" => json!({ "name": name, "queue_id": queue_id }),
        "notification-templates" => {
            json!({ "name": name, "channel": "sms", "body": "Hi {{customer.name}}" })
        }
        "ip-phones" => {
            let digits: String = domain::ids::new_id().chars().rev().take(12).collect();
            json!({ "model": "Yealink T54W", "mac": digits, "extension": "201" })
        }
        _ => json!({ "name": name }),
    }
}

fn no_body(_: &World, _: &Targets) -> Value {
    json!({})
}

#[rustfmt::skip]
fn cases() -> Vec<Case> {
    use Target::*;
    let c = |method, path, target, body, expect| Case {
        method,
        path,
        target,
        body,
        expect,
    };
    vec![
        c("GET", "/api/v1/me", Nothing, no_body, [200; 7]),
        c("PATCH", "/api/v1/me", Nothing, |_, _| json!({ "timezone": "UTC" }), [200; 7]),
        c("PUT", "/api/v1/me/password", Nothing, |_, _| json!({ "current": PASSWORD, "new": "matrix-temporary-9" }), [204; 7]),
        c("POST", "/api/v1/me/role-test", Nothing, |w, _| json!({ "role_id": w.agent_role }), [200, 403, 403, 403, 403, 403, 404]),
        c("DELETE", "/api/v1/me/role-test", Nothing, no_body, [200; 7]),
        c("POST", "/api/v1/auth/logout", Nothing, no_body, [204; 7]),
        c("GET", "/api/v1/permissions", Nothing, no_body, [200; 7]),
        c("GET", "/api/v1/sections", Nothing, no_body, [200; 7]),
        c("GET", "/api/v1/sections/{key}/access", Nothing, no_body, [200, 403, 403, 403, 403, 200, 200]),
        c("PUT", "/api/v1/sections/{key}/access/{role_id}", CustomRole, |_, _| json!({ "permissions": ["cases.view"] }), [200, 403, 403, 403, 403, 403, 404]),
        c("GET", "/api/v1/roles", Nothing, no_body, [200, 403, 403, 403, 403, 200, 200]),
        c("POST", "/api/v1/roles", Nothing, |_, _| json!({ "name": "Matrix", "permissions": ["cases.view"], "scope": "own" }), [201, 403, 403, 403, 403, 403, 201]),
        c("GET", "/api/v1/roles/{id}", CustomRole, no_body, [200, 403, 403, 403, 403, 200, 404]),
        c("PATCH", "/api/v1/roles/{id}", CustomRole, |_, _| json!({ "description": "edited" }), [200, 403, 403, 403, 403, 403, 404]),
        c("DELETE", "/api/v1/roles/{id}", CustomRole, no_body, [204, 403, 403, 403, 403, 403, 404]),
        c("POST", "/api/v1/roles/{id}/users", CustomRoleAndAgent, |_, t| json!({ "user_ids": [t.user_id] }), [200, 403, 403, 403, 403, 403, 404]),
        c("GET", "/api/v1/users", Nothing, no_body, [200, 200, 200, 403, 403, 200, 200]),
        c("POST", "/api/v1/users", Nothing, |w, _| json!({ "name": "New", "email": unique_email("matrix"), "role_id": w.agent_role }), [201, 201, 403, 403, 403, 403, 422]),
        c("POST", "/api/v1/users/bulk", AgentInGroup, |_, t| json!({ "user_ids": [t.id], "set": { "max_chats": 5 } }), [200, 200, 200, 403, 403, 403, 404]),
        // A supervisor may call it but blocks nobody: the agent comes back refused.
        c("POST", "/api/v1/users/bulk/account", AgentInGroup, |_, t| json!({ "user_ids": [t.id], "action": "block" }), [200, 200, 200, 403, 403, 403, 404]),
        c("GET", "/api/v1/users/{id}", AgentInGroup, no_body, [200, 200, 200, 403, 403, 200, 404]),
        c("PATCH", "/api/v1/users/{id}", AgentInGroup, |_, _| json!({ "max_chats": 4 }), [200, 200, 403, 403, 403, 403, 404]),
        c("POST", "/api/v1/users/{id}/password-reset", AgentInGroup, no_body, [201, 201, 403, 403, 403, 403, 404]),
        c("POST", "/api/v1/users/{id}/invitation", InvitedInGroup, no_body, [201, 201, 403, 403, 403, 403, 404]),
        c("DELETE", "/api/v1/users/{id}/invitation", InvitedInGroup, no_body, [204, 204, 403, 403, 403, 403, 404]),
        c("GET", "/api/v1/groups", Nothing, no_body, [200, 200, 200, 403, 403, 200, 200]),
        c("POST", "/api/v1/groups", Nothing, |_, _| json!({ "name": "Matrix group" }), [201, 201, 403, 403, 403, 403, 201]),
        c("GET", "/api/v1/groups/{id}", SupervisedGroup, no_body, [200, 200, 200, 403, 403, 200, 404]),
        c("PATCH", "/api/v1/groups/{id}", SupervisedGroup, |_, _| json!({ "name": "Renamed" }), [200, 200, 403, 403, 403, 403, 404]),
        c("DELETE", "/api/v1/groups/{id}", SupervisedGroup, no_body, [204, 204, 403, 403, 403, 403, 404]),
        c("GET", "/api/v1/api-tokens", Nothing, no_body, [200, 403, 403, 403, 403, 403, 200]),
        c("POST", "/api/v1/api-tokens", Nothing, |w, _| json!({ "name": "Matrix", "role_id": w.agent_role }), [201, 403, 403, 403, 403, 403, 422]),
        c("DELETE", "/api/v1/api-tokens/{id}", ApiToken, no_body, [204, 403, 403, 403, 403, 403, 404]),
        c("GET", "/api/v1/queues", Nothing, no_body, [200, 200, 200, 403, 403, 403, 200]),
        c("POST", "/api/v1/queues", Nothing, |_, _| object_body("queues", ""), [201, 201, 403, 403, 403, 403, 201]),
        c("GET", "/api/v1/queues/{id}", Object("queues"), no_body, [200, 200, 200, 403, 403, 403, 404]),
        c("PATCH", "/api/v1/queues/{id}", Object("queues"), |_, _| json!({}), [200, 200, 403, 403, 403, 403, 404]),
        c("DELETE", "/api/v1/queues/{id}", Object("queues"), no_body, [204, 204, 403, 403, 403, 403, 404]),
        c("GET", "/api/v1/schedules", Nothing, no_body, [200, 200, 200, 403, 403, 403, 200]),
        c("POST", "/api/v1/schedules", Nothing, |_, _| object_body("schedules", ""), [201, 201, 403, 403, 403, 403, 201]),
        c("GET", "/api/v1/schedules/{id}", Object("schedules"), no_body, [200, 200, 200, 403, 403, 403, 404]),
        c("PATCH", "/api/v1/schedules/{id}", Object("schedules"), |_, _| json!({}), [200, 200, 403, 403, 403, 403, 404]),
        c("DELETE", "/api/v1/schedules/{id}", Object("schedules"), no_body, [204, 204, 403, 403, 403, 403, 404]),
        c("GET", "/api/v1/sip-providers", Nothing, no_body, [200, 403, 403, 403, 403, 403, 200]),
        c("POST", "/api/v1/sip-providers", Nothing, |_, _| object_body("sip-providers", ""), [201, 403, 403, 403, 403, 403, 201]),
        c("GET", "/api/v1/sip-providers/{id}", Object("sip-providers"), no_body, [200, 403, 403, 403, 403, 403, 404]),
        c("PATCH", "/api/v1/sip-providers/{id}", Object("sip-providers"), |_, _| json!({}), [200, 403, 403, 403, 403, 403, 404]),
        c("DELETE", "/api/v1/sip-providers/{id}", Object("sip-providers"), no_body, [204, 403, 403, 403, 403, 403, 404]),
        c("GET", "/api/v1/call-scripts", Nothing, no_body, [200, 200, 200, 403, 403, 403, 200]),
        c("POST", "/api/v1/call-scripts", Nothing, |_, _| object_body("call-scripts", ""), [201, 201, 403, 403, 403, 403, 201]),
        c("GET", "/api/v1/call-scripts/{id}", Object("call-scripts"), no_body, [200, 200, 200, 403, 403, 403, 404]),
        c("PATCH", "/api/v1/call-scripts/{id}", Object("call-scripts"), |_, _| json!({}), [200, 200, 403, 403, 403, 403, 404]),
        c("DELETE", "/api/v1/call-scripts/{id}", Object("call-scripts"), no_body, [204, 204, 403, 403, 403, 403, 404]),
        c("GET", "/api/v1/dialer-campaigns", Nothing, no_body, [200, 200, 200, 403, 403, 403, 200]),
        c("POST", "/api/v1/dialer-campaigns", Object("queues"), |_, t| object_body("dialer-campaigns", &t.id), [201, 201, 403, 403, 403, 403, 422]),
        c("GET", "/api/v1/dialer-campaigns/{id}", Object("dialer-campaigns"), no_body, [200, 200, 200, 403, 403, 403, 404]),
        c("PATCH", "/api/v1/dialer-campaigns/{id}", Object("dialer-campaigns"), |_, _| json!({}), [200, 200, 403, 403, 403, 403, 404]),
        c("DELETE", "/api/v1/dialer-campaigns/{id}", Object("dialer-campaigns"), no_body, [204, 204, 403, 403, 403, 403, 404]),
        c("GET", "/api/v1/lists", Nothing, no_body, [200, 200, 200, 403, 403, 403, 200]),
        c("POST", "/api/v1/lists", Nothing, |_, _| object_body("lists", ""), [201, 201, 403, 403, 403, 403, 201]),
        c("GET", "/api/v1/lists/{id}", Object("lists"), no_body, [200, 200, 200, 403, 403, 403, 404]),
        c("PATCH", "/api/v1/lists/{id}", Object("lists"), |_, _| json!({}), [200, 200, 403, 403, 403, 403, 404]),
        c("DELETE", "/api/v1/lists/{id}", Object("lists"), no_body, [204, 204, 403, 403, 403, 403, 404]),
        c("GET", "/api/v1/notification-templates", Nothing, no_body, [200, 200, 200, 403, 403, 403, 200]),
        c("POST", "/api/v1/notification-templates", Nothing, |_, _| object_body("notification-templates", ""), [201, 201, 403, 403, 403, 403, 201]),
        c("GET", "/api/v1/notification-templates/{id}", Object("notification-templates"), no_body, [200, 200, 200, 403, 403, 403, 404]),
        c("PATCH", "/api/v1/notification-templates/{id}", Object("notification-templates"), |_, _| json!({}), [200, 200, 403, 403, 403, 403, 404]),
        c("DELETE", "/api/v1/notification-templates/{id}", Object("notification-templates"), no_body, [204, 204, 403, 403, 403, 403, 404]),
        c("GET", "/api/v1/crm-forms", Nothing, no_body, [200, 200, 200, 403, 403, 403, 200]),
        c("POST", "/api/v1/crm-forms", Nothing, |_, _| object_body("crm-forms", ""), [201, 201, 403, 403, 403, 403, 201]),
        c("GET", "/api/v1/crm-forms/{id}", Object("crm-forms"), no_body, [200, 200, 200, 403, 403, 403, 404]),
        c("PATCH", "/api/v1/crm-forms/{id}", Object("crm-forms"), |_, _| json!({}), [200, 200, 403, 403, 403, 403, 404]),
        c("DELETE", "/api/v1/crm-forms/{id}", Object("crm-forms"), no_body, [204, 204, 403, 403, 403, 403, 404]),
        c("GET", "/api/v1/ip-phones", Nothing, no_body, [200, 200, 200, 403, 403, 403, 200]),
        c("POST", "/api/v1/ip-phones", Nothing, |_, _| object_body("ip-phones", ""), [201, 201, 403, 403, 403, 403, 201]),
        c("GET", "/api/v1/ip-phones/{id}", Object("ip-phones"), no_body, [200, 200, 200, 403, 403, 403, 404]),
        c("PATCH", "/api/v1/ip-phones/{id}", Object("ip-phones"), |_, _| json!({}), [200, 200, 403, 403, 403, 403, 404]),
        c("DELETE", "/api/v1/ip-phones/{id}", Object("ip-phones"), no_body, [204, 204, 403, 403, 403, 403, 404]),
        c("GET", "/api/v1/tags", Nothing, no_body, [200, 200, 200, 403, 403, 403, 200]),
        c("POST", "/api/v1/tags", Nothing, |_, _| object_body("tags", ""), [201, 201, 403, 403, 403, 403, 201]),
        c("GET", "/api/v1/tags/{id}", Object("tags"), no_body, [200, 200, 200, 403, 403, 403, 404]),
        c("PATCH", "/api/v1/tags/{id}", Object("tags"), |_, _| json!({}), [200, 200, 403, 403, 403, 403, 404]),
        c("DELETE", "/api/v1/tags/{id}", Object("tags"), no_body, [204, 204, 403, 403, 403, 403, 404]),
        c("GET", "/api/v1/skills", Nothing, no_body, [200, 200, 200, 403, 403, 403, 200]),
        c("POST", "/api/v1/skills", Nothing, |_, _| json!({ "name": unique("skill") }), [201, 201, 403, 403, 403, 403, 201]),
        c("GET", "/api/v1/skills/{id}", Skill, no_body, [200, 200, 200, 403, 403, 403, 404]),
        c("PATCH", "/api/v1/skills/{id}", Skill, |_, _| json!({ "name": unique("renamed") }), [200, 200, 403, 403, 403, 403, 404]),
        c("DELETE", "/api/v1/skills/{id}", Skill, no_body, [204, 204, 403, 403, 403, 403, 404]),
        c("GET", "/api/v1/lists/{id}/entries", ListWithEntry, no_body, [200, 200, 200, 403, 403, 403, 404]),
        c("POST", "/api/v1/lists/{id}/entries", ListWithEntry, |_, _| json!({ "entries": [{ "phone": "555 0101" }] }), [200, 200, 403, 403, 403, 403, 404]),
        c("DELETE", "/api/v1/lists/{id}/entries/{phone}", ListWithEntry, no_body, [204, 204, 403, 403, 403, 403, 404]),
        c("GET", "/api/v1/tickets", Nothing, no_body, [200, 200, 200, 200, 200, 403, 200]),
        c("POST", "/api/v1/tickets", Nothing, |_, _| json!({ "subject": "Matrix", "body": "Something is off" }), [201, 201, 201, 201, 403, 403, 201]),
        c("GET", "/api/v1/tickets/{id}", Ticket, no_body, [200, 200, 404, 200, 200, 403, 404]),
        c("PATCH", "/api/v1/tickets/{id}", Ticket, |_, _| json!({ "status": "closed" }), [200, 200, 404, 200, 200, 403, 404]),
        c("POST", "/api/v1/tickets/{id}/replies", Ticket, |_, _| json!({ "body": "An answer" }), [201, 201, 404, 201, 201, 403, 404]),
        c("GET", "/api/v1/company", Nothing, no_body, [200; 7]),
        c("PATCH", "/api/v1/company", Nothing, |_, _| json!({ "settings": { "softphone_outbound": true } }), [200, 200, 403, 403, 200, 403, 200]),
        c("GET", "/api/v1/projects", Nothing, no_body, [200, 200, 200, 403, 403, 403, 200]),
        c("POST", "/api/v1/projects", Nothing, |_, _| json!({ "name": unique("project") }), [201, 403, 403, 403, 403, 403, 201]),
        c("GET", "/api/v1/projects/{id}", Project, no_body, [200, 200, 200, 403, 403, 403, 404]),
        c("PATCH", "/api/v1/projects/{id}", Project, |_, _| json!({ "name": unique("renamed") }), [200, 403, 403, 403, 403, 403, 404]),
        c("DELETE", "/api/v1/projects/{id}", Project, no_body, [204, 403, 403, 403, 403, 403, 404]),
        c("POST", "/api/v1/projects/{id}/members", Project, |w, _| json!({ "user_id": w.callers[3].user_id }), [200, 200, 403, 403, 403, 403, 404]),
        c("DELETE", "/api/v1/projects/{id}/members/{member_kind}/{mid}", ProjectWithMember, no_body, [204, 204, 403, 403, 403, 403, 404]),
        c("GET", "/api/v1/projects/{id}/objects", Project, no_body, [200, 403, 403, 403, 403, 403, 404]),
        c("POST", "/api/v1/projects/{id}/objects", ProjectAndObject, |_, t| json!({ "kind": "schedules", "id": t.user_id }), [204, 403, 403, 403, 403, 403, 404]),
        c("DELETE", "/api/v1/projects/{id}/objects/{kind}/{oid}", ProjectWithObject, no_body, [204, 403, 403, 403, 403, 403, 404]),
        c("GET", "/api/v1/access/explain", Object("queues"), no_body, [200, 200, 200, 403, 403, 403, 404]),
        c("GET", "/api/v1/access/who", Object("queues"), no_body, [200, 200, 200, 403, 403, 403, 404]),
        c("GET", "/api/v1/cases", Nothing, no_body, [200, 200, 200, 200, 403, 403, 200]),
        c("POST", "/api/v1/cases", Object("dialer-campaigns"), |_, t| json!({ "campaign_id": t.id, "customer": { "name": "Ana Gómez" } }), [201, 201, 201, 201, 403, 403, 422]),
        c("GET", "/api/v1/cases/{id}", OpenCase, no_body, [200, 200, 200, 200, 403, 403, 404]),
        c("PATCH", "/api/v1/cases/{id}", OpenCase, |_, _| json!({ "description": "edited" }), [200, 200, 200, 200, 403, 403, 404]),
        c("POST", "/api/v1/cases/{id}/status", OpenCase, |_, _| json!({ "status": "suspended" }), [200, 200, 200, 200, 403, 403, 404]),
        c("POST", "/api/v1/cases/{id}/attempts", OpenCase, |_, _| json!({ "channel": "call", "result": "no_answer" }), [201, 201, 201, 201, 403, 403, 404]),
        c("POST", "/api/v1/cases/assign", OpenCase, |w, t| json!({ "case_ids": [t.id], "assignee_id": w.callers[3].user_id }), [200, 200, 200, 403, 403, 403, 422]),
        c("POST", "/api/v1/cases/distribute", OpenCase, |w, t| json!({ "case_ids": [t.id], "operator_ids": [w.callers[3].user_id] }), [200, 200, 200, 403, 403, 403, 422]),
        c("POST", "/api/v1/cases/{id}/audit", ClosedCase, |_, _| json!({ "verdict": "validated" }), [200, 200, 200, 403, 403, 403, 404]),
        c("POST", "/api/v1/cases/import", ImportCampaign, no_body, [202, 202, 403, 403, 403, 403, 422]),
        c("GET", "/api/v1/cases/export", Nothing, no_body, [200, 200, 200, 403, 403, 403, 200]),
        c("GET", "/api/v1/jobs/{id}", ImportJob, no_body, [200, 200, 404, 404, 404, 404, 404]),
        c("GET", "/api/v1/case-statuses", Nothing, no_body, [200, 200, 200, 200, 403, 403, 200]),
        c("POST", "/api/v1/case-statuses", Nothing, |_, _| json!({ "name": unique("status") }), [201, 201, 403, 403, 403, 403, 201]),
        c("PATCH", "/api/v1/case-statuses/{id}", CaseStatus, |_, _| json!({ "name": "Renamed" }), [200, 200, 403, 403, 403, 403, 404]),
        c("DELETE", "/api/v1/case-statuses/{id}", CaseStatus, no_body, [204, 204, 403, 403, 403, 403, 404]),
        c("GET", "/api/v1/case-reasons", Nothing, no_body, [200, 200, 200, 200, 403, 403, 200]),
        c("POST", "/api/v1/case-reasons", Nothing, |_, _| json!({ "name": unique("reason") }), [201, 201, 403, 403, 403, 403, 201]),
        c("PATCH", "/api/v1/case-reasons/{id}", CaseReason, |_, _| json!({ "description": "edited" }), [200, 200, 403, 403, 403, 403, 404]),
        c("DELETE", "/api/v1/case-reasons/{id}", CaseReason, no_body, [204, 204, 403, 403, 403, 403, 404]),
        c("GET", "/api/v1/case-dispositions", Nothing, no_body, [200, 200, 200, 200, 403, 403, 200]),
        c("POST", "/api/v1/case-dispositions", Nothing, |_, _| json!({ "name": unique("result") }), [201, 201, 403, 403, 403, 403, 201]),
        c("PATCH", "/api/v1/case-dispositions/{id}", CaseDisposition, |_, _| json!({ "name": "Renamed" }), [200, 200, 403, 403, 403, 403, 404]),
        c("DELETE", "/api/v1/case-dispositions/{id}", CaseDisposition, no_body, [204, 204, 403, 403, 403, 403, 404]),
        c("GET", "/api/v1/case-fields", Nothing, no_body, [200, 200, 200, 200, 403, 403, 200]),
        c("POST", "/api/v1/case-fields", Nothing, |_, _| json!({ "label": unique("field"), "type": "text" }), [201, 201, 403, 403, 403, 403, 201]),
        c("PATCH", "/api/v1/case-fields/{id}", CaseField, |_, _| json!({ "label": "Edited" }), [200, 200, 403, 403, 403, 403, 404]),
        c("DELETE", "/api/v1/case-fields/{id}", CaseField, no_body, [204, 204, 403, 403, 403, 403, 404]),
        c("GET", "/api/v1/interactions", Nothing, no_body, [200, 200, 200, 200, 403, 403, 200]),
        c("POST", "/api/v1/interactions", Nothing, |_, _| json!({ "channel": "call", "direction": "inbound", "started_at": "2026-11-02T09:00:00Z" }), [201, 403, 403, 403, 403, 403, 201]),
        c("GET", "/api/v1/interactions/{id}", Interaction, no_body, [200, 200, 200, 200, 403, 403, 404]),
        c("PATCH", "/api/v1/interactions/{id}", Interaction, |_, _| json!({ "disposition": "contacted" }), [200, 403, 403, 403, 403, 403, 404]),
        c("PUT", "/api/v1/agents/{id}/state", AgentInGroup, |_, _| json!({ "state": "available" }), [200, 200, 200, 403, 403, 403, 404]),
        c("GET", "/api/v1/live/agents", Nothing, no_body, [200, 200, 200, 403, 403, 403, 200]),
        c("GET", "/api/v1/live/queues", Nothing, no_body, [200, 200, 200, 403, 403, 403, 200]),
        c("GET", "/api/v1/live/stream", Nothing, no_body, [200, 200, 200, 403, 403, 403, 200]),
        c("GET", "/api/v1/reports/{name}", Nothing, no_body, [200, 200, 200, 403, 403, 403, 200]),
        c("GET", "/api/v1/audit", Nothing, no_body, [200, 200, 403, 403, 403, 403, 200]),
        c("GET", "/api/v1/audit/verify", Nothing, no_body, [200, 200, 403, 403, 403, 403, 200]),
        c("GET", "/api/v1/billing", Nothing, no_body, [200, 403, 403, 403, 200, 403, 200]),
        c("GET", "/api/v1/billing/statement.csv", Nothing, no_body, [200, 403, 403, 403, 200, 403, 200]),
        c("GET", "/api/v1/pause-reasons", Nothing, no_body, [200, 200, 200, 200, 200, 403, 200]),
        c("POST", "/api/v1/pause-reasons", Nothing, |_, _| json!({ "name": unique("pause"), "max_minutes": 15 }), [201, 201, 403, 403, 201, 403, 201]),
        c("PATCH", "/api/v1/pause-reasons/{id}", PauseReason, |_, _| json!({ "max_minutes": 20 }), [200, 200, 403, 403, 200, 403, 404]),
        c("DELETE", "/api/v1/pause-reasons/{id}", PauseReason, no_body, [204, 204, 403, 403, 204, 403, 404]),
        c("GET", "/api/v1/kpi-targets", Nothing, no_body, [200, 200, 200, 403, 403, 200, 200]),
        c("PUT", "/api/v1/kpi-targets", Nothing, |_, _| json!({ "items": [{ "metric": "closes_per_day", "scope": "company", "target": 5 }] }), [200, 200, 403, 403, 403, 403, 200]),
        c("GET", "/api/v1/me/kpi", Nothing, no_body, [200; 7]),
        c("GET", "/metrics", Nothing, no_body, [401; 7]),
    ]
}

/// Public routes are covered by the route inventory; they are not in the matrix.
const PUBLIC: &[(&str, &str)] = &[
    ("POST", "/api/v1/signup"),
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/accept-invite"),
    ("POST", "/api/v1/auth/reset"),
    ("GET", "/healthz"),
    ("GET", "/readyz"),
];

async fn world() -> World {
    let app = TestApp::new().await;
    let admin = app.signup("Acme").await;
    let manager = app.user(&admin.company_id, Template::Manager).await;
    let supervisor = app.user(&admin.company_id, Template::Supervisor).await;
    let agent = app.user(&admin.company_id, Template::Agent).await;
    let owner = app.user(&admin.company_id, Template::Owner).await;
    let custom = app.user(&admin.company_id, Template::Agent).await;
    let role = app
        .post("/api/v1/roles")
        .as_user(&admin)
        .json(&json!({ "name": "Viewer", "permissions": ["users.view", "groups.view", "roles.view", "dashboard.view"], "scope": "all", "based_on": "agent" }))
        .send()
        .await
        .json();
    let assigned = app
        .post(&format!(
            "/api/v1/roles/{}/users",
            role["id"].as_str().unwrap()
        ))
        .as_user(&admin)
        .json(&json!({ "user_ids": [custom.user_id] }))
        .send()
        .await;
    assert_eq!(assigned.status, StatusCode::OK);
    let other = app.signup("Elsewhere").await;
    let group_id = app
        .post("/api/v1/groups")
        .as_user(&admin)
        .json(&json!({ "name": "Floor", "supervisor_ids": [supervisor.user_id], "member_ids": [agent.user_id] }))
        .send()
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let agent_role = app
        .template_role_id(&admin.company_id, Template::Agent)
        .await;
    World {
        callers: vec![
            admin.clone(),
            manager,
            supervisor.clone(),
            agent,
            owner,
            custom,
            other,
        ],
        app,
        admin,
        supervisor,
        group_id,
        agent_role,
    }
}

async fn make(w: &World, target: Target) -> Targets {
    let app = &w.app;
    let admin = &w.admin;
    let custom_role = || async {
        app.post("/api/v1/roles")
            .as_user(admin)
            .json(&json!({ "name": "Target", "permissions": ["cases.view"], "scope": "own", "based_on": "agent" }))
            .send()
            .await
            .json()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let agent_in_group = |invited: bool| async move {
        let created = app
            .post("/api/v1/users")
            .as_user(admin)
            .json(&json!({ "name": "Target", "email": unique_email("target"), "role_id": w.agent_role, "group_ids": [w.group_id] }))
            .send()
            .await
            .json();
        let id = created["id"].as_str().unwrap().to_owned();
        if !invited {
            let token = created["invite_token"].as_str().unwrap();
            app.post("/api/v1/auth/accept-invite")
                .json(&json!({ "token": token, "password": PASSWORD }))
                .send()
                .await;
        }
        id
    };
    let object = |kind: &'static str| async move {
        let queue_id = if kind == "dialer-campaigns" {
            app.post("/api/v1/queues")
                .as_user(admin)
                .json(&object_body("queues", ""))
                .send()
                .await
                .json()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        } else {
            String::new()
        };
        let created = app
            .post(&format!("/api/v1/{kind}"))
            .as_user(admin)
            .json(&object_body(kind, &queue_id))
            .send()
            .await;
        assert_eq!(
            created.status,
            StatusCode::CREATED,
            "{kind}: {}",
            created.text()
        );
        created.json()["id"].as_str().unwrap().to_owned()
    };
    let project = || async {
        app.post("/api/v1/projects")
            .as_user(admin)
            .json(&json!({ "name": unique("project") }))
            .send()
            .await
            .json()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    match target {
        Target::Nothing => Targets::default(),
        Target::Object(kind) => {
            let id = object(kind).await;
            let agent = &w.callers[3].user_id;
            Targets {
                query: format!("?kind={kind}&id={id}&user_id={agent}"),
                id,
                ..Targets::default()
            }
        }
        Target::ImportCampaign | Target::ImportJob => {
            let campaign = object("dialer-campaigns").await;
            if matches!(target, Target::ImportCampaign) {
                return Targets {
                    query: format!("?campaign_id={campaign}"),
                    ..Targets::default()
                };
            }
            let started = app
                .post(&format!("/api/v1/cases/import?campaign_id={campaign}"))
                .as_user(admin)
                .raw("text/csv", "name\nAna\n")
                .send()
                .await;
            assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.text());
            Targets {
                id: started.json()["id"].as_str().unwrap().to_owned(),
                ..Targets::default()
            }
        }
        Target::OpenCase | Target::ClosedCase => {
            let campaign = object("dialer-campaigns").await;
            let status = if matches!(target, Target::ClosedCase) {
                "closed"
            } else {
                "active"
            };
            let created = app
                .post("/api/v1/cases")
                .as_user(admin)
                .json(&json!({ "campaign_id": campaign, "status": status, "customer": { "name": "Target customer" }, "assignee_id": w.callers[3].user_id }))
                .send()
                .await;
            assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
            Targets {
                id: created.json()["id"].as_str().unwrap().to_owned(),
                ..Targets::default()
            }
        }
        Target::CaseStatus | Target::CaseReason | Target::CaseField | Target::CaseDisposition => {
            let (path, body) = match target {
                Target::CaseStatus => {
                    ("/api/v1/case-statuses", json!({ "name": unique("status") }))
                }
                Target::CaseReason => ("/api/v1/case-reasons", json!({ "name": unique("reason") })),
                Target::CaseDisposition => (
                    "/api/v1/case-dispositions",
                    json!({ "name": unique("result") }),
                ),
                _ => (
                    "/api/v1/case-fields",
                    json!({ "label": unique("field"), "type": "text" }),
                ),
            };
            let created = app.post(path).as_user(admin).json(&body).send().await;
            assert_eq!(
                created.status,
                StatusCode::CREATED,
                "{path}: {}",
                created.text()
            );
            Targets {
                id: created.json()["id"].as_str().unwrap().to_owned(),
                ..Targets::default()
            }
        }
        Target::Skill => Targets {
            id: app.skill(&admin.company_id, &unique("skill")).await,
            ..Targets::default()
        },
        Target::PauseReason => {
            let created = app
                .post("/api/v1/pause-reasons")
                .as_user(admin)
                .json(&json!({ "name": unique("pause") }))
                .send()
                .await;
            assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
            Targets {
                id: created.json()["id"].as_str().unwrap().to_owned(),
                ..Targets::default()
            }
        }
        Target::ListWithEntry => {
            let id = object("lists").await;
            app.post(&format!("/api/v1/lists/{id}/entries"))
                .as_user(admin)
                .json(&json!({ "entries": [{ "phone": "5550100" }] }))
                .send()
                .await;
            Targets {
                id,
                ..Targets::default()
            }
        }
        Target::Project => Targets {
            id: project().await,
            ..Targets::default()
        },
        Target::ProjectWithMember => {
            let id = project().await;
            let agent = w.callers[3].user_id.clone();
            app.post(&format!("/api/v1/projects/{id}/members"))
                .as_user(admin)
                .json(&json!({ "user_id": agent }))
                .send()
                .await;
            Targets {
                id,
                user_id: agent,
                ..Targets::default()
            }
        }
        Target::ProjectAndObject | Target::ProjectWithObject => {
            let id = project().await;
            let schedule = object("schedules").await;
            if matches!(target, Target::ProjectWithObject) {
                app.post(&format!("/api/v1/projects/{id}/objects"))
                    .as_user(admin)
                    .json(&json!({ "kind": "schedules", "id": schedule }))
                    .send()
                    .await;
            }
            Targets {
                id,
                user_id: schedule,
                ..Targets::default()
            }
        }
        Target::CustomRole => Targets {
            id: custom_role().await,
            ..Targets::default()
        },
        Target::CustomRoleAndAgent => Targets {
            id: custom_role().await,
            user_id: agent_in_group(false).await,
            ..Targets::default()
        },
        Target::AgentInGroup => Targets {
            id: agent_in_group(false).await,
            ..Targets::default()
        },
        Target::InvitedInGroup => Targets {
            id: agent_in_group(true).await,
            ..Targets::default()
        },
        Target::Interaction => {
            let created = app
                .post("/api/v1/interactions")
                .as_user(admin)
                .json(&json!({ "channel": "call", "direction": "inbound", "started_at": "2026-11-02T09:00:00Z", "agent_id": w.callers[3].user_id }))
                .send()
                .await;
            assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
            Targets {
                id: created.json()["id"].as_str().unwrap().to_owned(),
                ..Targets::default()
            }
        }
        Target::Ticket => {
            let created = app
                .post("/api/v1/tickets")
                .as_user(&w.callers[3])
                .json(&json!({ "subject": "Target", "body": "Something is off", "page": "/my-cases" }))
                .send()
                .await;
            assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
            Targets {
                id: created.json()["id"].as_str().unwrap().to_owned(),
                ..Targets::default()
            }
        }
        Target::SupervisedGroup => {
            let id = app
                .post("/api/v1/groups")
                .as_user(admin)
                .json(&json!({ "name": "Target", "supervisor_ids": [w.supervisor.user_id] }))
                .send()
                .await
                .json()["id"]
                .as_str()
                .unwrap()
                .to_owned();
            Targets {
                id,
                ..Targets::default()
            }
        }
        Target::ApiToken => {
            let id = app
                .post("/api/v1/api-tokens")
                .as_user(admin)
                .json(&json!({ "name": "Target", "role_id": w.agent_role }))
                .send()
                .await
                .json()["id"]
                .as_str()
                .unwrap()
                .to_owned();
            Targets {
                id,
                ..Targets::default()
            }
        }
    }
}

#[tokio::test]
async fn every_route_answers_each_role_as_the_spec_gives() {
    let w = world().await;
    let cases = cases();

    let doc = serde_json::to_value(web::openapi()).unwrap();
    let mut routes = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let method = method.to_uppercase();
            if !PUBLIC.iter().any(|(m, p)| *m == method && p == path) {
                routes.insert((method, path.clone()));
            }
        }
    }
    let covered: BTreeSet<(String, String)> = cases
        .iter()
        .map(|c| (c.method.to_owned(), c.path.to_owned()))
        .collect();
    let missing: Vec<_> = routes.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "routes missing from the authorization matrix: {missing:?}"
    );
    let stale: Vec<_> = covered.difference(&routes).collect();
    assert!(
        stale.is_empty(),
        "matrix rows for routes that no longer exist: {stale:?}"
    );

    let mut failures = Vec::new();
    for case in &cases {
        for (i, caller) in w.callers.iter().enumerate() {
            let targets = make(&w, case.target).await;
            let path = case
                .path
                .replace("{id}", &targets.id)
                .replace("{key}", "cases")
                .replace("{name}", "operator-productivity")
                .replace("{role_id}", &targets.id)
                .replace("{phone}", "5550100")
                .replace("{member_kind}", "user")
                .replace("{mid}", &targets.user_id)
                .replace("{kind}", "schedules")
                .replace("{oid}", &targets.user_id)
                + &targets.query;
            // Sign-out ends the session it is called with: use a fresh one.
            let token = if case.path.ends_with("/logout") {
                w.app.login(&caller.email, PASSWORD).await
            } else {
                caller.token.clone()
            };
            let call = w
                .app
                .call(Method::from_bytes(case.method.as_bytes()).unwrap(), &path)
                .bearer(&token);
            // Imports take CSV; everything else JSON.
            let call = if case.path.ends_with("/cases/import") {
                call.raw("text/csv", "name\nAna\n")
            } else {
                call.json(&(case.body)(&w, &targets))
            };
            // An event stream never ends: its status is all there is to check.
            let response = if case.path.ends_with("/live/stream") {
                call.send_status_only().await
            } else {
                call.send().await
            };
            let expected = StatusCode::from_u16(case.expect[i]).unwrap();
            if response.status != expected {
                failures.push(format!(
                    "{} {} as {}: expected {expected}, got {} {}",
                    case.method,
                    case.path,
                    CALLERS[i],
                    response.status,
                    response.text()
                ));
            }
            // Undo what would change the caller for the rows that follow.
            if case.path == "/api/v1/me/role-test" && response.status.is_success() {
                w.app
                    .delete("/api/v1/me/role-test")
                    .bearer(&token)
                    .send()
                    .await;
            }
            if case.path == "/api/v1/me/password" && response.status.is_success() {
                w.app
                    .put("/api/v1/me/password")
                    .bearer(&token)
                    .json(&json!({ "current": "matrix-temporary-9", "new": PASSWORD }))
                    .send()
                    .await;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
