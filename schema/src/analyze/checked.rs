//! The boundary between analysis and the stages after it: a statement that passed analysis,
//! so rendering and code generation may rely on what analysis did to it (names resolved and
//! qualified, wildcards written out, function names lowercased and their arity checked) and
//! cannot be handed a statement that skipped it.

use super::Analysis;
use crate::ast::Statement;

/// A statement [`analyze`](super::analyze) accepted, rewritten by it, with what it found.
/// Only analysis makes one, so holding one means the statement was checked.
#[derive(Debug, Clone)]
pub struct CheckedStatement {
    statement: Statement,
    analysis: Analysis,
}

impl CheckedStatement {
    pub(super) fn new(statement: Statement, analysis: Analysis) -> CheckedStatement {
        CheckedStatement {
            statement,
            analysis,
        }
    }

    /// The statement, its names as the schema spells them.
    pub fn statement(&self) -> &Statement {
        &self.statement
    }

    /// Its result columns, parameters and the rest analysis found.
    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }
}
