//! What every handler gets through axum's `State`.

use std::sync::Arc;

use metrics_exporter_prometheus::PrometheusHandle;

use crate::config::Config;
use crate::db::Db;
use crate::search::Search;
use crate::service::region::RegionNames;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub metrics: Option<PrometheusHandle>,
    /// Names of the regions, for views and exports.
    pub regions: Arc<RegionNames>,
    /// This instance's search index.
    pub search: Search,
    /// Failed sign-ins per client address and per account.
    pub login_throttle: Arc<crate::auth::throttle::LoginThrottle>,
    /// Where e-mail and SMS notices leave (`service::notify`).
    pub notify: crate::service::notify::channel::Channels,
}
