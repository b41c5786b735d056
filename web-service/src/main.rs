//! The blog API as a process: `DATABASE_URL` names the PostgreSQL database, `PORT` the
//! loopback port (8080 by default); migrations run before the first request is taken.
//!
//! ```text
//! DATABASE_URL=postgres://user:password@localhost/blog cargo run -p sqlmint-web-service
//! curl -s localhost:8080/posts
//! ```

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let Ok(url) = std::env::var("DATABASE_URL") else {
        eprintln!("set DATABASE_URL=postgres://user:password@host/db");
        return ExitCode::FAILURE;
    };
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8080);
    match serve(&url, port).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(url: &str, port: u16) -> Result<(), sqlmint_web_service::BoxError> {
    let pool = sqlmint_web_service::connect(url, 16).await?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    tracing::info!(address = %listener.local_addr()?, "listening");
    axum::serve(listener, sqlmint_web_service::app(pool))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
