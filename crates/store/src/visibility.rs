//! The SQL predicates that decide which tenant rows an actor sees. Every list, count
//! and single-row read of users, groups and configuration objects goes through these.
//!
//! Two limits stack: the role's data scope (all / managed / own) and, in enhanced
//! security, the projects the actor belongs to (directly or through a group).

use domain::objects::ObjectKind;
use domain::{DataScope, Scope};

use crate::Sql;

/// Appends ` IN (<the scope's projects>)`; an empty set matches nothing.
fn in_projects(sql: Sql, projects: &[String]) -> Sql {
    sql.push(" IN (").push_list(projects.iter()).push(")")
}

/// Up to this many projects, the project predicate of time-ranged rows (calls,
/// attempts, closes) may lead the plan; past it, most rows match and the planners do
/// better walking the time range. Text search narrows its terms by the same
/// threshold (store::cases).
pub(crate) const PROJECT_LED_UP_TO: usize = 10;

/// ` AND {column} IN (<projects>)`, written so no index serves it when the scope has
/// many projects: then the time range must choose the rows.
fn in_many_projects(sql: Sql, column: &str, projects: &[String]) -> Sql {
    let column = if projects.len() > PROJECT_LED_UP_TO {
        format!("{column} || ''")
    } else {
        column.to_owned()
    };
    in_projects(sql.push(&format!(" AND {column}")), projects)
}

/// `(<the agents of the groups the user bound to ? supervises>)`.
const MANAGED_AGENTS: &str = "(SELECT gm.user_id FROM group_members gm \
     JOIN group_supervisors gs ON gs.group_id = gm.group_id WHERE gs.user_id = ?)";

/// `(<the queues the user bound to ? supervises>)`.
const SUPERVISED_QUEUES: &str =
    "(SELECT l.from_id FROM object_links l WHERE l.to_id = ? AND l.field = 'supervisor_ids')";

/// Appends ` AND <users visible to scope>` for a query over `users` aliased `u`.
/// Managed scope sees the active users of the groups it supervises; own scope itself.
/// With projects, a user is visible when they share one of the actor's projects
/// (as a member or through a member group); the actor always sees themself.
pub fn users(sql: Sql, scope: &Scope) -> Sql {
    let mut sql = sql.push(" AND u.company_id = ?").arg(scope.company_id());
    if let Some(projects) = scope.projects() {
        sql = in_projects(
            sql.push(" AND (u.id = ? OR u.id IN (SELECT pu.user_id FROM project_users pu WHERE pu.project_id")
                .arg(scope.user_id()),
            projects,
        );
        sql = in_projects(
            sql.push(
                ") OR u.id IN (SELECT gm.user_id FROM group_members gm \
                 JOIN project_groups pg ON pg.group_id = gm.group_id WHERE pg.project_id",
            ),
            projects,
        )
        .push("))");
    }
    match scope.data_scope() {
        DataScope::All => sql,
        DataScope::Managed => sql
            .push(&format!(" AND u.active = ? AND u.id IN {MANAGED_AGENTS}"))
            .arg(true)
            .arg(scope.user_id()),
        DataScope::Own => sql.push(" AND u.id = ?").arg(scope.user_id()),
    }
}

/// Appends ` AND <groups visible to scope>` for a query over `groups` aliased `g`:
/// managed scope sees the groups it supervises, own scope the groups it belongs to;
/// with projects, only groups that are members of one of the actor's projects.
pub fn groups(sql: Sql, scope: &Scope) -> Sql {
    let mut sql = sql.push(" AND g.company_id = ?").arg(scope.company_id());
    if let Some(projects) = scope.projects() {
        sql = in_projects(
            sql.push(" AND g.id IN (SELECT pg.group_id FROM project_groups pg WHERE pg.project_id"),
            projects,
        )
        .push(")");
    }
    match scope.data_scope() {
        DataScope::All => sql,
        DataScope::Managed => sql
            .push(" AND g.id IN (SELECT group_id FROM group_supervisors WHERE user_id = ?)")
            .arg(scope.user_id()),
        DataScope::Own => sql
            .push(" AND g.id IN (SELECT group_id FROM group_members WHERE user_id = ?)")
            .arg(scope.user_id()),
    }
}

/// Appends ` AND <objects of kind visible to scope>` for a query over `objects`
/// aliased `o`. Configuration is not scoped by data scope (a supervisor sees the
/// center's queues); projects limit every kind but tags.
pub fn objects(sql: Sql, scope: &Scope, kind: ObjectKind) -> Sql {
    let sql = sql
        .push(" AND o.company_id = ? AND o.kind = ?")
        .arg(scope.company_id())
        .arg(kind.key());
    match scope.projects() {
        Some(projects) if kind.project_bound() => in_projects(
            sql.push(
                " AND EXISTS (SELECT 1 FROM project_objects po \
                 WHERE po.object_id = o.id AND po.project_id",
            ),
            projects,
        )
        .push(")"),
        _ => sql,
    }
}

/// Appends ` AND <cases visible to scope>` for a query over `cases` aliased `c`: the
/// cases of the actor's projects, then all of them (`all`), those assigned to agents
/// of the groups they supervise (`managed`) or to themself (`own`).
pub fn cases(sql: Sql, scope: &Scope) -> Sql {
    let mut sql = sql.push(" AND c.company_id = ?").arg(scope.company_id());
    if let Some(projects) = scope.projects() {
        sql = in_projects(sql.push(" AND c.project_id"), projects);
    }
    match scope.data_scope() {
        DataScope::All => sql,
        DataScope::Managed => sql
            .push(&format!(" AND c.assignee_id IN {MANAGED_AGENTS}"))
            .arg(scope.user_id()),
        DataScope::Own => sql.push(" AND c.assignee_id = ?").arg(scope.user_id()),
    }
}

/// Appends ` AND <interactions visible to scope>` for a query over `interactions`
/// aliased `i`: those of the actor's projects, then all (`all`), those of the agents of
/// the groups or of the queues they supervise (`managed`), or their own (`own`). Roles
/// that see everyone's calls (`calls.view_all`) pass a widened scope.
pub fn interactions(sql: Sql, scope: &Scope) -> Sql {
    let mut sql = sql.push(" AND i.company_id = ?").arg(scope.company_id());
    if let Some(projects) = scope.projects() {
        sql = in_many_projects(sql, "i.project_id", projects);
    }
    match scope.data_scope() {
        DataScope::All => sql,
        DataScope::Managed => sql
            .push(&format!(
                " AND (i.agent_id IN {MANAGED_AGENTS} OR i.queue_id IN {SUPERVISED_QUEUES})"
            ))
            .arg(scope.user_id())
            .arg(scope.user_id()),
        DataScope::Own => sql.push(" AND i.agent_id = ?").arg(scope.user_id()),
    }
}

/// Appends ` AND <queues whose figures scope reaches>` for a query over queue objects
/// aliased `o` (after [`objects`]): every queue (`all`), the queues they supervise
/// (`managed`), none (`own`: queue figures are about other people's calls).
pub fn queue_figures(sql: Sql, scope: &Scope) -> Sql {
    match scope.data_scope() {
        DataScope::All => sql,
        DataScope::Managed => sql
            .push(&format!(" AND o.id IN {SUPERVISED_QUEUES}"))
            .arg(scope.user_id()),
        DataScope::Own => sql.push(" AND 1 = 0"),
    }
}

/// Appends ` AND <rows of agents' work visible to scope>` for report rows about what
/// agents did (attempts, calls, closes), over a table aliased `alias` with a
/// `project_id` and the agent in `agent_column`: every agent (`all`), the agents of the
/// groups they supervise (`managed`; none without groups), themself (`own`).
pub fn agent_work(sql: Sql, scope: &Scope, alias: &str, agent_column: &str) -> Sql {
    let mut sql = sql
        .push(&format!(" AND {alias}.company_id = ?"))
        .arg(scope.company_id());
    if let Some(projects) = scope.projects() {
        sql = in_many_projects(sql, &format!("{alias}.project_id"), projects);
    }
    let agent = format!("{alias}.{agent_column}");
    match scope.data_scope() {
        DataScope::All => sql,
        DataScope::Managed => sql
            .push(&format!(" AND {agent} IN {MANAGED_AGENTS}"))
            .arg(scope.user_id()),
        DataScope::Own => sql.push(&format!(" AND {agent} = ?")).arg(scope.user_id()),
    }
}
