//! The flags of notices beyond the site: SMTP, the SMS provider, the public address used
//! in links, and how often the dispatcher runs.

use std::fmt;
use std::time::Duration;

/// A value that may hold a password or key: its Debug never prints it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Hidden(pub String);

impl fmt::Debug for Hidden {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl std::str::FromStr for Hidden {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(Self(s.trim().to_owned()))
    }
}

/// How SMS leave.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum SmsProviderKind {
    /// Write a log line with the masked number; send nothing.
    #[default]
    Log,
    /// POST to `--sms-gateway-url` with `--sms-gateway-key`.
    Http,
}

/// `serve` flags of the notification outbox.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct NotifyOpts {
    /// SMTP server for e-mail notices, e.g. `smtp://127.0.0.1:25`, `smtps://user:pass@host`;
    /// without it no e-mail is sent (e-mail rows are cancelled, noting why).
    #[arg(long, env = "XIANGXIAN_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<Hidden>,
    /// The sender of e-mail notices.
    #[arg(
        long,
        env = "XIANGXIAN_MAIL_FROM",
        default_value = "乡贤通 <noreply@localhost>"
    )]
    pub mail_from: String,
    /// `log` (default) or `http`.
    #[arg(long, env = "XIANGXIAN_SMS_PROVIDER", value_enum, default_value_t)]
    pub sms_provider: SmsProviderKind,
    /// The HTTP SMS gateway (with `--sms-provider http`).
    #[arg(long, env = "XIANGXIAN_SMS_GATEWAY_URL")]
    pub sms_gateway_url: Option<String>,
    /// The gateway's key, sent as `Authorization: Bearer`.
    #[arg(long, env = "XIANGXIAN_SMS_GATEWAY_KEY", hide_env_values = true)]
    pub sms_gateway_key: Option<Hidden>,
    /// The site's public address for links in e-mail and SMS (default: http://<bind>).
    #[arg(long, env = "XIANGXIAN_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Seconds between dispatcher steps; 0 turns the dispatcher off.
    #[arg(long, env = "XIANGXIAN_NOTIFY_EVERY", default_value_t = 30)]
    pub notify_every_secs: u64,
}

/// The outbox's settings.
#[derive(Clone, Debug, Default)]
pub struct NotifyConfig {
    pub smtp_url: Option<Hidden>,
    pub mail_from: String,
    pub sms_provider: SmsProviderKind,
    pub sms_gateway_url: Option<String>,
    pub sms_gateway_key: Option<Hidden>,
    pub public_url: Option<String>,
    /// `None`: no background dispatcher (tests drain the outbox themselves).
    pub every: Option<Duration>,
}

impl NotifyConfig {
    pub fn from_opts(o: &NotifyOpts) -> Self {
        Self {
            smtp_url: o.smtp_url.clone().filter(|u| !u.0.is_empty()),
            mail_from: o.mail_from.clone(),
            sms_provider: o.sms_provider,
            sms_gateway_url: o.sms_gateway_url.clone(),
            sms_gateway_key: o.sms_gateway_key.clone(),
            public_url: o.public_url.clone(),
            every: (o.notify_every_secs > 0).then(|| Duration::from_secs(o.notify_every_secs)),
        }
    }

    /// For tests and tools: no SMTP, SMS to the log, no background dispatcher.
    pub fn quiet() -> Self {
        Self {
            mail_from: "乡贤通 <noreply@localhost>".into(),
            ..Default::default()
        }
    }
}
