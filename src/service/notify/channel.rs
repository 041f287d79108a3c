//! How a rendered notice leaves: e-mail over SMTP (lettre) and SMS through a provider
//! (`log`, the default, which only logs a masked number; or an HTTP gateway). Errors are
//! plain strings the dispatcher masks before it keeps them.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::domain::mobile::mask_mobile;

/// How long one send may take before it counts as failed (and is retried).
const SEND_TIMEOUT: Duration = Duration::from_secs(15);

/// E-mail over SMTP.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// `smtp://host:port` (plain, for a relay on the same host), `smtp://…?tls=required`
    /// (STARTTLS) or `smtps://…`; user and password may be in the URL.
    pub fn new(url: &str, from: &str) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("--smtp-url 无法识别：{e}"))?
            .timeout(Some(SEND_TIMEOUT))
            .build();
        let from = from
            .parse::<Mailbox>()
            .map_err(|e| format!("--mail-from 不是有效的发件地址：{e}"))?;
        Ok(Self { transport, from })
    }

    pub async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), String> {
        let to = to
            .parse::<Mailbox>()
            .map_err(|_| "收件地址无效".to_owned())?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_owned())
            .map_err(|e| format!("邮件无法生成：{e}"))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| format!("SMTP 发送失败：{e}"))
    }
}

/// Sends one SMS.
#[async_trait::async_trait]
pub trait SmsProvider: Send + Sync {
    /// `log` or `http`, for the audit.
    fn name(&self) -> &'static str;
    async fn send(&self, mobile: &str, text: &str) -> Result<(), String>;
}

/// The default: writes a line with the masked number to the log and sends nothing, so a
/// county without a gateway contract loses nothing but the SMS itself.
pub struct LogSms;

#[async_trait::async_trait]
impl SmsProvider for LogSms {
    fn name(&self) -> &'static str {
        "log"
    }

    async fn send(&self, mobile: &str, text: &str) -> Result<(), String> {
        tracing::info!(
            to = %mask_mobile(mobile),
            chars = text.chars().count(),
            "SMS (log provider: not sent)"
        );
        Ok(())
    }
}

/// An HTTP SMS gateway: `POST {url}` with JSON `{"mobile": "...", "text": "..."}` and
/// `Authorization: Bearer {key}`; any 2xx answer counts as accepted.
pub struct HttpSms {
    client: reqwest::Client,
    url: String,
    key: String,
}

impl HttpSms {
    pub fn new(url: &str, key: &str) -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .timeout(SEND_TIMEOUT)
            .build()
            .map_err(|e| format!("短信网关客户端无法创建：{e}"))?;
        Ok(Self {
            client,
            url: url.to_owned(),
            key: key.to_owned(),
        })
    }
}

#[async_trait::async_trait]
impl SmsProvider for HttpSms {
    fn name(&self) -> &'static str {
        "http"
    }

    async fn send(&self, mobile: &str, text: &str) -> Result<(), String> {
        let answer = self
            .client
            .post(&self.url)
            .bearer_auth(&self.key)
            .json(&serde_json::json!({"mobile": mobile, "text": text}))
            .send()
            .await
            // Without the URL: it may carry the key in a query string.
            .map_err(|e| format!("短信网关无法连接：{}", e.without_url()))?;
        if answer.status().is_success() {
            Ok(())
        } else {
            Err(format!("短信网关拒绝：HTTP {}", answer.status().as_u16()))
        }
    }
}

/// What the dispatcher sends through, plus what it needs to write absolute links.
#[derive(Clone)]
pub struct Channels {
    /// `None` without `--smtp-url`: e-mail rows are then cancelled at dispatch.
    pub mail: Option<Mailer>,
    pub sms: Arc<dyn SmsProvider>,
    /// The site's public address, e.g. `https://xiangxian.example.cn`, no trailing slash.
    pub public_url: String,
    /// The server key that derives RSVP, confirmation and unsubscribe links.
    pub server_key: String,
}

impl Channels {
    /// From `--smtp-url`, `--mail-from`, `--sms-provider`, … (after the server key is read).
    pub fn from_config(config: &crate::config::Config) -> anyhow::Result<Self> {
        use crate::config::notify::SmsProviderKind;
        let n = &config.notify;
        let mail = match &n.smtp_url {
            Some(url) => Some(Mailer::new(&url.0, &n.mail_from).map_err(anyhow::Error::msg)?),
            None => None,
        };
        let sms: Arc<dyn SmsProvider> = match n.sms_provider {
            SmsProviderKind::Log => Arc::new(LogSms),
            SmsProviderKind::Http => {
                let url = n
                    .sms_gateway_url
                    .as_deref()
                    .ok_or_else(|| anyhow::anyhow!("--sms-provider http 需要 --sms-gateway-url"))?;
                let key = n
                    .sms_gateway_key
                    .as_ref()
                    .map(|k| k.0.as_str())
                    .unwrap_or("");
                Arc::new(HttpSms::new(url, key).map_err(anyhow::Error::msg)?)
            }
        };
        let public_url = n
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", config.bind))
            .trim_end_matches('/')
            .to_owned();
        Ok(Self {
            mail,
            sms,
            public_url,
            server_key: config.server_secret.0.clone(),
        })
    }
}
