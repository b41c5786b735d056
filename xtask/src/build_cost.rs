//! `cargo xtask build-cost`: what a `query!` costs the build. It generates crates of 0 and N
//! statements over one 20-table schema, times `cargo build` and `cargo check` of each after
//! their dependencies are built, and reports the slope per statement and rustc's peak memory.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The tables of the generated schema.
const TABLES: usize = 20;

/// Times each crate size and prints one Markdown table, with the slope between the first size
/// and each larger one.
/// `sqlmint` is the checkout whose facade crate the generated crates depend on (another
/// commit's worktree, to compare two versions), or this workspace.
/// With `optimized_macros`, the crates build their proc macros (sqlmint's among them) with
/// `opt-level = 3`, as `[profile.dev.build-override]` in an application's manifest does.
pub fn run(
    sizes: &[usize],
    runs: usize,
    sqlmint: Option<&Path>,
    optimized_macros: bool,
) -> Result<String, String> {
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("xtask has no parent directory")?
        .to_path_buf();
    let root = sqlmint.map_or_else(|| workspace.clone(), Path::to_path_buf);
    let base = root.join("target/build-cost");
    let variant = if optimized_macros {
        "-optimized-macros"
    } else {
        ""
    };
    let target = base.join(format!("target{variant}"));
    let mut rows = Vec::new();
    for &size in sizes {
        let dir = base.join(format!("statements-{size}{variant}"));
        generate(&root, &dir, size, optimized_macros)
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        // Dependencies first, so the timings below are of the crate alone.
        cargo(&dir, &target, "build")?;
        cargo(&dir, &target, "check")?;
        let build = median(runs, || timed(&dir, &target, "build"))?;
        let check = median(runs, || timed(&dir, &target, "check"))?;
        rows.push((size, build, check));
    }
    let mut out = String::from(
        "| statements | cargo build | cargo check | build per statement | check per statement | rustc peak memory (build) |\n|---|---|---|---|---|---|\n",
    );
    let (first_size, first_build, first_check) = rows
        .first()
        .map(|&(size, build, check)| (size, build.0, check.0))
        .ok_or("no sizes")?;
    for &(size, (build, peak), (check, _)) in &rows {
        let per = |total: Duration, first: Duration| {
            if size == first_size {
                "".to_owned()
            } else {
                let slope =
                    (total.as_secs_f64() - first.as_secs_f64()) / (size - first_size) as f64;
                format!("{:.2} ms", slope * 1000.0)
            }
        };
        let _ = writeln!(
            out,
            "| {size} | {:.2} s | {:.2} s | {} | {} | {} MiB |",
            build.as_secs_f64(),
            check.as_secs_f64(),
            per(build, first_build),
            per(check, first_check),
            peak / 1024
        );
    }
    Ok(out)
}

/// The median of `runs` timings (and the peak memory of the median build, in KiB).
fn median(
    runs: usize,
    mut time: impl FnMut() -> Result<(Duration, u64), String>,
) -> Result<(Duration, u64), String> {
    let mut all = (0..runs.max(1))
        .map(|_| time())
        .collect::<Result<Vec<_>, _>>()?;
    all.sort();
    Ok(all[all.len() / 2])
}

/// One `cargo <command>` of the crate alone (its source touched so that it is rebuilt), with
/// the peak resident memory of cargo's children, rustc among them, in KiB.
fn timed(dir: &Path, target: &Path, command: &str) -> Result<(Duration, u64), String> {
    let main = dir.join("src/main.rs");
    let text = fs::read_to_string(&main).map_err(|e| e.to_string())?;
    fs::write(&main, text).map_err(|e| e.to_string())?;
    let start = Instant::now();
    let peak = cargo(dir, target, command)?;
    Ok((start.elapsed(), peak))
}

/// Runs `cargo <command>` on the generated crate under GNU time's `%M` where it is installed
/// (the peak memory of the largest child), and returns that peak in KiB (0 without it).
fn cargo(dir: &Path, target: &Path, command: &str) -> Result<u64, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let time = Path::new("/usr/bin/time");
    let mut child = if time.exists() {
        let mut c = Command::new(time);
        c.arg("-f").arg("peak %M").arg(&cargo);
        c
    } else {
        Command::new(&cargo)
    };
    let output = child
        .arg(command)
        .arg("--quiet")
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!(
            "cargo {command} failed in {}:\n{stderr}",
            dir.display()
        ));
    }
    Ok(stderr
        .lines()
        .filter_map(|line| line.strip_prefix("peak "))
        .filter_map(|kib| kib.trim().parse().ok())
        .max()
        .unwrap_or(0))
}

/// A crate whose `main` runs `statements` queries of four shapes (a join with a parameter, an
/// aggregate, an INSERT, an UPDATE ... RETURNING), each in a function of its own, over
/// [`TABLES`] tables each referencing the one before.
fn generate(root: &Path, dir: &Path, statements: usize, optimized_macros: bool) -> io::Result<()> {
    fs::create_dir_all(dir.join("src"))?;
    let mut manifest = format!(
        "# Generated by `cargo xtask build-cost`.\n[package]\nname = \"build-cost-{statements}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nsqlmint = {{ path = {:?} }}\n\n[workspace]\n",
        root.display().to_string()
    );
    if optimized_macros {
        manifest.push_str("\n[profile.dev.build-override]\nopt-level = 3\n");
    }
    fs::write(dir.join("Cargo.toml"), manifest)?;
    let lock = dir.join("Cargo.lock");
    if !lock.exists() {
        fs::copy(root.join("Cargo.lock"), &lock)?;
    }
    let mut source = String::from(
        "//! Generated by `cargo xtask build-cost`.\n#![allow(dead_code)]\n\nsqlmint::schema! {\n    pub mod db {\n",
    );
    for t in 0..TABLES {
        let reference = if t == 0 {
            String::new()
        } else {
            format!(" REFERENCES t{}(id)", t - 1)
        };
        let _ = writeln!(
            source,
            "        table t{t} {{ id: INTEGER PRIMARY KEY, name: TEXT NOT NULL, note: TEXT, amount: BIGINT NOT NULL, parent_id: INTEGER{reference}, created: DATE }}"
        );
    }
    source.push_str("    }\n}\n\nuse sqlmint::sqlite::Connection;\n\n");
    for i in 0..statements {
        let t = i % TABLES;
        let statement = match i % 4 {
            0 if t > 0 => format!(
                "conn.fetch_all(&db::query!(SELECT c.id, c.name, p.note FROM t{t} AS c JOIN t{} AS p ON p.id = c.parent_id WHERE c.amount > {{min}}))?.len()",
                t - 1
            ),
            0 | 1 => format!(
                "conn.fetch_all(&db::query!(SELECT name, count(*) AS n, sum(amount) AS total FROM t{t} WHERE note IS NOT NULL AND amount < {{min}} GROUP BY name))?.len()"
            ),
            2 => format!(
                "conn.execute(&db::query!(INSERT INTO t{t} (name, note, amount) VALUES ({{name}}, {{name}}, {{min}})))? as usize"
            ),
            _ => format!(
                "conn.fetch_all(&db::query!(UPDATE t{t} SET note = {{name}}, amount = amount + 1 WHERE id = {{min}} RETURNING id, amount))?.len()"
            ),
        };
        let _ = writeln!(
            source,
            "fn statement_{i}(conn: &Connection, name: &str, min: i64) -> sqlmint::Result<usize> {{\n    Ok({statement})\n}}\n"
        );
    }
    source.push_str(
        "fn main() -> sqlmint::Result<()> {\n    let conn = Connection::open_in_memory()?;\n    db::create_all(&conn)?;\n",
    );
    for i in 0..statements {
        let _ = writeln!(source, "    statement_{i}(&conn, \"x\", 1)?;");
    }
    source.push_str("    Ok(())\n}\n");
    fs::write(dir.join("src/main.rs"), source)
}
