//! A blog's JSON API, written the way a service on sqlx or diesel-async is: an axum router
//! over a deadpool pool of asynchronous PostgreSQL connections, the schema read from the
//! migrations it runs at start-up, and every statement checked against that schema when the
//! crate compiles.
//!
//! | route | what it does |
//! | --- | --- |
//! | `POST /authors` `{"name"}` | adds an author: 201, or 409 when the name is taken |
//! | `DELETE /authors/{id}` | removes an author and their posts in one transaction |
//! | `POST /posts` `{"authorId", "title", "body", "published"}` | adds a post: 201, or 422 for an unknown author |
//! | `GET /posts?author=&q=&published=&limit=&offset=` | lists posts, newest first; each filter given narrows, each left out does not |
//! | `GET /posts/{id}` | one post, or 404 |
//! | `PATCH /posts/{id}` `{"title"?, "body"?, "published"?}` | changes the fields given |
//! | `DELETE /posts/{id}` | removes a post: 204, or 404 |

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use sqlmint::chrono::{DateTime, Utc};
use sqlmint::tokio_postgres::{Manager, Pool};

sqlmint::schema! {
    #[sqlmint(migrations = "migrations", path = crate::db)]
    pub mod db {}
}

/// A post as the API sends it: the application's own struct, filled by column name.
#[derive(Debug, sqlmint::FromRow, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PostView {
    /// The post's key.
    pub id: i64,
    /// Its author's name.
    pub author: String,
    /// Its title.
    pub title: String,
    /// Its text.
    pub body: String,
    /// Whether readers see it.
    pub published: bool,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

/// Every statement the service runs, each named once and checked against the schema.
mod queries {
    use crate::db;
    use crate::PostView;

    db::query! {
        /// A new author, with the key and time the database gave them.
        pub mod add_author {
            INSERT INTO author (name) VALUES (:name) RETURNING id, name, joined_at
        }
    }

    db::query! {
        pub mod add_post {
            INSERT INTO post (author_id, title, body, published)
            VALUES (:author_id, :title, :body, :published)
            RETURNING id
        }
    }

    db::query! {
        /// Posts, newest first, narrowed by each filter given (`None` adds no condition).
        pub mod search_posts -> PostView {
            SELECT post.id, author.name AS author, post.title, post.body, post.published, post.created_at
            FROM post JOIN author ON post.author_id = author.id
            WHERE author.name = :author? AND post.title LIKE :title_like? ESCAPE "!" AND post.published = :published?
            ORDER BY post.id DESC
            LIMIT :limit OFFSET :offset
        }
    }

    db::query! {
        pub mod post_by_id -> PostView {
            SELECT post.id, author.name AS author, post.title, post.body, post.published, post.created_at
            FROM post JOIN author ON post.author_id = author.id
            WHERE post.id = :id
        }
    }

    db::query! {
        /// Sets the fields given; `None` keeps a field as it is, in the same statement (no
        /// read-then-write race between two requests).
        pub mod update_post {
            UPDATE post
            SET title = coalesce(:title, title),
                body = coalesce(:body, body),
                published = coalesce(:published, published)
            WHERE id = :id
        }
    }

    db::query! {
        pub mod delete_post {
            DELETE FROM post WHERE id = :id
        }
    }

    db::query! {
        pub mod delete_posts_of {
            DELETE FROM post WHERE author_id = :author_id
        }
    }

    db::query! {
        pub mod delete_author {
            DELETE FROM author WHERE id = :id
        }
    }
}

/// What the handlers share: the pool.
#[derive(Clone)]
pub struct AppState {
    pool: Pool,
}

/// Connects a pool to `database_url` and brings the database to the schema the statements
/// were checked against (the migrations in `migrations/`, embedded at compile time).
pub async fn connect(database_url: &str, max_connections: usize) -> Result<Pool, BoxError> {
    let pool = Pool::builder(Manager::new(database_url)?)
        .max_size(max_connections)
        .build()?;
    let mut conn = pool.get().await?;
    let applied = db::MIGRATOR.run_async(&mut conn).await?;
    tracing::info!(applied = applied.len(), "migrations");
    Ok(pool)
}

/// The API's routes over `pool`.
pub fn app(pool: Pool) -> Router {
    Router::new()
        .route("/authors", post(add_author))
        .route("/authors/{id}", axum::routing::delete(remove_author))
        .route("/posts", post(add_post).get(search_posts))
        .route(
            "/posts/{id}",
            get(get_post).patch(update_post).delete(delete_post),
        )
        .with_state(AppState { pool })
}

/// Any error a handler meets before it answers.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A failed request: the status and a message, sent as `{"error": "..."}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }
}

/// The database's answer as the client should hear it: a missing row is 404, a taken name
/// 409, a reference to nothing 422, anything else 500 (logged, not shown).
impl From<sqlmint::Error> for ApiError {
    fn from(error: sqlmint::Error) -> Self {
        match (&error, error.postgres_code()) {
            (sqlmint::Error::RowNotFound, _) => ApiError::new(StatusCode::NOT_FOUND, "not found"),
            (_, Some("23505")) => ApiError::new(StatusCode::CONFLICT, "already exists"),
            (_, Some("23503")) => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "refers to nothing")
            }
            _ => {
                tracing::error!(%error, "request failed");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
            }
        }
    }
}

impl From<sqlmint::tokio_postgres::PoolError> for ApiError {
    fn from(error: sqlmint::tokio_postgres::PoolError) -> Self {
        tracing::error!(%error, "no connection");
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "no database connection")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(serde_json::json!({ "error": self.message }));
        (self.status, body).into_response()
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// The body of `POST /authors`.
#[derive(Debug, Deserialize, Serialize)]
pub struct NewAuthor {
    /// The author's name, unique.
    pub name: String,
}

/// An author as the API sends it.
#[derive(Debug, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Author {
    /// The author's key.
    pub id: i64,
    /// Their name.
    pub name: String,
    /// When they joined.
    pub joined_at: DateTime<Utc>,
}

async fn add_author(
    State(state): State<AppState>,
    Json(new): Json<NewAuthor>,
) -> ApiResult<(StatusCode, Json<Author>)> {
    let conn = state.pool.get().await?;
    let row = conn.fetch_one(&queries::add_author::new(&new.name)).await?;
    let author = Author {
        id: row.id,
        name: row.name,
        joined_at: row.joined_at,
    };
    Ok((StatusCode::CREATED, Json(author)))
}

/// What `DELETE /authors/{id}` removed.
#[derive(Debug, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Removed {
    /// How many of the author's posts went with them.
    pub posts: u64,
}

/// The author and their posts, both or neither: one transaction.
async fn remove_author(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> ApiResult<Json<Removed>> {
    let mut conn = state.pool.get().await?;
    let tx = conn.begin().await?;
    let posts = tx.execute(&queries::delete_posts_of::new(id)).await?;
    if tx.execute(&queries::delete_author::new(id)).await? == 0 {
        // Dropped: rolled back.
        return Err(ApiError::new(StatusCode::NOT_FOUND, "no such author"));
    }
    tx.commit().await?;
    Ok(Json(Removed { posts }))
}

/// The body of `POST /posts`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewPost {
    /// The author's key.
    pub author_id: i64,
    /// The title.
    pub title: String,
    /// The text.
    pub body: String,
    /// Whether readers see it now.
    #[serde(default)]
    pub published: bool,
}

async fn add_post(
    State(state): State<AppState>,
    Json(new): Json<NewPost>,
) -> ApiResult<(StatusCode, Json<PostView>)> {
    let conn = state.pool.get().await?;
    let id = conn
        .fetch_one(&queries::add_post::new(
            new.author_id,
            &new.title,
            &new.body,
            new.published,
        ))
        .await?
        .id;
    let post = conn.fetch_one(&queries::post_by_id::new(id)).await?;
    Ok((StatusCode::CREATED, Json(post)))
}

/// The filters and page of `GET /posts`.
#[derive(Debug, Deserialize, Serialize, Default)]
pub struct Search {
    /// Only this author's posts.
    pub author: Option<String>,
    /// Only posts whose title contains this text (taken literally: `%` and `_` match
    /// themselves).
    pub q: Option<String>,
    /// Only published (or only unpublished) posts.
    pub published: Option<bool>,
    /// At most this many (default 20, at most 100).
    pub limit: Option<i64>,
    /// After skipping this many.
    pub offset: Option<i64>,
}

async fn search_posts(
    State(state): State<AppState>,
    Query(search): Query<Search>,
) -> ApiResult<Json<Vec<PostView>>> {
    let limit = search.limit.unwrap_or(20).clamp(1, 100);
    let offset = search.offset.unwrap_or(0).max(0);
    let title_like = search
        .q
        .as_deref()
        .map(|q| format!("%{}%", sqlmint::escape_like(q, '!')));
    let conn = state.pool.get().await?;
    let posts = conn
        .fetch_all(&queries::search_posts::new(
            search.author.as_deref(),
            title_like.as_deref(),
            search.published,
            limit,
            offset,
        ))
        .await?;
    Ok(Json(posts))
}

async fn get_post(State(state): State<AppState>, Path(id): Path<i64>) -> ApiResult<Json<PostView>> {
    let conn = state.pool.get().await?;
    Ok(Json(conn.fetch_one(&queries::post_by_id::new(id)).await?))
}

/// The body of `PATCH /posts/{id}`: the fields to change.
#[derive(Debug, Deserialize, Serialize, Default)]
pub struct PostChanges {
    /// A new title.
    pub title: Option<String>,
    /// A new text.
    pub body: Option<String>,
    /// Published or not.
    pub published: Option<bool>,
}

async fn update_post(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Json(changes): Json<PostChanges>,
) -> ApiResult<Json<PostView>> {
    let conn = state.pool.get().await?;
    let updated = conn
        .execute(&queries::update_post::new(
            changes.title.as_deref(),
            changes.body.as_deref(),
            changes.published,
            id,
        ))
        .await?;
    if updated == 0 {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "no such post"));
    }
    Ok(Json(conn.fetch_one(&queries::post_by_id::new(id)).await?))
}

async fn delete_post(State(state): State<AppState>, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    let conn = state.pool.get().await?;
    match conn.execute(&queries::delete_post::new(id)).await? {
        0 => Err(ApiError::new(StatusCode::NOT_FOUND, "no such post")),
        _ => Ok(StatusCode::NO_CONTENT),
    }
}
