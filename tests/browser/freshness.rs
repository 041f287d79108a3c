//! Freshness on a phone (390×844): an organizer sends 请本人确认 from `/freshness`, and the
//! person opens the link from the SMS, sees the record (contacts masked) and confirms —
//! neither page scrolling sideways.

use std::sync::{Arc, Mutex};

use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::json;
use xiangxian::domain::Role;
use xiangxian::entity::profile;
use xiangxian::service::notify::channel::SmsProvider;

use crate::harness::{self, Browser};
use crate::helpers::spawn_app;

async fn scroll_width(b: &Browser) -> i64 {
    b.client
        .execute("return document.documentElement.scrollWidth;", vec![])
        .await
        .expect("measure")
        .as_i64()
        .expect("a number")
}

/// Keeps the texts it is asked to send.
#[derive(Clone, Default)]
struct Kept(Arc<Mutex<Vec<String>>>);

#[async_trait::async_trait]
impl SmsProvider for Kept {
    fn name(&self) -> &'static str {
        "kept"
    }
    async fn send(&self, _mobile: &str, text: &str) -> Result<(), String> {
        self.0.lock().unwrap().push(text.to_owned());
        Ok(())
    }
}

#[tokio::test]
async fn phone_freshness_list_and_confirm_page_do_not_scroll_sideways() {
    let app = spawn_app().await;
    let org = app
        .login_as("js_org", Role::Organizer, Some("421222100"))
        .await;
    let r = org
        .post(
            "/api/v1/profiles",
            json!({"name": "欧阳明远", "hometown_code": "421222100201", "listed": true,
                   "mobile": "13971234567", "employer": "深圳市信维通信股份有限公司",
                   "title": "射频工程部总监"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_i64().unwrap();
    let mut p: profile::ActiveModel = profile::Entity::find_by_id(id)
        .one(app.db.conn())
        .await
        .unwrap()
        .unwrap()
        .into();
    let old = chrono::Utc::now() - chrono::Duration::days(800);
    p.last_confirmed_at = Set(Some(old));
    p.update(app.db.conn()).await.unwrap();

    let Some(b) = harness::open(&app).await else {
        return;
    };
    b.window(390, 844).await;
    b.sign_in("js_org").await;
    b.open("/freshness").await;
    b.find(&format!("#request-{id}")).await;
    let width = scroll_width(&b).await;
    b.screenshot("phone-freshness").await;
    assert!(width <= 390, "freshness page is {width} px wide");
    b.submit(&format!("#request-{id}")).await;
    b.find("#flash").await;

    let kept = Kept::default();
    let mut ch = app.notify.clone();
    ch.sms = Arc::new(kept.clone());
    xiangxian::service::notify::dispatch::drain(&app.db, &ch, chrono::Utc::now())
        .await
        .unwrap();
    let text = kept.0.lock().unwrap().pop().expect("SMS sent");
    let at = text.find("/confirm/").expect("link in the SMS");
    let link: String = text[at..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();

    b.open(&link).await;
    b.find("#confirm-ok").await;
    let width = scroll_width(&b).await;
    b.screenshot("phone-confirm").await;
    assert!(width <= 390, "confirm page is {width} px wide");
    assert!(b.text("#confirm-record").await.contains("139****4567"));
    b.submit("#confirm-ok").await;
    assert!(b.text("#confirm-done").await.contains("已确认"));
    b.screenshot("phone-confirm-done").await;
    b.close().await;
}
