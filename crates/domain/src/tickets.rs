//! Support tickets: an operator reports a problem to the company's administrators, who
//! answer and close it; both sides write in one thread.

use crate::actor::Actor;
use crate::permissions::Permission;
use crate::validation::FieldErrors;

/// Longest subject, in characters.
pub const SUBJECT_MAX: usize = 200;
/// Longest text of a ticket or a reply, in characters.
pub const BODY_MAX: usize = 10_000;
/// Longest page address a ticket remembers, in characters.
pub const PAGE_MAX: usize = 2_000;

/// The permission that makes a user one of "the company's administrators" for tickets:
/// the one behind the company's general settings (Admin, Manager and Owner hold it).
pub const ADMINISTER: Permission = Permission::COMPANY_SETTINGS;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Waiting for an administrator: new, or the author wrote last.
    Open,
    /// An administrator wrote last.
    Answered,
    Closed,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Open, Status::Answered, Status::Closed];

    pub fn key(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Answered => "answered",
            Status::Closed => "closed",
        }
    }

    pub fn parse(key: &str) -> Option<Status> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The status after a reply: the author's reply waits for the administrators again,
    /// anyone else's (an administrator's) answers it. A reply to a closed ticket
    /// reopens it the same way: the thread goes on rather than being refused.
    pub fn after_reply(by_author: bool) -> Status {
        if by_author {
            Status::Open
        } else {
            Status::Answered
        }
    }
}

/// Which tickets an actor reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Every ticket of the company: its administrators.
    Company,
    /// The tickets the actor opened.
    Own,
}

impl Reach {
    /// `None` when the actor may neither open tickets nor administer them.
    pub fn of(actor: &Actor) -> Option<Reach> {
        if actor.can(ADMINISTER) {
            Some(Reach::Company)
        } else if actor.can(Permission::TICKETS_CREATE) {
            Some(Reach::Own)
        } else {
            None
        }
    }
}

/// A ticket as its author wrote it, cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub subject: String,
    pub body: String,
    /// The page of this site it was opened from (a path), or empty.
    pub page: String,
}

fn text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.add(field, "required");
    } else if value.chars().count() > max {
        errors.add(field, "too_long");
    }
    value.to_owned()
}

/// A page address worth keeping: a path on this site (`/cases/…?…`), never a link
/// elsewhere (`//host`, `https://…`) or one carrying control characters.
fn page(errors: &mut FieldErrors, value: &str) -> String {
    let value = value.trim();
    if value.is_empty() {
        return String::new();
    }
    let local = value.starts_with('/') && !value.starts_with("//") && !value.starts_with("/\\");
    if !local || value.chars().any(char::is_control) {
        errors.add("page", "invalid");
    } else if value.chars().count() > PAGE_MAX {
        errors.add("page", "too_long");
    }
    value.to_owned()
}

impl Draft {
    /// Subject and text are required and bounded; the page is optional.
    pub fn clean(subject: &str, body: &str, page_path: &str) -> Result<Draft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let subject = text(&mut errors, "subject", subject, SUBJECT_MAX);
        let body = text(&mut errors, "body", body, BODY_MAX);
        let page = page(&mut errors, page_path);
        errors.into_result()?;
        Ok(Draft {
            subject,
            body,
            page,
        })
    }
}

/// A reply's text: required and bounded like a ticket's.
pub fn clean_reply(body: &str) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::new();
    let body = text(&mut errors, "body", body, BODY_MAX);
    errors.into_result()?;
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_need_a_subject_and_a_text_within_bounds() {
        let draft = Draft::clean("  Softphone  ", " No tone ", " /cases/1?x=2 ").unwrap();
        assert_eq!(draft.subject, "Softphone");
        assert_eq!(draft.body, "No tone");
        assert_eq!(draft.page, "/cases/1?x=2");
        let errors = Draft::clean(" ", "", "").unwrap_err();
        assert_eq!(errors.0["subject"], "required");
        assert_eq!(errors.0["body"], "required");
        let long = "x".repeat(SUBJECT_MAX + 1);
        assert_eq!(
            Draft::clean(&long, "b", "").unwrap_err().0["subject"],
            "too_long"
        );
        assert!(Draft::clean(&"é".repeat(SUBJECT_MAX), "b", "").is_ok());
        assert_eq!(
            clean_reply(&"x".repeat(BODY_MAX + 1)).unwrap_err().0["body"],
            "too_long"
        );
        assert_eq!(clean_reply("  ").unwrap_err().0["body"], "required");
    }

    #[test]
    fn the_page_is_a_path_of_this_site() {
        for bad in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil",
            "javascript:alert(1)",
            "/a\nb",
        ] {
            assert_eq!(
                Draft::clean("s", "b", bad).unwrap_err().0["page"],
                "invalid",
                "{bad}"
            );
        }
        assert_eq!(Draft::clean("s", "b", "").unwrap().page, "");
    }

    #[test]
    fn replies_move_the_status_by_who_wrote() {
        assert_eq!(Status::after_reply(true), Status::Open);
        assert_eq!(Status::after_reply(false), Status::Answered);
        for status in Status::ALL {
            assert_eq!(Status::parse(status.key()), Some(status));
        }
        assert_eq!(Status::parse("pending"), None);
    }
}
