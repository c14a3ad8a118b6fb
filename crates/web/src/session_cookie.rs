//! The browser's session cookie: `HttpOnly`, `SameSite=Lax`, `Secure` over TLS. It has
//! no expiry of its own: the server ends the session (idle timeout, absolute lifetime).

use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};

use crate::extract::SESSION_COOKIE;
use crate::state::AppState;

/// A jar that sets the cookie for a new session.
pub fn start(state: &AppState, token: &str) -> CookieJar {
    let cookie = Cookie::build((SESSION_COOKIE, token.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.web.secure_cookies)
        .build();
    CookieJar::new().add(cookie)
}

/// A jar that removes the cookie.
pub fn end(state: &AppState) -> CookieJar {
    let mut cookie = Cookie::build((SESSION_COOKIE, ""))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.web.secure_cookies)
        .build();
    // A jar only sends removals of cookies it was read with; send an expired one instead.
    cookie.make_removal();
    CookieJar::new().add(cookie)
}
