//! The functions `query!` knows, as one table: for each, whether it aggregates, how many
//! arguments it takes, how its result type and nullability follow from its arguments, how a
//! NULL argument is typed, and how each dialect writes it. Typing, the grouping check and
//! the renderer all read this table, so a new function is one row here (plus its rule, if
//! no existing one fits).

/// A SQL function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Function {
    /// Its name, lowercase; SQL matches it in any case.
    pub name: &'static str,
    /// Whether it aggregates rows (`count`, `sum`, ...) rather than mapping one value.
    pub aggregate: bool,
    /// A window function proper (`row_number`, `lag`): only with `OVER`.
    pub window: bool,
    /// How many arguments it takes.
    pub arity: Arity,
    /// How its result type and nullability follow from its arguments.
    pub result: ResultRule,
    /// Which of its arguments a bare NULL is typed for, so PostgreSQL can resolve the call.
    pub null_arguments: NullArguments,
    /// How each dialect writes it.
    pub rendering: Rendering,
    /// The construct it is, when some dialect has no way to write it (`date_trunc`): a
    /// statement calling it runs only where the construct does.
    pub construct: Option<Construct>,
}

/// How many arguments a function takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    /// Exactly this many.
    Exactly(usize),
    /// From `.0` to `.1` arguments.
    Between(usize, usize),
    /// At least this many.
    AtLeast(usize),
    /// One argument, or `*` (`count(*)`).
    OneOrStar,
}

impl Arity {
    /// Whether a call with `count` arguments (or `*`, when `star`) fits.
    pub fn allows(self, count: usize, star: bool) -> bool {
        match self {
            Arity::OneOrStar => star || count == 1,
            _ if star => false,
            Arity::Exactly(n) => count == n,
            Arity::Between(min, max) => (min..=max).contains(&count),
            Arity::AtLeast(min) => count >= min,
        }
    }

    /// What the function takes, for the message when a call does not fit.
    pub fn describe(self) -> String {
        match self {
            Arity::OneOrStar => "one argument or `*`".to_owned(),
            Arity::Exactly(1) => "1 argument".to_owned(),
            Arity::Exactly(n) => format!("{n} arguments"),
            Arity::Between(min, max) => format!("{min} or {max} arguments"),
            Arity::AtLeast(min) => format!("at least {min} arguments"),
        }
    }

    /// Whether `*` may stand for the arguments.
    pub fn takes_star(self) -> bool {
        self == Arity::OneOrStar
    }
}

/// How a function's result type and nullability follow from its arguments. "Aggregate
/// nullability": NULL when the argument can be, or when the aggregate may see no rows at all
/// (no GROUP BY).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultRule {
    /// `BIGINT NOT NULL`: `count`.
    Count,
    /// Of a number: integers sum to BIGINT, NUMERIC to NUMERIC, the rest to DOUBLE; aggregate
    /// nullability: `sum`.
    Sum,
    /// Of a number: DOUBLE; aggregate nullability: `avg`.
    Average,
    /// SQLite's float sum: DOUBLE, 0.0 (never NULL) over no rows: `total`.
    Total,
    /// The argument's type; aggregate nullability: `min`, `max`.
    SameAsArgumentAggregated,
    /// Of a number, the same number type and nullability: `abs`, `round`.
    SameNumber,
    /// Of text, text of the same nullability: `lower`, `upper`.
    Text,
    /// INTEGER of the argument's nullability: `length`.
    Length,
    /// Nullable TEXT; the optional second argument is the TEXT separator: `group_concat`.
    Concatenation,
    /// The first argument's type, nullable: `nullif`.
    NullIf,
    /// The arguments' common type, NULL only if every argument can be: `coalesce`.
    Coalesce,
    /// `replace(text, from, to)`: TEXT from text arguments, NULL if any is.
    TextOfAll,
    /// `greatest(a, b, ...)`, `least(...)`: the arguments' common type. The arguments cannot
    /// be NULL: PostgreSQL skips a NULL where SQLite and MySQL return it.
    Extreme,
    /// `substr(text, start [, length])`: TEXT; the positions are integers.
    Substring,
    /// `row_number`, `rank`, `dense_rank`, `ntile`: a BIGINT, never NULL.
    RowNumber,
    /// `percent_rank`, `cume_dist`: a DOUBLE between 0 and 1, never NULL.
    Distribution,
    /// `lag`, `lead` (value [, offset [, default]]): the value's type; NULL past the
    /// partition's edge unless a default that cannot be NULL is given.
    Offset,
    /// `first_value`, `last_value`: the value's type, NULL where it can be or the frame can
    /// be empty.
    FrameValue,
    /// `nth_value(value, n)`: the value's type, NULL when the frame has fewer than n rows.
    NthValue,
    /// `now()`, `current_timestamp`: TIMESTAMPTZ, never NULL.
    Now,
    /// `current_date`: DATE (in UTC), never NULL.
    Today,
    /// `gen_random_uuid()`: a UUID, never NULL.
    RandomUuid,
    /// `extract(field FROM t)`, `date_part('field', t)`: an INTEGER (BIGINT for `epoch`)
    /// of a date or timestamp, NULL where it is.
    DatePart,
    /// `date_trunc('unit', t)`: the timestamp's type, NULL where it is.
    Truncated,
    /// `position(sub IN text)`: the INTEGER 1-based position, 0 when absent; NULL if either
    /// is.
    Position,
    /// `ceil`, `floor`: a whole number as DOUBLE (NUMERIC of a NUMERIC), as PostgreSQL gives
    /// it; NULL where the argument is.
    WholeNumber,
}

/// Which arguments a bare NULL is typed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NullArguments {
    /// None: the function's result does not follow from a NULL argument's type.
    Untyped,
    /// The first, as an INTEGER (a cast even of the bare `NULL` literal, which PostgreSQL
    /// cannot type in `sum(NULL)`).
    FirstAsNumber,
    /// The first, as the type of the first typed argument (a bare `NULL` literal is left to
    /// PostgreSQL, as for [`NullArguments::AllLikeTyped`]).
    FirstLikeTyped,
    /// Every one, as the type of the first typed argument (bare `NULL` literals are left to
    /// PostgreSQL, which types them from the call).
    AllLikeTyped,
}

/// How the dialects write a function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rendering {
    /// As written, everywhere.
    AsWritten,
    /// SQLite's `total(x)`; elsewhere `CAST(coalesce(sum(x), 0) AS DOUBLE)`.
    Total,
    /// SQLite's `group_concat(x [, sep])`; PostgreSQL `string_agg(CAST(x AS TEXT), sep)`,
    /// MySQL `GROUP_CONCAT(x SEPARATOR sep)`, the separator `','` by default.
    GroupConcat,
    /// `greatest`/`least`; SQLite's multi-argument `max`/`min`.
    Extreme,
    /// `now()`: SQLite's `strftime` in the text form TIMESTAMPTZ is stored in there;
    /// MySQL's `UTC_TIMESTAMP(6)`.
    Now,
    /// `current_date` in UTC: SQLite `date('now')`, PostgreSQL
    /// `CAST(now() AT TIME ZONE 'UTC' AS DATE)`, MySQL `UTC_DATE()`.
    Today,
    /// `extract`/`date_part`: SQLite `strftime`, PostgreSQL `EXTRACT` cast to an integer (a
    /// TIMESTAMPTZ read in UTC), MySQL `EXTRACT` or its day functions.
    DatePart,
    /// `position(sub IN text)`: SQLite `instr(text, sub)`, MySQL `LOCATE(sub, text)`.
    Position,
    /// `gen_random_uuid()`: a version 4 UUID; SQLite builds its text from `randomblob`,
    /// MySQL's `UUID()` (version 1) is the nearest it has.
    RandomUuid,
    /// `ceil`/`floor`: SQLite (built without its math functions) through `CAST(x AS INTEGER)`.
    WholeNumber,
    /// `date_trunc`: a TIMESTAMPTZ truncated in UTC (`date_trunc(unit, t, 'UTC')`).
    Truncate,
}

/// The fields `extract` and `date_part` take, lowercase.
pub const DATE_FIELDS: &[&str] = &[
    "year", "month", "day", "hour", "minute", "second", "dow", "doy", "epoch",
];

/// The units `date_trunc` takes, lowercase.
pub const TRUNCATION_UNITS: &[&str] = &[
    "year", "quarter", "month", "week", "day", "hour", "minute", "second",
];

const fn aggregate(name: &'static str, arity: Arity, result: ResultRule) -> Function {
    Function {
        name,
        aggregate: true,
        window: false,
        arity,
        result,
        null_arguments: NullArguments::Untyped,
        rendering: Rendering::AsWritten,
        construct: None,
    }
}

const fn scalar(name: &'static str, arity: Arity, result: ResultRule) -> Function {
    Function {
        aggregate: false,
        ..aggregate(name, arity, result)
    }
}

const fn window(name: &'static str, arity: Arity, result: ResultRule) -> Function {
    Function {
        aggregate: false,
        window: true,
        ..aggregate(name, arity, result)
    }
}

impl Function {
    const fn null_arguments(self, null_arguments: NullArguments) -> Function {
        Function {
            null_arguments,
            ..self
        }
    }

    const fn rendered(self, rendering: Rendering) -> Function {
        Function { rendering, ..self }
    }

    const fn only_where(self, construct: Construct) -> Function {
        Function {
            construct: Some(construct),
            ..self
        }
    }
}

use crate::dialect::Construct;
use Arity::*;
use NullArguments::*;

/// Every function `query!` knows, in name order.
pub const FUNCTIONS: &[Function] = &[
    scalar("abs", Exactly(1), ResultRule::SameNumber).null_arguments(FirstAsNumber),
    aggregate("avg", Exactly(1), ResultRule::Average).null_arguments(FirstAsNumber),
    scalar("ceil", Exactly(1), ResultRule::WholeNumber)
        .null_arguments(FirstAsNumber)
        .rendered(Rendering::WholeNumber),
    scalar("coalesce", AtLeast(2), ResultRule::Coalesce).null_arguments(AllLikeTyped),
    aggregate("count", OneOrStar, ResultRule::Count),
    window("cume_dist", Exactly(0), ResultRule::Distribution),
    scalar("current_date", Exactly(0), ResultRule::Today).rendered(Rendering::Today),
    scalar("current_timestamp", Exactly(0), ResultRule::Now).rendered(Rendering::Now),
    scalar("date_part", Exactly(2), ResultRule::DatePart).rendered(Rendering::DatePart),
    scalar("date_trunc", Exactly(2), ResultRule::Truncated)
        .rendered(Rendering::Truncate)
        .only_where(Construct::DateTrunc),
    window("dense_rank", Exactly(0), ResultRule::RowNumber),
    scalar("extract", Exactly(2), ResultRule::DatePart).rendered(Rendering::DatePart),
    window("first_value", Exactly(1), ResultRule::FrameValue),
    scalar("floor", Exactly(1), ResultRule::WholeNumber)
        .null_arguments(FirstAsNumber)
        .rendered(Rendering::WholeNumber),
    scalar("gen_random_uuid", Exactly(0), ResultRule::RandomUuid).rendered(Rendering::RandomUuid),
    scalar("greatest", AtLeast(2), ResultRule::Extreme)
        .null_arguments(AllLikeTyped)
        .rendered(Rendering::Extreme),
    aggregate("group_concat", Between(1, 2), ResultRule::Concatenation)
        .rendered(Rendering::GroupConcat),
    window("lag", Between(1, 3), ResultRule::Offset),
    window("last_value", Exactly(1), ResultRule::FrameValue),
    window("lead", Between(1, 3), ResultRule::Offset),
    scalar("least", AtLeast(2), ResultRule::Extreme)
        .null_arguments(AllLikeTyped)
        .rendered(Rendering::Extreme),
    scalar("length", Exactly(1), ResultRule::Length),
    scalar("lower", Exactly(1), ResultRule::Text),
    scalar("ltrim", Exactly(1), ResultRule::Text),
    aggregate("max", Exactly(1), ResultRule::SameAsArgumentAggregated)
        .null_arguments(FirstLikeTyped),
    aggregate("min", Exactly(1), ResultRule::SameAsArgumentAggregated)
        .null_arguments(FirstLikeTyped),
    scalar("now", Exactly(0), ResultRule::Now).rendered(Rendering::Now),
    window("nth_value", Exactly(2), ResultRule::NthValue),
    window("ntile", Exactly(1), ResultRule::RowNumber),
    scalar("nullif", Exactly(2), ResultRule::NullIf).null_arguments(AllLikeTyped),
    window("percent_rank", Exactly(0), ResultRule::Distribution),
    scalar("position", Exactly(2), ResultRule::Position).rendered(Rendering::Position),
    window("rank", Exactly(0), ResultRule::RowNumber),
    scalar("replace", Exactly(3), ResultRule::TextOfAll),
    scalar("round", Between(1, 2), ResultRule::SameNumber).null_arguments(FirstAsNumber),
    window("row_number", Exactly(0), ResultRule::RowNumber),
    scalar("rtrim", Exactly(1), ResultRule::Text),
    aggregate("string_agg", Exactly(2), ResultRule::Concatenation).rendered(Rendering::GroupConcat),
    scalar("substr", Between(2, 3), ResultRule::Substring),
    aggregate("sum", Exactly(1), ResultRule::Sum).null_arguments(FirstAsNumber),
    aggregate("total", Exactly(1), ResultRule::Total)
        .null_arguments(FirstAsNumber)
        .rendered(Rendering::Total),
    scalar("trim", Exactly(1), ResultRule::Text),
    scalar("upper", Exactly(1), ResultRule::Text),
];

/// The function called `name`, in any case.
pub fn lookup(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|f| f.name.eq_ignore_ascii_case(name))
}

/// Whether `name` is an aggregate function.
pub fn is_aggregate(name: &str) -> bool {
    lookup(name).is_some_and(|f| f.aggregate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_lowercase_sorted_and_unique() {
        for pair in FUNCTIONS.windows(2) {
            assert!(
                pair[0].name < pair[1].name,
                "{} before {}",
                pair[0].name,
                pair[1].name
            );
        }
        for function in FUNCTIONS {
            assert_eq!(function.name, function.name.to_ascii_lowercase());
        }
    }

    #[test]
    fn arity_says_what_fits() {
        assert!(OneOrStar.allows(0, true) && OneOrStar.allows(1, false));
        assert!(!Exactly(1).allows(0, true));
        assert!(Between(1, 2).allows(2, false) && !Between(1, 2).allows(3, false));
        assert!(AtLeast(2).allows(5, false) && !AtLeast(2).allows(1, false));
        assert_eq!(Between(1, 2).describe(), "1 or 2 arguments");
        assert_eq!(Exactly(2).describe(), "2 arguments");
    }

    #[test]
    fn lookup_ignores_case() {
        assert_eq!(lookup("COUNT").map(|f| f.name), Some("count"));
        assert!(is_aggregate("Sum") && !is_aggregate("coalesce") && !is_aggregate("nope"));
    }
}
