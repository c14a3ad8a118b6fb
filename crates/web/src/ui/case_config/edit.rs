//! The create / save / delete handlers every list of the page shares, parameterised
//! by [`PageList`]: which section and lines it is, how its forms read into the app's
//! input, which confirmation a delete or retirement asks first.

use std::future::Future;

use app::AppError;
use app::case_config::EditableList;
use app::case_config::editable;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::Actor;

use super::{Failure, render};
use crate::csrf::CsrfForm;
use crate::extract::CurrentActor;
use crate::state::AppState;
use crate::ui::common::Fields;
use crate::ui::confirm;
use crate::ui::layout::Page;

/// One list of the case configuration page.
pub trait PageList: EditableList {
    /// The section it shows in, after `#section-`: `statuses`.
    const SECTION: &'static str;
    /// What its line forms are called before the id: `status` makes `status-KEY`,
    /// and the new one's form `new-status`.
    const LINE: &'static str;
    /// What a delete says when done: `deleted`, or `removed`.
    const DELETED: &'static str = "deleted";
    /// What retiring says when done, for lists whose lines have a retire / reactivate
    /// button (posting `active`); `None` where they have none.
    const RETIRED: Option<&'static str> = None;

    /// The "new …" form read into the app's input; a refusal shows on that form.
    fn create_input(
        state: &AppState,
        actor: &Actor,
        fields: &Fields,
    ) -> impl Future<Output = Result<Self::Input, AppError>> + Send;

    /// What follows a create on the page (a field: the statuses that require it).
    fn created(
        _state: &AppState,
        _actor: &Actor,
        _item: &Self::Item,
        _fields: &Fields,
    ) -> impl Future<Output = Result<(), AppError>> + Send {
        async { Ok(()) }
    }

    /// A line's edit form (or its retire / reactivate button, `active` posted) read
    /// into the app's input.
    fn save_input(
        state: &AppState,
        actor: &Actor,
        id: &str,
        fields: &Fields,
        active: Option<bool>,
    ) -> impl Future<Output = Result<Self::Input, AppError>> + Send;

    /// What follows a save on the page (a field: the statuses that require it).
    fn saved(
        _state: &AppState,
        _actor: &Actor,
        _item: &Self::Item,
        _fields: &Fields,
    ) -> impl Future<Output = Result<(), AppError>> + Send {
        async { Ok(()) }
    }

    /// What a delete is told besides the id (a status: where its cases go).
    fn delete_with(fields: &Fields) -> Self::DeleteWith;

    /// The confirmation a delete (or, `retire`, a retirement at `version`) asks first.
    fn ask(
        state: &AppState,
        actor: &Actor,
        page: Page,
        id: &str,
        retire: bool,
        version: Option<i64>,
    ) -> impl Future<Output = Response> + Send;
}

/// After a form: back to its section on success (redirect after post), else the page
/// again with the problem next to the form.
async fn finish(
    state: &AppState,
    actor: &Actor,
    page: Page,
    result: Result<&'static str, AppError>,
    section: &str,
    failure: impl FnOnce(AppError) -> Failure,
) -> Response {
    match result {
        Ok(done) => {
            Redirect::to(&format!("/case-config?done={done}#section-{section}")).into_response()
        }
        Err(error) => render(state, actor, page, None, Some(failure(error))).await,
    }
}

/// A refusal of the form `form` about `subject`, showing what was posted again.
fn refused(
    form: String,
    subject: Option<&str>,
    posted: Option<Fields>,
) -> impl FnOnce(AppError) -> Failure + use<> {
    let subject = subject.map(str::to_owned);
    move |error| Failure {
        form,
        subject,
        error,
        posted,
    }
}

/// What a line's save says: `saved` for its edit form; for its retire / reactivate
/// button (`active` posted), `reactivated` or `retired`. A refusal is shown at the
/// form it came from (`{line}` or `{line}-toggle`), the edit form refilled.
fn line_saved(
    line: &str,
    subject: &str,
    active: Option<bool>,
    retired: &'static str,
    fields: Fields,
) -> (&'static str, impl FnOnce(AppError) -> Failure + use<>) {
    match active {
        Some(active) => (
            if active { "reactivated" } else { retired },
            refused(format!("{line}-toggle"), Some(subject), None),
        ),
        None => (
            "saved",
            refused(line.to_owned(), Some(subject), Some(fields)),
        ),
    }
}

/// `POST /case-config/{list}`: a new entry.
pub async fn create<K: PageList>(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let created = async {
        let input = K::create_input(&state, &actor, &fields).await?;
        editable::create::<K>(&state.ctx, &actor, input).await
    };
    let item = match created.await {
        Ok(item) => item,
        Err(error) => {
            let failure = refused(format!("new-{}", K::LINE), None, Some(fields));
            return finish(&state, &actor, page, Err(error), K::SECTION, failure).await;
        }
    };
    // The entry exists now: what follows is refused on its own line, so trying
    // again does not add it twice.
    let result = K::created(&state, &actor, &item, &fields)
        .await
        .map(|()| "created");
    let id = K::id(&item);
    let failure = refused(format!("{}-{id}", K::LINE), Some(id), None);
    finish(&state, &actor, page, result, K::SECTION, failure).await
}

/// `POST /case-config/{list}/{id}`: a line's edit form, or its retire / reactivate
/// button (`active`; retiring asks first).
pub async fn save<K: PageList>(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    let active = K::RETIRED.and_then(|_| fields.get("active").map(|v| v == "true"));
    let version = fields.version();
    if active == Some(false) && !confirm::confirmed(&fields) {
        return K::ask(&state, &actor, page, &id, true, version).await;
    }
    let saved = async {
        let input = K::save_input(&state, &actor, &id, &fields, active).await?;
        let item = editable::update::<K>(&state.ctx, &actor, &id, input, version).await?;
        K::saved(&state, &actor, &item, &fields).await
    };
    let result = saved.await;
    let line = format!("{}-{id}", K::LINE);
    let retired = K::RETIRED.unwrap_or("retired");
    let (done, failure) = line_saved(&line, &id, active, retired, fields);
    finish(
        &state,
        &actor,
        page,
        result.map(|()| done),
        K::SECTION,
        failure,
    )
    .await
}

/// `POST /case-config/{list}/{id}/delete`: asks first, then deletes.
pub async fn delete<K: PageList>(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    page: Page,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let fields = Fields(pairs);
    if !confirm::confirmed(&fields) {
        return K::ask(&state, &actor, page, &id, false, None).await;
    }
    let result = editable::delete::<K>(&state.ctx, &actor, &id, K::delete_with(&fields))
        .await
        .map(|()| K::DELETED);
    let failure = refused(format!("{}-{id}-delete", K::LINE), Some(&id), None);
    finish(&state, &actor, page, result, K::SECTION, failure).await
}
