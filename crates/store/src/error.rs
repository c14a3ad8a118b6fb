//! Storage failures, classified so callers can map them to conflicts.

use sqlx::error::ErrorKind;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint refused the write; holds the constraint (PostgreSQL) or the
    /// message naming the columns (SQLite).
    #[error("unique constraint violated: {0}")]
    Unique(String),
    #[error("foreign key constraint violated: {0}")]
    ForeignKey(String),
    #[error("database error: {0}")]
    Database(sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("the database URL must start with sqlite: or postgres:")]
    UnsupportedUrl,
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// A write waited longer than it should ever have to for SQLite's one writer.
    #[error("the database's writer stayed busy too long")]
    WriterBusy,
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &error {
            let what = db.constraint().unwrap_or(db.message()).to_owned();
            match db.kind() {
                ErrorKind::UniqueViolation => return StoreError::Unique(what),
                ErrorKind::ForeignKeyViolation => return StoreError::ForeignKey(what),
                _ => {}
            }
        }
        StoreError::Database(error)
    }
}
