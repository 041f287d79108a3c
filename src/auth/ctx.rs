//! The audit context of an actor: who is acting, from where. Defined with the actor, so
//! that the extractor building a `CurrentUser` needs nothing from the services above it.

/// Who is acting, from where: carried into every service call that writes.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub client_addr: String,
}

impl Ctx {
    /// The command line acting on the operator's behalf.
    pub fn system(what: &str) -> Self {
        Self {
            actor_id: None,
            actor_name: format!("system:{what}"),
            client_addr: "local".into(),
        }
    }
}
