//! The JSON API under `/api/v1`, described by the OpenAPI document built from the
//! handlers' annotations.

mod access;
mod api_tokens;
mod audit;
mod auth;
pub mod billing;
mod case_config;
mod cases;
mod catalog;
mod groups;
mod health;
pub mod interactions;
mod kpi;
mod live;
mod me;
mod objects;
mod pause_reasons;
mod projects;
pub mod reports;
mod roles;
mod skills;
mod tickets;
mod users;
pub mod views;

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub use health::{docs_page, openapi_json};

#[derive(OpenApi)]
#[openapi(
    info(title = "Switchboard API", description = "The contact-center back office, over JSON."),
    modifiers(&SecuritySchemes),
    security(("bearer" = []), ("session_cookie" = [])),
    tags(
        (name = "auth", description = "Sign-up, sign-in and one-time tokens"),
        (name = "me", description = "The signed-in user's own profile and role tests"),
        (name = "roles", description = "The permission catalog, roles and per-section access"),
        (name = "users", description = "Users and their account details"),
        (name = "groups", description = "Groups of agents and their supervisors"),
        (name = "projects", description = "Company security mode, projects and access explanations"),
        (name = "configuration", description = "Queues, schedules, SIP providers, call scripts, dialer campaigns, lists, notification templates, CRM forms, IP phones and tags"),
        (name = "cases", description = "Customer cases: lists, history, status, attempts, assignment"),
        (name = "case configuration", description = "Case statuses, reasons and custom fields"),
        (name = "interactions", description = "The call and chat log, fed by the telephony platform and contact attempts"),
        (name = "reports", description = "Reports as JSON or CSV, within the caller's role, projects and scope"),
        (name = "live", description = "Agents' live states, the live agent and queue boards and their event stream"),
        (name = "tickets", description = "Support tickets to the company's administrators"),
        (name = "api-tokens", description = "Credentials for integrations"),
        (name = "audit", description = "The audit log and its hash chain"),
        (name = "kpi", description = "KPI targets and the caller's day against them"),
        (name = "billing", description = "The company's plan, seats in use and monthly usage"),
        (name = "operations", description = "Health, readiness and metrics"),
    )
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::extract::SESSION_COOKIE,
            ))),
        );
    }
}

/// Routes anyone may call: the router mounts them outside the session guard.
pub fn public_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(auth::signup))
        .routes(routes!(auth::login))
        .routes(routes!(auth::accept_invite))
        .routes(routes!(auth::reset))
}

/// Everything else under `/api/v1`: the router wraps these in the session guard.
pub fn protected_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(auth::logout))
        .routes(routes!(me::get_me, me::patch_me))
        .routes(routes!(me::change_password))
        .routes(routes!(me::start_role_test, me::end_role_test))
        .routes(routes!(catalog::permissions))
        .routes(routes!(catalog::sections))
        .routes(routes!(catalog::section_access))
        .routes(routes!(catalog::set_section_access))
        .routes(routes!(roles::list, roles::create))
        .routes(routes!(roles::get, roles::update, roles::delete))
        .routes(routes!(roles::assign_users))
        .routes(routes!(users::list, users::create))
        .routes(routes!(users::bulk))
        .routes(routes!(users::bulk_account))
        .routes(routes!(users::get, users::update))
        .routes(routes!(users::password_reset))
        .routes(routes!(users::resend_invitation, users::revoke_invitation))
        .routes(routes!(groups::list, groups::create))
        .routes(routes!(groups::get, groups::update, groups::delete))
        .routes(routes!(api_tokens::list, api_tokens::create))
        .routes(routes!(api_tokens::revoke))
        .routes(routes!(billing::get))
        .routes(routes!(billing::statement))
        .routes(routes!(projects::get_company, projects::patch_company))
        .routes(routes!(projects::list, projects::create))
        .routes(routes!(projects::get, projects::update, projects::delete))
        .routes(routes!(projects::add_member))
        .routes(routes!(projects::remove_member))
        .routes(routes!(projects::objects, projects::add_object))
        .routes(routes!(projects::remove_object))
        .routes(routes!(access::explain))
        .routes(routes!(access::who))
        .routes(routes!(objects::queues::list, objects::queues::create))
        .routes(routes!(
            objects::queues::get,
            objects::queues::update,
            objects::queues::delete
        ))
        .routes(routes!(
            objects::schedules::list,
            objects::schedules::create
        ))
        .routes(routes!(
            objects::schedules::get,
            objects::schedules::update,
            objects::schedules::delete
        ))
        .routes(routes!(
            objects::sip_providers::list,
            objects::sip_providers::create
        ))
        .routes(routes!(
            objects::sip_providers::get,
            objects::sip_providers::update,
            objects::sip_providers::delete
        ))
        .routes(routes!(
            objects::call_scripts::list,
            objects::call_scripts::create
        ))
        .routes(routes!(
            objects::call_scripts::get,
            objects::call_scripts::update,
            objects::call_scripts::delete
        ))
        .routes(routes!(
            objects::dialer_campaigns::list,
            objects::dialer_campaigns::create
        ))
        .routes(routes!(
            objects::dialer_campaigns::get,
            objects::dialer_campaigns::update,
            objects::dialer_campaigns::delete
        ))
        .routes(routes!(objects::lists::list, objects::lists::create))
        .routes(routes!(
            objects::lists::get,
            objects::lists::update,
            objects::lists::delete
        ))
        .routes(routes!(
            objects::notification_templates::list,
            objects::notification_templates::create
        ))
        .routes(routes!(
            objects::notification_templates::get,
            objects::notification_templates::update,
            objects::notification_templates::delete
        ))
        .routes(routes!(
            objects::crm_forms::list,
            objects::crm_forms::create
        ))
        .routes(routes!(
            objects::crm_forms::get,
            objects::crm_forms::update,
            objects::crm_forms::delete
        ))
        .routes(routes!(
            objects::ip_phones::list,
            objects::ip_phones::create
        ))
        .routes(routes!(
            objects::ip_phones::get,
            objects::ip_phones::update,
            objects::ip_phones::delete
        ))
        .routes(routes!(objects::tags::list, objects::tags::create))
        .routes(routes!(
            objects::tags::get,
            objects::tags::update,
            objects::tags::delete
        ))
        .routes(routes!(skills::list, skills::create))
        .routes(routes!(skills::get, skills::update, skills::delete))
        .routes(routes!(objects::list_entries, objects::add_entries))
        .routes(routes!(objects::remove_entry))
        .routes(routes!(
            case_config::list_statuses,
            case_config::create_status
        ))
        .routes(routes!(
            case_config::update_status,
            case_config::delete_status
        ))
        .routes(routes!(
            case_config::list_reasons,
            case_config::create_reason
        ))
        .routes(routes!(
            case_config::update_reason,
            case_config::delete_reason
        ))
        .routes(routes!(case_config::list_fields, case_config::create_field))
        .routes(routes!(
            case_config::update_field,
            case_config::delete_field
        ))
        .routes(routes!(
            case_config::list_dispositions,
            case_config::create_disposition
        ))
        .routes(routes!(
            case_config::update_disposition,
            case_config::delete_disposition
        ))
        .routes(routes!(cases::list, cases::create))
        .routes(routes!(cases::get, cases::update))
        .routes(routes!(cases::change_status))
        .routes(routes!(cases::log_attempt))
        .routes(routes!(cases::assign))
        .routes(routes!(cases::distribute))
        .routes(routes!(cases::audit))
        .routes(routes!(cases::import))
        .routes(routes!(cases::export))
        .routes(routes!(cases::job))
        .routes(routes!(interactions::list, interactions::create))
        .routes(routes!(interactions::get, interactions::update))
        .routes(routes!(live::set_state))
        .routes(routes!(pause_reasons::list, pause_reasons::create))
        .routes(routes!(pause_reasons::update, pause_reasons::delete))
        .routes(routes!(live::agents))
        .routes(routes!(live::queues))
        .routes(routes!(live::stream))
        .routes(routes!(tickets::list, tickets::create))
        .routes(routes!(tickets::get, tickets::update))
        .routes(routes!(tickets::reply))
        .routes(routes!(reports::get))
        .routes(routes!(audit::list))
        .routes(routes!(audit::verify))
        .routes(routes!(kpi::list, kpi::replace))
        .routes(routes!(kpi::mine))
}

/// Operational routes outside `/api/v1`.
pub fn operations_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(health::metrics))
}
