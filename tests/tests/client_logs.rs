//! The access token never reaches log output.
//!
//! The runtime itself logs nothing; the HTTP stack below it does: reqwest through `log` and
//! hyper-util through `tracing`. This file (its own test binary, because loggers are
//! process-wide) installs a capturing `log` logger and a capturing `tracing` subscriber at the
//! most verbose level, makes successful and failing calls through the generated client, and
//! checks that the capture is not empty (so the check below it means something) and holds no
//! token.

use std::fmt::{self, Write as _};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use rambase_api::collaboration::add_contact_phone::v5::PhoneRequest;
use rambase_api::prelude::*;
use rambase_runtime::{AccessToken, Client};
use rambase_testkit::phone_server::{DEMO_CONTACT_ID, Mode, Server};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Metadata, Subscriber};

const SENTINEL: &str = "SENTINEL-logs-7e57-token";

/// Every line logged through `log` or `tracing`, by any crate.
static CAPTURED: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn capture(line: String) {
    CAPTURED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(line);
}

struct LogCapture;

impl log::Log for LogCapture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        capture(format!(
            "log {} {}: {}",
            record.level(),
            record.target(),
            record.args()
        ));
    }

    fn flush(&self) {}
}

static LOGGER: LogCapture = LogCapture;

/// Renders every field of a span or event, debug-formatted, as a subscriber that prints
/// everything would.
struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

struct TracingCapture {
    next_span: AtomicU64,
}

impl Subscriber for TracingCapture {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        Interest::always()
    }

    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = Fields(format!("span {}:", span.metadata().name()));
        span.record(&mut fields);
        capture(fields.0);
        Id::from_u64(self.next_span.fetch_add(1, Ordering::Relaxed))
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut fields = Fields(String::from("span record:"));
        values.record(&mut fields);
        capture(fields.0);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let metadata = event.metadata();
        let mut fields = Fields(format!(
            "tracing {} {}:",
            metadata.level(),
            metadata.target()
        ));
        event.record(&mut fields);
        capture(fields.0);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn the_token_never_shows_in_captured_log_output() {
    log::set_logger(&LOGGER).expect("no other logger in this test binary");
    log::set_max_level(log::LevelFilter::Trace);
    tracing::subscriber::set_global_default(TracingCapture {
        next_span: AtomicU64::new(1),
    })
    .expect("no other subscriber in this test binary");

    let server = Server::builder()
        .access_token(SENTINEL)
        .start()
        .await
        .unwrap();
    let client = Client::builder()
        .base_url(server.base_url())
        .access_token(AccessToken::new(SENTINEL).unwrap())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let call = || {
        client
            .add_contact_phone(
                DEMO_CONTACT_ID,
                PhoneRequest::builder().phone_number("12345678"),
            )
            .send()
    };

    call().await.expect("created");
    for mode in [
        Mode::PermissionNotFound,
        Mode::EchoRequest { status: 400 },
        Mode::Truncated,
        Mode::Stall(Duration::from_secs(5)),
    ] {
        server.set_mode(mode);
        call().await.expect_err("scripted to fail");
    }
    assert_eq!(server.request_count(), 5);

    let captured = CAPTURED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .join("\n");
    // reqwest logs each new connection through `log`, hyper-util traces the connection pool:
    // both capturers saw the calls, so the absence of the token below is a real observation.
    assert!(
        captured.contains("log DEBUG reqwest"),
        "nothing from reqwest:\n{captured}"
    );
    assert!(
        captured.contains("tracing TRACE hyper_util"),
        "nothing from hyper-util:\n{captured}"
    );
    assert!(!captured.contains(SENTINEL), "token logged:\n{captured}");
    assert!(!captured.contains("7e57"), "token logged:\n{captured}");
}
