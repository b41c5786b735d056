//! The blog API end to end, as its clients see it: the service started on a loopback port
//! against a fresh database of the throwaway PostgreSQL server, its migrations run at
//! start-up, and driven over real HTTP with reqwest.

use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlmint_web_service::{Author, PostView, Removed};

/// The service on a free loopback port, over a new database; its base URL.
async fn start() -> String {
    let url = tokio::task::spawn_blocking(sqlmint_test_support::database)
        .await
        .expect("a test database");
    let pool = sqlmint_web_service::connect(&url, 4)
        .await
        .expect("the pool, with the migrations run");
    // Started again on the same database, the service finds nothing left to migrate.
    sqlmint_web_service::connect(&url, 1)
        .await
        .expect("a second start");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let address = listener.local_addr().expect("its address");
    tokio::spawn(async move {
        axum::serve(listener, sqlmint_web_service::app(pool))
            .await
            .expect("the server runs");
    });
    format!("http://{address}")
}

async fn add_author(client: &reqwest::Client, base: &str, name: &str) -> Author {
    let response = client
        .post(format!("{base}/authors"))
        .json(&json!({ "name": name }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

async fn add_post(
    client: &reqwest::Client,
    base: &str,
    author: i64,
    title: &str,
    published: bool,
) -> PostView {
    let response = client
        .post(format!("{base}/posts"))
        .json(&json!({ "authorId": author, "title": title, "body": "...", "published": published }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

async fn titles(client: &reqwest::Client, base: &str, query: &str) -> Vec<String> {
    let response = client
        .get(format!("{base}/posts{query}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{query}");
    let posts: Vec<PostView> = response.json().await.unwrap();
    posts.into_iter().map(|p| p.title).collect()
}

async fn error(response: reqwest::Response, status: StatusCode) -> String {
    assert_eq!(response.status(), status);
    let body: Value = response.json().await.unwrap();
    body["error"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_creates_searches_pages_changes_and_deletes_posts() {
    let base = start().await;
    let client = reqwest::Client::new();

    let ada = add_author(&client, &base, "ada").await;
    let grace = add_author(&client, &base, "grace").await;
    assert_ne!(ada.id, grace.id);
    let taken = client
        .post(format!("{base}/authors"))
        .json(&json!({ "name": "ada" }))
        .send()
        .await
        .unwrap();
    assert_eq!(error(taken, StatusCode::CONFLICT).await, "already exists");

    add_post(&client, &base, ada.id, "Notes on 100% coverage", true).await;
    add_post(&client, &base, ada.id, "Engines", true).await;
    let draft = add_post(&client, &base, ada.id, "Draft_1", false).await;
    assert_eq!((draft.author.as_str(), draft.published), ("ada", false));
    add_post(&client, &base, grace.id, "Compilers", true).await;
    let nobody = client
        .post(format!("{base}/posts"))
        .json(&json!({ "authorId": 9_999, "title": "x", "body": "y" }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error(nobody, StatusCode::UNPROCESSABLE_ENTITY).await,
        "refers to nothing"
    );

    // Newest first; each filter given narrows, the others add nothing.
    assert_eq!(
        titles(&client, &base, "").await,
        ["Compilers", "Draft_1", "Engines", "Notes on 100% coverage"]
    );
    assert_eq!(
        titles(&client, &base, "?author=ada&published=true").await,
        ["Engines", "Notes on 100% coverage"]
    );
    assert_eq!(
        titles(&client, &base, "?published=false").await,
        ["Draft_1"]
    );
    // The search text is taken literally: `%` and `_` match only themselves.
    assert_eq!(
        titles(&client, &base, "?q=100%25").await,
        ["Notes on 100% coverage"]
    );
    assert_eq!(titles(&client, &base, "?q=_").await, ["Draft_1"]);
    assert!(titles(&client, &base, "?q=zzz").await.is_empty());
    // Pages.
    assert_eq!(
        titles(&client, &base, "?limit=2&offset=1").await,
        ["Draft_1", "Engines"]
    );
    assert_eq!(
        titles(&client, &base, "?limit=2&offset=3").await,
        ["Notes on 100% coverage"]
    );

    // One post; a missing one.
    let one: PostView = client
        .get(format!("{base}/posts/{}", draft.id))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(one, draft);
    let missing = client
        .get(format!("{base}/posts/99999"))
        .send()
        .await
        .unwrap();
    assert_eq!(error(missing, StatusCode::NOT_FOUND).await, "not found");

    // A change to one field leaves the others.
    let published: PostView = client
        .patch(format!("{base}/posts/{}", draft.id))
        .json(&json!({ "published": true }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(published.published);
    assert_eq!(published.title, "Draft_1");
    let renamed: PostView = client
        .patch(format!("{base}/posts/{}", draft.id))
        .json(&json!({ "title": "Final" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!((renamed.title.as_str(), renamed.published), ("Final", true));
    let no_post = client
        .patch(format!("{base}/posts/99999"))
        .json(&json!({ "title": "x" }))
        .send()
        .await
        .unwrap();
    assert_eq!(no_post.status(), StatusCode::NOT_FOUND);

    // Deleting.
    let url = format!("{base}/posts/{}", draft.id);
    assert_eq!(
        client.delete(&url).send().await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        client.delete(&url).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );

    // An author and their posts go together, in one transaction.
    let removed: Removed = client
        .delete(format!("{base}/authors/{}", ada.id))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(removed, Removed { posts: 2 });
    assert!(titles(&client, &base, "?author=ada").await.is_empty());
    assert_eq!(titles(&client, &base, "").await, ["Compilers"]);
    let again = client
        .delete(format!("{base}/authors/{}", ada.id))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_clients_share_the_pool() {
    let base = start().await;
    let client = reqwest::Client::new();
    let author = add_author(&client, &base, "linus").await;
    let requests: Vec<_> = (0..24)
        .map(|n| {
            let client = client.clone();
            let base = base.clone();
            tokio::spawn(async move {
                add_post(&client, &base, author.id, &format!("post {n}"), n % 2 == 0).await
            })
        })
        .collect();
    for request in requests {
        request.await.unwrap();
    }
    assert_eq!(titles(&client, &base, "?limit=100").await.len(), 24);
    assert_eq!(
        titles(&client, &base, "?published=true&limit=100")
            .await
            .len(),
        12
    );
}
