//! The pages' router, which keeps the list of what it routes: the route tests walk that
//! list, so a page cannot be added without them seeing it.

use axum::Router;
use axum::handler::Handler;
use axum::routing::{MethodRouter, get, post};

use crate::state::AppState;

/// One page route, as the route tests walk it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRoute {
    pub method: &'static str,
    pub path: &'static str,
    /// Open to anonymous browsers (sign-in, sign-up…); every other page sends them to
    /// sign in.
    pub public: bool,
}

/// Page routes being built, and their inventory.
pub struct Pages {
    router: Router<AppState>,
    routes: Vec<PageRoute>,
    public: bool,
}

impl Pages {
    /// Routes anyone may open; a security decision, see `route_inventory` tests.
    pub fn public() -> Self {
        Self {
            router: Router::new(),
            routes: Vec::new(),
            public: true,
        }
    }

    /// Routes for signed-in users only (the session guard is layered on by the caller).
    pub fn protected() -> Self {
        Self {
            public: false,
            ..Self::public()
        }
    }

    pub fn get<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add("GET", path, get(handler))
    }

    pub fn post<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add("POST", path, post(handler))
    }

    /// Adds another section's pages, which must be of the same kind (public or not).
    pub fn merge(mut self, other: Pages) -> Self {
        assert_eq!(
            self.public, other.public,
            "public and protected pages mixed"
        );
        self.router = self.router.merge(other.router);
        self.routes.extend(other.routes);
        self
    }

    pub fn routes(&self) -> &[PageRoute] {
        &self.routes
    }

    pub fn into_router(self) -> Router<AppState> {
        self.router
    }

    // Axum merges two method routers given for one path, so a page's GET and POST may
    // be added one after the other.
    fn add(
        mut self,
        method: &'static str,
        path: &'static str,
        route: MethodRouter<AppState>,
    ) -> Self {
        self.router = self.router.route(path, route);
        self.routes.push(PageRoute {
            method,
            path,
            public: self.public,
        });
        self
    }
}
