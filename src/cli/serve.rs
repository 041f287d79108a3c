//! `xiangxian serve`.

use crate::app;
use crate::config::{Config, GlobalOpts, ServeOpts};

pub async fn run(global: &GlobalOpts, opts: ServeOpts) -> anyhow::Result<()> {
    let config = Config::new(global, &opts);
    let demo = config.demo;
    let app = app::build(config).await?;
    let addr = app.local_addr();
    println!("乡贤通已启动：http://{addr}/");
    if demo {
        println!("{}", crate::demo::login_banner(&format!("http://{addr}")));
    }
    tracing::info!(%addr, "listening");
    app.run(app::shutdown_signal()).await
}
