//! wip
pub fn expand_query() {} pub fn expand_schema() {}
