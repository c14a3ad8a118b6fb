//! Live monitoring: agents' states, the agent and queue boards, and the signals that
//! tell open boards what changed. A change commits together with its signal: on
//! PostgreSQL as a NOTIFY every server process hears (the relay), on SQLite delivered
//! in this process after the commit. Each open stream then reads the changed row again
//! under its viewer's current visibility.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use domain::clock::{now, start_of_day};
use domain::interactions::{AgentState, service_level};
use domain::{Actor, FieldErrors, Permission, Scope};
use serde::{Deserialize, Serialize};
use store::agent_states::LiveAgentRow;
use store::{Backend, Tx};
use tokio::sync::{OnceCell, broadcast};

use crate::Context;
use crate::access::require;
use crate::error::{AppError, AppResult};

/// What changed, for the boards of one company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signal {
    pub company_id: String,
    pub topic: Topic,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Topic {
    /// An agent's state (the user id).
    Agent(String),
    /// A queue's waiting calls or today's figures (the queue id).
    Queue(String),
    /// Who sees what changed (a group's members or supervisors): streams of the
    /// company check their viewer's access now rather than at the next other signal.
    Access,
    /// Signals may have been lost (the relay reconnected): boards should reload.
    Resync,
    /// The process is stopping: streams end.
    Shutdown,
}

impl Signal {
    pub fn agent(company_id: &str, user_id: &str) -> Signal {
        Signal {
            company_id: company_id.to_owned(),
            topic: Topic::Agent(user_id.to_owned()),
        }
    }

    pub fn queue(company_id: &str, queue_id: &str) -> Signal {
        Signal {
            company_id: company_id.to_owned(),
            topic: Topic::Queue(queue_id.to_owned()),
        }
    }

    pub fn access(company_id: &str) -> Signal {
        Signal {
            company_id: company_id.to_owned(),
            topic: Topic::Access,
        }
    }
}

/// A signal as this process's streams receive it, with what they may share: the
/// company's access stamp after the change, read once, and each reading of the changed
/// row, once per viewer scope (every stream of one viewer, say, reads it once).
#[derive(Clone)]
pub struct Event {
    pub signal: Signal,
    shared: Arc<Shared>,
}

/// Readings of the changed row by viewer scope and time zone.
type Reads = HashMap<(Scope, String), Arc<OnceCell<Read>>>;

#[derive(Default)]
struct Shared {
    stamp: OnceCell<i64>,
    reads: Mutex<Reads>,
}

/// The changed row as one scope (and time zone, for "today") reads it.
#[derive(Clone)]
enum Read {
    Agent(Option<LiveAgent>),
    Queues(Vec<LiveQueue>),
}

impl Event {
    pub fn new(signal: Signal) -> Event {
        Event {
            signal,
            shared: Arc::default(),
        }
    }

    async fn stamp(&self, ctx: &Context) -> AppResult<i64> {
        self.shared
            .stamp
            .get_or_try_init(|| async {
                let mut tx = ctx.pool.read().await?;
                Ok::<_, AppError>(
                    store::live::access_stamp(&mut tx, &self.signal.company_id).await?,
                )
            })
            .await
            .copied()
    }

    /// The changed row as `actor` sees it, read once for all streams of the same scope.
    async fn read(&self, ctx: &Context, actor: &Actor) -> AppResult<Read> {
        let cell = {
            let mut reads = self
                .shared
                .reads
                .lock()
                .map_err(|_| AppError::Internal("live read cache poisoned".into()))?;
            reads
                .entry((actor.scope(), actor.timezone.clone()))
                .or_default()
                .clone()
        };
        cell.get_or_try_init(|| async {
            let mut tx = ctx.pool.read().await?;
            Ok::<_, AppError>(match &self.signal.topic {
                Topic::Agent(id) => Read::Agent(agent(&mut tx, &actor.scope(), id).await?),
                Topic::Queue(id) => Read::Queues(queue_rows(&mut tx, actor, Some(id)).await?),
                Topic::Access | Topic::Resync | Topic::Shutdown => Read::Queues(Vec::new()),
            })
        })
        .await
        .cloned()
    }
}

/// This process's fan-out of signals to its open streams.
#[derive(Clone)]
pub struct Hub {
    sender: broadcast::Sender<Event>,
}

impl Default for Hub {
    fn default() -> Self {
        // Room for bursts; a stream that falls further behind reloads its boards.
        let (sender, _) = broadcast::channel(4096);
        Self { sender }
    }
}

impl Hub {
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.sender.subscribe()
    }

    /// Ends every open stream of this process (it is shutting down).
    pub fn end_streams(&self) {
        self.deliver(Signal {
            company_id: String::new(),
            topic: Topic::Shutdown,
        });
    }

    fn deliver(&self, signal: Signal) {
        // No receiver means no open stream: nothing to tell.
        let _ = self.sender.send(Event::new(signal));
    }
}

/// Commits `tx`, then tells every open board about `signals`.
pub async fn commit(ctx: &Context, mut tx: Tx, signals: Vec<Signal>) -> AppResult<()> {
    match tx.backend() {
        Backend::Postgres => {
            for signal in &signals {
                let payload =
                    serde_json::to_string(signal).map_err(|e| AppError::Internal(e.to_string()))?;
                store::live::notify(&mut tx, &payload).await?;
            }
            tx.commit().await?;
        }
        Backend::Sqlite => {
            tx.commit().await?;
            for signal in signals {
                ctx.live.deliver(signal);
            }
        }
    }
    Ok(())
}

/// On PostgreSQL, hands every process's signals to this process's streams for as long
/// as the process runs, reconnecting when the connection drops; nothing on SQLite.
pub fn start_relay(ctx: &Context) {
    if ctx.pool.backend() != Backend::Postgres {
        return;
    }
    let ctx = ctx.clone();
    tokio::spawn(async move {
        loop {
            match store::live::Listener::connect(&ctx.pool).await {
                Ok(Some(mut listener)) => relay(&ctx, &mut listener).await,
                Ok(None) => return,
                Err(error) => tracing::warn!(%error, "live relay cannot listen"),
            }
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    });
}

async fn relay(ctx: &Context, listener: &mut store::live::Listener) {
    loop {
        match listener.recv().await {
            Ok(Some(payload)) => match serde_json::from_str::<Signal>(&payload) {
                Ok(signal) => ctx.live.deliver(signal),
                Err(error) => tracing::warn!(%error, "unreadable live signal"),
            },
            Ok(None) => {
                // Reconnected: whatever was sent meanwhile is lost, so boards reload.
                ctx.live.deliver(Signal {
                    company_id: String::new(),
                    topic: Topic::Resync,
                });
            }
            Err(error) => {
                tracing::warn!(%error, "live relay lost its connection");
                return;
            }
        }
    }
}

/// A row of the live agent board.
#[derive(Debug, Clone)]
pub struct LiveAgent {
    pub row: LiveAgentRow,
    pub group_ids: Vec<String>,
}

impl LiveAgent {
    /// Whether the agent has been paused longer than their reason allows, at `at`.
    pub fn over_max(&self, at: domain::clock::Timestamp) -> bool {
        self.row.state == AgentState::Paused.key()
            && domain::pauses::over_max(self.row.since, at, self.row.max_minutes)
    }

    /// Tells whether a viewer already has this very row, without keeping a copy of it.
    fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        let row = &self.row;
        (&row.agent_id, &row.name, &row.state, &row.pause_reason).hash(&mut hasher);
        (&row.pause_reason_id, row.max_minutes).hash(&mut hasher);
        row.since.hash(&mut hasher);
        self.group_ids.hash(&mut hasher);
        hasher.finish()
    }
}

async fn with_groups(
    tx: &mut Tx,
    scope: &Scope,
    rows: Vec<LiveAgentRow>,
) -> AppResult<Vec<LiveAgent>> {
    let ids: Vec<String> = rows.iter().map(|r| r.agent_id.clone()).collect();
    let mut groups = store::users::group_ids_of(tx, scope.company_id(), &ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| LiveAgent {
            group_ids: groups.remove(&row.agent_id).unwrap_or_default(),
            row,
        })
        .collect())
}

/// The agent board: every agent with a state whom the viewer sees as a user.
pub async fn agents(ctx: &Context, actor: &Actor) -> AppResult<Vec<LiveAgent>> {
    require(actor, Permission::LIVE_VIEW)?;
    let mut tx = ctx.pool.read().await?;
    let scope = actor.scope();
    let rows = store::agent_states::live(&mut tx, &scope).await?;
    with_groups(&mut tx, &scope, rows).await
}

/// One agent's board row, if `scope` sees them.
async fn agent(tx: &mut Tx, scope: &Scope, user_id: &str) -> AppResult<Option<LiveAgent>> {
    let row = store::agent_states::live_one(tx, scope, user_id).await?;
    Ok(with_groups(tx, scope, row.into_iter().collect())
        .await?
        .pop())
}

/// The actor's own live state (for their workspace), `None` before they ever set one.
pub async fn own_state(ctx: &Context, actor: &Actor) -> AppResult<Option<LiveAgent>> {
    let mut tx = ctx.pool.read().await?;
    agent(&mut tx, &actor.scope().widened(), &actor.user_id).await
}

/// What an agent's own state form offers: the state in force and whether they may
/// pick the call states themselves.
#[derive(Debug, Clone)]
pub struct MyState {
    /// `None` before they ever set one.
    pub agent: Option<LiveAgent>,
    /// Whether "On a call" and "After-call work" are theirs to pick: the company allows
    /// it, or they set others' states anyway (`live.manage`).
    pub call_states_by_hand: bool,
    /// The company's pause reasons to pick from; none means a pause says why in text.
    pub reasons: Vec<store::pause_reasons::PauseReasonRow>,
}

/// The actor's own state form, for their home and their workspace alike.
pub async fn my_state(ctx: &Context, actor: &Actor) -> AppResult<MyState> {
    let agent = own_state(ctx, actor).await?;
    let mut tx = ctx.pool.read().await?;
    let call_states_by_hand = actor.can(Permission::LIVE_MANAGE)
        || crate::kpi::manual_call_states(&mut tx, &actor.company_id).await?;
    let reasons = store::pause_reasons::active(&mut tx, &actor.company_id).await?;
    Ok(MyState {
        agent,
        call_states_by_hand,
        reasons,
    })
}

/// The state asked for: a pause names a configured reason (`pause_reason_id`), or,
/// where the company configured none, says why in free text.
#[derive(Debug, Clone, Copy)]
pub struct NewState<'a> {
    pub state: AgentState,
    pub pause_reason_id: Option<&'a str>,
    pub reason: Option<&'a str>,
}

impl NewState<'_> {
    pub fn plain(state: AgentState) -> NewState<'static> {
        NewState {
            state,
            pause_reason_id: None,
            reason: None,
        }
    }
}

/// Sets an agent's live state: their own (with the workspace), or another's that the
/// actor sees (`live.manage`: supervisors, the telephony platform). Once the company
/// configured pause reasons, an agent pausing themself picks one; a pause set for
/// someone else may go without (the telephony platform pauses with no reason to give).
/// Other states clear the reason.
pub async fn set_state(
    ctx: &Context,
    actor: &Actor,
    user_id: &str,
    new: NewState<'_>,
) -> AppResult<LiveAgent> {
    let own = user_id == actor.user_id;
    if !(actor.can(Permission::LIVE_MANAGE) || own && actor.can(Permission::WORKSPACE_USE)) {
        return Err(AppError::Forbidden(Permission::LIVE_MANAGE.key()));
    }
    let text = new.reason.map(str::trim).unwrap_or_default();
    if text.chars().count() > domain::interactions::MAX_SHORT_TEXT {
        return Err(FieldErrors::single("reason", "too_long").into());
    }
    // Users one sees, and always oneself (a supervisor is seldom in their own groups).
    let scope = if own {
        actor.scope().widened()
    } else {
        actor.scope()
    };
    let mut tx = ctx.pool.write().await?;
    if !actor.can(Permission::LIVE_MANAGE) && new.state.set_by_telephony() {
        crate::kpi::check_manual_call_state(&mut tx, actor).await?;
    }
    let target = store::users::get(&mut tx, &scope, user_id)
        .await?
        .filter(|u| u.active)
        .ok_or(AppError::NotFound)?;
    let reason = if new.state != AgentState::Paused {
        store::agent_states::PauseReason::default()
    } else if own || new.pause_reason_id.is_some_and(|id| !id.is_empty()) {
        crate::pause_reasons::for_pause(&mut tx, &target.company_id, new.pause_reason_id, text)
            .await?
    } else {
        store::agent_states::PauseReason {
            label: text.to_owned(),
            ..Default::default()
        }
    };
    let changed = store::agent_states::set(
        &mut tx,
        &target.company_id,
        &target.id,
        new.state.key(),
        &reason,
        now(),
    )
    .await?;
    let agent = agent(&mut tx, &scope, &target.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let signals = if changed {
        vec![Signal::agent(&target.company_id, &target.id)]
    } else {
        Vec::new()
    };
    commit(ctx, tx, signals).await?;
    Ok(agent)
}

/// Puts offline the agents among `user_ids` (or anyone, `None`) left without a session,
/// inside the caller's transaction; answers the signals to commit with it.
pub async fn offline_without_sessions(
    tx: &mut Tx,
    user_ids: Option<&[String]>,
) -> AppResult<Vec<Signal>> {
    Ok(
        store::agent_states::offline_without_sessions(tx, user_ids, now())
            .await?
            .into_iter()
            .map(|(company, user)| Signal::agent(&company, &user))
            .collect(),
    )
}

/// A row of the live queue board.
#[derive(Debug, Clone)]
pub struct LiveQueue {
    pub queue_id: String,
    pub name: String,
    pub waiting: i64,
    pub longest_wait_seconds: i64,
    /// Today, in the viewer's time zone.
    pub answered: i64,
    pub abandoned: i64,
    /// Percentage of today's offered calls answered within the threshold.
    pub service_level: Option<f64>,
    pub service_level_seconds: i64,
}

/// The queue board: the queues whose figures the viewer's scope reaches.
pub async fn queues(ctx: &Context, actor: &Actor) -> AppResult<Vec<LiveQueue>> {
    require(actor, Permission::LIVE_VIEW)?;
    let mut tx = ctx.pool.read().await?;
    queue_rows(&mut tx, actor, None).await
}

pub(crate) async fn queue_rows(
    tx: &mut Tx,
    actor: &Actor,
    only: Option<&str>,
) -> AppResult<Vec<LiveQueue>> {
    let at = now();
    let queues = store::queue_stats::watched(tx, &actor.scope(), only).await?;
    let thresholds = thresholds(&queues);
    let ids: Vec<String> = queues.iter().map(|q| q.id.clone()).collect();
    let waiting: HashMap<String, store::queue_stats::Waiting> =
        store::queue_stats::waiting(tx, &actor.company_id, &ids)
            .await?
            .into_iter()
            .map(|w| (w.queue_id.clone(), w))
            .collect();
    let today = store::reports::ReportFilter {
        from: start_of_day(at, &actor.timezone),
        to: at + chrono::Duration::days(1),
        project_id: None,
        group_id: None,
        queue_id: None,
    };
    let offered: HashMap<String, store::reports::QueueRange> =
        store::reports::queues_in_range(tx, &actor.company_id, &thresholds, &today)
            .await?
            .into_iter()
            .map(|o| (o.queue_id.clone(), o))
            .collect();
    Ok(queues
        .into_iter()
        .zip(thresholds)
        .map(|(queue, (_, seconds))| {
            let waits = waiting.get(&queue.id);
            let today = offered.get(&queue.id);
            let (answered, abandoned, in_time) =
                today.map_or((0, 0, 0), |o| (o.answered, o.abandoned, o.in_time));
            LiveQueue {
                waiting: waits.map_or(0, |w| w.waiting),
                longest_wait_seconds: waits
                    .and_then(|w| w.oldest)
                    .map_or(0, |oldest| (at - oldest).num_seconds().max(0)),
                answered,
                abandoned,
                service_level: service_level(in_time, answered + abandoned),
                service_level_seconds: seconds,
                queue_id: queue.id,
                name: queue.name,
            }
        })
        .collect())
}

/// Each queue's service-level threshold in seconds, read from its stored fields as the
/// queue kind defines them (and defaults them).
pub(crate) fn thresholds(queues: &[store::queue_stats::WatchedQueue]) -> Vec<(String, i64)> {
    queues
        .iter()
        .map(|q| {
            let fields: Option<domain::objects::Queue> = serde_json::from_str(&q.data).ok();
            let seconds = fields.map_or(domain::objects::DEFAULT_SERVICE_LEVEL_SECONDS, |f| {
                f.service_level_seconds
            });
            (q.id.clone(), i64::from(seconds))
        })
        .collect()
}

/// What an open stream sends its viewer.
#[derive(Debug, Clone)]
pub enum Update {
    Agent(LiveAgent),
    /// An agent the viewer was shown and may no longer see.
    AgentGone(String),
    Queue(LiveQueue),
    /// The viewer's access changed or signals were lost: the boards start over (the
    /// rows that follow are all there is).
    Reset,
    /// The viewer may no longer watch (signed out, blocked, permission removed).
    Closed,
}

/// One open live stream: its viewer's credentials, and their actor as of the
/// company's last audited change.
pub struct Viewer {
    token: String,
    actor: Actor,
    stamp: i64,
    /// The agents the viewer is shown, each with a fingerprint of the row they have.
    shown: HashMap<String, u64>,
}

impl Viewer {
    pub async fn open(ctx: &Context, token: String, actor: Actor) -> AppResult<Viewer> {
        require(&actor, Permission::LIVE_VIEW)?;
        let mut tx = ctx.pool.read().await?;
        let stamp = store::live::access_stamp(&mut tx, &actor.company_id).await?;
        Ok(Viewer {
            token,
            actor,
            stamp,
            shown: HashMap::new(),
        })
    }

    /// Reads the viewer's access again (a session ends without an audited change):
    /// `Closed` when they may no longer watch, a reset when their scope changed.
    pub async fn recheck(&mut self, ctx: &Context) -> AppResult<Vec<Update>> {
        match crate::sessions::resolve(ctx, &self.token).await? {
            Some(actor) if actor.can(Permission::LIVE_VIEW) => {
                let changed = actor.scope() != self.actor.scope();
                self.actor = actor;
                if changed {
                    self.reset(ctx).await
                } else {
                    Ok(Vec::new())
                }
            }
            _ => Ok(vec![Update::Closed]),
        }
    }

    /// Both boards as the viewer sees them now: what a stream starts with, and what
    /// follows a reset.
    pub async fn snapshot(&mut self, ctx: &Context) -> AppResult<Vec<Update>> {
        let agents = agents(ctx, &self.actor).await?;
        let queues = queues(ctx, &self.actor).await?;
        self.shown = agents
            .iter()
            .map(|a| (a.row.agent_id.clone(), a.fingerprint()))
            .collect();
        Ok(agents
            .into_iter()
            .map(Update::Agent)
            .chain(queues.into_iter().map(Update::Queue))
            .collect())
    }

    async fn reset(&mut self, ctx: &Context) -> AppResult<Vec<Update>> {
        let mut updates = vec![Update::Reset];
        updates.extend(self.snapshot(ctx).await?);
        Ok(updates)
    }

    /// What the viewer is to be sent about `signal`, read under their visibility as it
    /// is now: a change to who sees what since the last signal is applied first.
    pub async fn updates(&mut self, ctx: &Context, event: &Event) -> AppResult<Vec<Update>> {
        let signal = &event.signal;
        match signal.topic {
            Topic::Resync => return self.reset(ctx).await,
            Topic::Shutdown => return Ok(vec![Update::Closed]),
            Topic::Agent(_) | Topic::Queue(_) | Topic::Access => {}
        }
        if signal.company_id != self.actor.company_id {
            return Ok(Vec::new());
        }
        let stamp = event.stamp(ctx).await?;
        if stamp != self.stamp {
            let mut tx = ctx.pool.read().await?;
            let changed =
                store::live::access_changed_since(&mut tx, &self.actor.company_id, self.stamp)
                    .await?;
            drop(tx);
            self.stamp = stamp;
            if changed {
                let recheck = self.recheck(ctx).await?;
                if recheck.iter().any(|u| matches!(u, Update::Closed)) {
                    return Ok(recheck);
                }
                // Group and queue memberships change what a scope reaches without
                // changing the scope itself: the boards start over either way.
                return self.reset(ctx).await;
            }
        }
        let mut updates = Vec::new();
        match (event.read(ctx, &self.actor).await?, &signal.topic) {
            (Read::Agent(Some(row)), Topic::Agent(id)) => {
                // On PostgreSQL the signal of a change committed just before the stream
                // opened can arrive after its first board, which already has the row.
                let fingerprint = row.fingerprint();
                if self.shown.insert(id.clone(), fingerprint) != Some(fingerprint) {
                    updates.push(Update::Agent(row));
                }
            }
            (Read::Agent(None), Topic::Agent(id)) if self.shown.remove(id).is_some() => {
                updates.push(Update::AgentGone(id.clone()));
            }
            (Read::Queues(rows), _) => updates.extend(rows.into_iter().map(Update::Queue)),
            _ => {}
        }
        Ok(updates)
    }
}
