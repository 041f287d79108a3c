//! `xiangxian demo`: load the demo data set into an empty database.

use crate::config::GlobalOpts;

pub async fn run(global: &GlobalOpts) -> anyhow::Result<()> {
    let db = super::open_db(global).await?;
    if crate::demo::load_if_empty(&db).await? {
        println!("{}", crate::demo::login_banner("http://127.0.0.1:8080"));
        println!("搜索索引会在下次 serve 启动时自动补齐。");
    } else {
        println!("数据库中已有乡贤档案，未加载演示数据。");
    }
    Ok(())
}
