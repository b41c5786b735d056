//! Snapshots of what the macros expand to, pretty-printed, so a change to generated code is
//! reviewed as a diff (as diesel_derives does). `cargo insta review` updates them.

use proc_macro2::TokenStream;
use quote::quote;

const SCHEMA: &str = r#"
    pub mod db {
        table user_account { id: INTEGER PRIMARY KEY, name: VARCHAR(30) NOT NULL, fullname: TEXT }
        table address {
            id: INTEGER PRIMARY KEY,
            user_id: INTEGER NOT NULL REFERENCES user_account(id),
            email_address: VARCHAR(200) NOT NULL,
        }
    }
"#;

/// The expansion as a Rust file; a statement expands to an expression, so it is wrapped in a
/// function to be printable.
fn pretty(tokens: TokenStream, as_expression: bool) -> String {
    let tokens = if as_expression {
        quote!(fn expansion() { let _ = #tokens; })
    } else {
        tokens
    };
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(error) => panic!("the expansion is not valid Rust ({error}):\n{tokens}"),
    }
}

fn expand_query(sql: &str) -> String {
    let schema: TokenStream = SCHEMA.parse().expect("schema tokens");
    let sql: TokenStream = sql.parse().expect("sql tokens");
    let input = quote!([#schema] [crate::db] #sql);
    pretty(sqlmint_schema::expand_query(input), true)
}

#[test]
fn schema_module() {
    let schema: TokenStream = SCHEMA.parse().expect("schema tokens");
    insta::assert_snapshot!(pretty(sqlmint_schema::expand_schema(schema), false));
}

#[test]
fn select_with_inline_parameter_and_join() {
    insta::assert_snapshot!(expand_query(
        "SELECT user_account.name, address.email_address FROM user_account JOIN address WHERE user_account.id = {id}"
    ));
}

#[test]
fn insert_with_named_parameters() {
    insta::assert_snapshot!(expand_query(
        "INSERT INTO user_account (name, fullname) VALUES (:name, :fullname)"
    ));
}

#[test]
fn optional_predicates_choose_among_sql_strings() {
    insta::assert_snapshot!(expand_query(
        "SELECT id FROM user_account WHERE name LIKE {pattern?} AND id > {floor} LIMIT {max?}"
    ));
}

#[test]
fn select_star_reuses_the_table_row() {
    insta::assert_snapshot!(expand_query("SELECT * FROM user_account"));
}

#[test]
fn delete_using_needs_a_dialect_that_has_it() {
    insta::assert_snapshot!(expand_query(
        "DELETE FROM address USING user_account WHERE user_account.id = address.user_id"
    ));
}

#[test]
fn an_invalid_query_expands_to_its_errors_and_a_stand_in() {
    insta::assert_snapshot!(expand_query("SELECT nmae FROM user_account"));
}

#[test]
fn a_named_statement_is_a_module_with_its_row_statement_and_constructor() {
    let schema: TokenStream = SCHEMA.parse().expect("schema tokens");
    let sql: TokenStream = r#"
        /// Addresses of one user.
        #[derive(serde::Serialize)]
        pub mod addresses_of {
            SELECT email_address FROM address WHERE user_id = :user_id
        }
    "#
    .parse()
    .expect("sql tokens");
    let input = quote!([#schema] [crate::db] #sql);
    insta::assert_snapshot!(pretty(sqlmint_schema::expand_query(input), false));
}

#[test]
fn a_join_of_whole_tables_reads_nested_rows() {
    insta::assert_snapshot!(expand_query(
        "SELECT user_account.*, address.* FROM user_account LEFT JOIN address"
    ));
}

#[test]
fn derive_from_row_builds_the_struct_and_asks_for_a_flattened_shape() {
    let input: TokenStream = r#"
        pub struct PostSummary {
            id: i64,
            #[sqlmint(rename = "author")]
            author_name: String,
            #[sqlmint(flatten)]
            stats: super::Stats,
        }
    "#
    .parse()
    .expect("struct tokens");
    insta::assert_snapshot!(pretty(sqlmint_schema::expand_derive_from_row(input), false));
}

#[test]
fn query_as_asks_for_the_shape_then_reads_into_the_struct() {
    let schema: TokenStream = SCHEMA.parse().expect("schema tokens");
    let sql = quote!(@as Account, SELECT id, name AS login FROM user_account);
    let asked = sqlmint_schema::expand_query(quote!([#schema] [crate::db] #sql));
    let asked = asked.to_string();
    assert!(
        asked.starts_with("Account ! { @ sqlmint_shape [:: sqlmint :: __private :: query]"),
        "{asked}"
    );
    let shape = quote!({ id = "id", login_name = "login" });
    let answered = quote!(#shape [#schema] [crate::db] #sql);
    insta::assert_snapshot!(pretty(sqlmint_schema::expand_query(answered), true));
}
