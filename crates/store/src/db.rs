//! The connection pool for SQLite or PostgreSQL and the one query path both share.
//!
//! Queries are written once in portable SQL with `?` placeholders; this module is the
//! only place that knows how each backend spells placeholders and opens transactions.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgRow};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{AssertSqlSafe, ConnectOptions, Connection, FromRow, Postgres, Sqlite, Transaction};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::StoreError;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, Clone)]
pub enum Pool {
    /// The readers, and the one writer.
    Sqlite(SqlitePool, SqliteWriter),
    Postgres(PgPool),
}

/// SQLite lets one transaction write at a time. Its own wait for the lock (the busy
/// handler) sleeps and retries, so under load a writer could wait seconds while later
/// ones went first. Writers instead queue here, in arrival order, for the one
/// connection that writes.
#[derive(Debug, Clone)]
pub struct SqliteWriter {
    connection: SqlitePool,
    turn: Arc<Semaphore>,
}

/// How long a write waits for its turn before giving up, as SQLite's busy timeout
/// did: only a stuck writer makes anyone wait this long.
const WRITER_WAIT: Duration = Duration::from_secs(30);

/// Pool sizing; the defaults suit one server process on a small machine.
#[derive(Debug, Clone, Copy)]
pub struct PoolOptions {
    pub max_connections: u32,
    /// SQLite's page cache of the writing connection, in MB (ignored on PostgreSQL).
    /// Bulk moves and imports touch tens of MB of pages, which would otherwise spill
    /// mid-write.
    pub sqlite_cache_mb: u32,
    /// SQLite's page cache of each reading connection, in MB. Reads of hot pages hit
    /// the operating system's cache anyway; a large cache per reader only multiplies
    /// the server's memory.
    pub sqlite_reader_cache_mb: u32,
}

impl Default for PoolOptions {
    fn default() -> Self {
        Self {
            max_connections: 16,
            sqlite_cache_mb: 32,
            sqlite_reader_cache_mb: 4,
        }
    }
}

impl Pool {
    /// Opens `sqlite://…` (created if missing) or `postgres://…`.
    pub async fn connect(url: &str, options: PoolOptions) -> Result<Pool, StoreError> {
        if url.starts_with("sqlite:") {
            // FULL: a commit is on disk before it is acknowledged, even across power loss.
            let connect = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                // Other processes (a `generate` or `admin` command) still meet the
                // writer through SQLite's lock.
                .busy_timeout(Duration::from_secs(10))
                // Multi-row statements inside a transaction keep a statement journal
                // of the pages they touch; in memory, not a temporary file.
                .pragma("temp_store", "memory")
                // A large import's terms go through the WAL as one transaction (about
                // 1 GB for a million rows); once checkpointed, the file shrinks back to
                // this instead of keeping that size for the life of the process.
                .pragma("journal_size_limit", (64 * 1024 * 1024).to_string());
            let cache = |mb: u32| format!("-{}", u64::from(mb) * 1024);
            // A connection to a local file does not go stale: no ping before each use
            // (on the reader pool, a third of a cached read's round trips to SQLite's
            // worker thread).
            let writer = SqlitePoolOptions::new()
                .max_connections(1)
                .test_before_acquire(false)
                .connect_with(
                    connect
                        .clone()
                        .pragma("cache_size", cache(options.sqlite_cache_mb))
                        .pragma(
                            "wal_autocheckpoint",
                            crate::wal_checkpoints::WRITER_BACKSTOP_PAGES.to_string(),
                        ),
                )
                .await?;
            let readers = SqlitePoolOptions::new()
                .max_connections(options.max_connections)
                .test_before_acquire(false)
                .connect_with(
                    connect
                        .clone()
                        .pragma("cache_size", cache(options.sqlite_reader_cache_mb)),
                )
                .await?;
            let writer = SqliteWriter {
                connection: writer,
                turn: Arc::new(Semaphore::new(1)),
            };
            crate::wal_checkpoints::spawn(connect, &writer.turn);
            Ok(Pool::Sqlite(readers, writer))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let connect = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(options.max_connections)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(connect)
                .await?;
            Ok(Pool::Postgres(pool))
        } else {
            Err(StoreError::UnsupportedUrl)
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Pool::Sqlite(..) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the forward-only migrations of this backend.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self {
            Pool::Sqlite(_, writer) => SQLITE_MIGRATIONS.run(&writer.connection).await?,
            Pool::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    /// A read transaction: one consistent snapshot, rolled back when dropped.
    pub async fn read(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            Pool::Sqlite(readers, _) => Tx::Sqlite(readers.begin().await?, None),
            Pool::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// A write transaction. On SQLite it waits its turn for the writing connection,
    /// first come first served, and takes SQLite's write lock up front (`BEGIN
    /// IMMEDIATE`), so it cannot fail later upgrading a read lock.
    pub async fn write(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            Pool::Sqlite(_, writer) => {
                let turn = tokio::time::timeout(WRITER_WAIT, writer.turn.clone().acquire_owned())
                    .await
                    .map_err(|_| StoreError::WriterBusy)?
                    .map_err(|_| StoreError::WriterBusy)?;
                let tx = writer.connection.begin_with("BEGIN IMMEDIATE").await?;
                Tx::Sqlite(tx, Some(turn))
            }
            Pool::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Readiness: a round trip to the database.
    pub async fn ping(&self) -> Result<(), StoreError> {
        match self {
            Pool::Sqlite(readers, _) => readers.acquire().await?.ping().await?,
            Pool::Postgres(pool) => pool.acquire().await?.ping().await?,
        }
        Ok(())
    }

    pub async fn close(&self) {
        match self {
            Pool::Sqlite(readers, writer) => {
                readers.close().await;
                writer.connection.close().await;
                // Also ends the checkpoint task.
                writer.turn.close();
            }
            Pool::Postgres(pool) => pool.close().await,
        }
    }
}

/// Creates an empty PostgreSQL database next to the one `admin_url` points at and
/// answers its URL; the test harness gives each test its own.
pub async fn create_postgres_database(admin_url: &str, name: &str) -> Result<String, StoreError> {
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(StoreError::UnsupportedUrl);
    }
    let options = PgConnectOptions::from_str(admin_url)?;
    let mut conn = options.connect().await?;
    sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    let (base, _) = admin_url
        .rsplit_once('/')
        .ok_or(StoreError::UnsupportedUrl)?;
    Ok(format!("{base}/{name}"))
}

/// A row type both backends can decode.
pub trait Record:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

impl<T> Record for T where
    T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

/// A value bound to a placeholder.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(Option<String>),
    Int(Option<i64>),
    Float(Option<f64>),
    Bool(Option<bool>),
    Time(Option<DateTime<Utc>>),
}

macro_rules! arg_from {
    ($variant:ident, $ty:ty) => {
        impl From<$ty> for Arg {
            fn from(value: $ty) -> Self {
                Arg::$variant(Some(value.into()))
            }
        }
        impl From<Option<$ty>> for Arg {
            fn from(value: Option<$ty>) -> Self {
                Arg::$variant(value.map(Into::into))
            }
        }
    };
}

arg_from!(Text, String);
arg_from!(Text, &str);
arg_from!(Text, &String);
arg_from!(Int, i64);
arg_from!(Int, i32);
arg_from!(Int, u32);
arg_from!(Float, f64);
arg_from!(Bool, bool);
arg_from!(Time, DateTime<Utc>);

/// Portable SQL: `?` placeholders and their values, rendered per backend when run.
#[derive(Debug, Clone, Default)]
pub struct Sql {
    text: String,
    args: Vec<Arg>,
}

impl Sql {
    pub fn new(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            args: Vec::new(),
        }
    }

    /// Binds the next `?`.
    pub fn arg(mut self, value: impl Into<Arg>) -> Self {
        self.args.push(value.into());
        self
    }

    /// Appends a fragment; its `?` are bound by the `arg` calls that follow.
    pub fn push(mut self, text: &str) -> Self {
        self.text.push_str(text);
        self
    }

    /// Appends another fragment with its arguments.
    pub fn extend(mut self, other: Sql) -> Self {
        self.text.push_str(&other.text);
        self.args.extend(other.args);
        self
    }

    /// Appends `?, ?, …` for each value (for `IN (…)`); an empty list renders `NULL`,
    /// which matches nothing.
    pub fn push_list<V: Into<Arg>>(mut self, values: impl IntoIterator<Item = V>) -> Self {
        let before = self.args.len();
        for (i, value) in values.into_iter().enumerate() {
            self.text.push_str(if i == 0 { "?" } else { ", ?" });
            self.args.push(value.into());
        }
        if self.args.len() == before {
            self.text.push_str("NULL");
        }
        self
    }

    fn render(&self, backend: Backend) -> String {
        debug_assert_eq!(
            self.text.matches('?').count(),
            self.args.len(),
            "placeholders and arguments differ in: {}",
            self.text
        );
        match backend {
            Backend::Sqlite => self.text.clone(),
            Backend::Postgres => {
                let mut out = String::with_capacity(self.text.len() + 8);
                let mut n = 0;
                for c in self.text.chars() {
                    if c == '?' {
                        n += 1;
                        out.push('$');
                        out.push_str(&n.to_string());
                    } else {
                        out.push(c);
                    }
                }
                out
            }
        }
    }
}

macro_rules! bind_args {
    ($query:expr, $args:expr) => {{
        let mut query = $query;
        for arg in $args {
            query = match arg {
                Arg::Text(v) => query.bind(v),
                Arg::Int(v) => query.bind(v),
                Arg::Float(v) => query.bind(v),
                Arg::Bool(v) => query.bind(v),
                Arg::Time(v) => query.bind(v),
            };
        }
        query
    }};
}

impl Pool {
    /// One read outside any transaction: a single statement, without the `BEGIN` and
    /// `ROLLBACK` round trips of [`Pool::read`]. For the checks every request makes.
    pub async fn fetch_optional<T: Record>(&self, sql: Sql) -> Result<Option<T>, StoreError> {
        let text = AssertSqlSafe(sql.render(self.backend()));
        Ok(match self {
            Pool::Sqlite(readers, _) => {
                bind_args!(sqlx::query_as::<_, T>(text), sql.args)
                    .fetch_optional(readers)
                    .await?
            }
            Pool::Postgres(pool) => {
                bind_args!(sqlx::query_as::<_, T>(text), sql.args)
                    .fetch_optional(pool)
                    .await?
            }
        })
    }
}

/// A transaction on either backend. Every storage function takes one.
pub enum Tx {
    /// A SQLite write transaction holds the writer's turn until it ends. The turn is
    /// declared after the transaction, so it is released after it: a rollback on drop
    /// runs on the writing connection before the next writer's `BEGIN`.
    Sqlite(Transaction<'static, Sqlite>, Option<OwnedSemaphorePermit>),
    Postgres(Transaction<'static, Postgres>),
}

impl Tx {
    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(..) => Backend::Sqlite,
            Tx::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn fetch_all<T: Record>(&mut self, sql: Sql) -> Result<Vec<T>, StoreError> {
        let text = AssertSqlSafe(sql.render(self.backend()));
        Ok(match self {
            Tx::Sqlite(tx, _) => {
                bind_args!(sqlx::query_as::<_, T>(text), sql.args)
                    .fetch_all(&mut **tx)
                    .await?
            }
            Tx::Postgres(tx) => {
                bind_args!(sqlx::query_as::<_, T>(text), sql.args)
                    .fetch_all(&mut **tx)
                    .await?
            }
        })
    }

    pub async fn fetch_optional<T: Record>(&mut self, sql: Sql) -> Result<Option<T>, StoreError> {
        let text = AssertSqlSafe(sql.render(self.backend()));
        Ok(match self {
            Tx::Sqlite(tx, _) => {
                bind_args!(sqlx::query_as::<_, T>(text), sql.args)
                    .fetch_optional(&mut **tx)
                    .await?
            }
            Tx::Postgres(tx) => {
                bind_args!(sqlx::query_as::<_, T>(text), sql.args)
                    .fetch_optional(&mut **tx)
                    .await?
            }
        })
    }

    /// A single number, such as a `COUNT(*)`.
    pub async fn fetch_count(&mut self, sql: Sql) -> Result<i64, StoreError> {
        let row: Option<(i64,)> = self.fetch_optional(sql).await?;
        Ok(row.map_or(0, |(n,)| n))
    }

    /// Runs a statement and answers how many rows it touched.
    pub async fn execute(&mut self, sql: Sql) -> Result<u64, StoreError> {
        let text = AssertSqlSafe(sql.render(self.backend()));
        Ok(match self {
            Tx::Sqlite(tx, _) => bind_args!(sqlx::query(text), sql.args)
                .execute(&mut **tx)
                .await?
                .rows_affected(),
            Tx::Postgres(tx) => bind_args!(sqlx::query(text), sql.args)
                .execute(&mut **tx)
                .await?
                .rows_affected(),
        })
    }

    /// Streams `data` (rows in COPY's text format) through `statement`, a
    /// `COPY … FROM STDIN`; answers how many rows landed. PostgreSQL only: SQLite has
    /// no such path and answers `None`.
    pub async fn copy_in(
        &mut self,
        statement: &str,
        data: impl IntoIterator<Item = Vec<u8>>,
    ) -> Result<Option<u64>, StoreError> {
        let Tx::Postgres(tx) = self else {
            return Ok(None);
        };
        let mut copy = tx.copy_in_raw(statement).await?;
        for chunk in data {
            if let Err(error) = copy.send(chunk).await {
                // The server has already refused the data; end the copy so the
                // connection stays usable for the rollback.
                let _ = copy.abort(error.to_string()).await;
                return Err(error.into());
            }
        }
        Ok(Some(copy.finish().await?))
    }

    pub async fn commit(self) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(tx, _turn) => tx.commit().await?,
            Tx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
pub fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_render_per_backend() {
        let sql = Sql::new("SELECT 1 WHERE a = ? AND b IN (")
            .arg("x")
            .push_list(["y", "z"])
            .push(")");
        assert_eq!(
            sql.render(Backend::Sqlite),
            "SELECT 1 WHERE a = ? AND b IN (?, ?)"
        );
        assert_eq!(
            sql.render(Backend::Postgres),
            "SELECT 1 WHERE a = $1 AND b IN ($2, $3)"
        );
        let empty = Sql::new("x IN (").push_list(Vec::<String>::new()).push(")");
        assert_eq!(empty.render(Backend::Postgres), "x IN (NULL)");
    }
}
