//! `vigie checks list` and `vigie checks explain ID`: the catalogue, in
//! French, from the same metadata records the scan evaluates.

use super::args::{ChecksArgs, ChecksCommand};
use super::exit;
use crate::checks::{load, Axis, Check};

pub fn run(args: &ChecksArgs) -> anyhow::Result<u8> {
    let checks = match load::load_dir(&args.checks) {
        Ok(c) => c,
        Err(d) => {
            eprint!("{}", d.render());
            return Ok(exit::ERROR);
        }
    };
    match &args.command {
        ChecksCommand::List => {
            for axis in Axis::ALL {
                let of_axis: Vec<&Check> = checks.iter().filter(|c| c.axis == axis).collect();
                if of_axis.is_empty() {
                    continue;
                }
                println!("{}", axis.label());
                for c in of_axis {
                    println!("  {:<8} {:<9} {}", c.id, c.severity.label(), c.title);
                }
            }
            Ok(exit::SUCCESS)
        }
        ChecksCommand::Explain { id } => {
            let Some(c) = checks.iter().find(|c| c.id.eq_ignore_ascii_case(id)) else {
                eprintln!("erreur : contrôle « {id} » inconnu");
                let ids: Vec<&str> = checks.iter().map(|c| c.id.as_str()).collect();
                if let Some(s) = crate::config::spanned::closest(id, ids.iter().copied()) {
                    eprintln!("  aide : vouliez-vous dire « {s} » ?");
                }
                return Ok(exit::ERROR);
            };
            print!("{}", explain(c));
            Ok(exit::SUCCESS)
        }
    }
}

/// The French explanation of a check.
pub fn explain(c: &Check) -> String {
    let mut out = format!(
        "{} — {}\n\nAxe : {}\nGravité : {} · confiance : {} · sujet : {}\nDéfini dans : {}\n\nPourquoi\n{}\n\nQue faire\n{}\n\nCondition\n  {}\n",
        c.id,
        c.title,
        c.axis.label(),
        c.severity.label(),
        c.confidence.code(),
        c.subject.code(),
        c.location,
        c.rationale.trim(),
        c.remediation.trim(),
        c.condition.split_whitespace().collect::<Vec<_>>().join(" "),
    );
    out.push_str("\nRéférences\n");
    for r in &c.references {
        out.push_str(&format!("  - {r}\n"));
    }
    out.push_str("\nExemples\n");
    for e in &c.examples {
        out.push_str(&format!(
            "  {} {}\n",
            if e.fires {
                "signalé :"
            } else {
                "non signalé :"
            },
            e.description
        ));
    }
    out
}
