//! `/`: the dashboard for those who may see it, a plain home page for the others.

use askama::Template;
use askama_web::WebTemplate;
use chrono::{SecondsFormat, Utc};
use domain::Permission;

use super::layout::Page;
use crate::extract::CurrentActor;

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    page: Page,
    title: String,
    greeting: String,
    show_dashboard: bool,
    now_utc: String,
    now_local: String,
}

pub async fn home(page: Page, CurrentActor(actor): CurrentActor) -> HomePage {
    let show_dashboard = actor.can(Permission::DASHBOARD_VIEW);
    let now = Utc::now();
    HomePage {
        title: page.t(if show_dashboard {
            "nav-dashboard"
        } else {
            "nav-home"
        }),
        greeting: format!("{}, {}.", page.t("welcome"), actor.name),
        show_dashboard,
        now_utc: now.to_rfc3339_opts(SecondsFormat::Secs, true),
        now_local: page.time(now),
        page,
    }
}
