//! `vigie checks list` and `vigie checks explain ID`: the catalogue, in
//! French, from the same metadata records the scan evaluates.

use super::args::{ChecksArgs, ChecksCommand};
use super::exit;
use crate::checks::indicators::Indicator;
use crate::checks::{load, Axis, Check};

pub fn run(args: &ChecksArgs) -> anyhow::Result<u8> {
    let (checks, indicators) = match load::load_catalogue(&args.checks) {
        Ok(c) => (c.checks, c.indicators),
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
            if !indicators.is_empty() {
                println!("Indicateurs");
                for i in &indicators {
                    let years: Vec<String> = i.targets.iter().map(|t| t.year.to_string()).collect();
                    println!(
                        "  {:<8} {:<9} {} ({})",
                        i.id,
                        years.join("/"),
                        i.title,
                        i.objective
                    );
                }
            }
            Ok(exit::SUCCESS)
        }
        ChecksCommand::Explain { id } => {
            if let Some(i) = indicators.iter().find(|i| i.id.eq_ignore_ascii_case(id)) {
                print!("{}", explain_indicator(i));
                return Ok(exit::SUCCESS);
            }
            let Some(c) = checks.iter().find(|c| c.id.eq_ignore_ascii_case(id)) else {
                eprintln!("erreur : contrôle « {id} » inconnu");
                let ids: Vec<&str> = checks
                    .iter()
                    .map(|c| c.id.as_str())
                    .chain(indicators.iter().map(|i| i.id.as_str()))
                    .collect();
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

/// The French explanation of an indicator.
pub fn explain_indicator(i: &Indicator) -> String {
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = format!(
        "{} — {}\n\n{} · axe : {} · sujet : {}\nDéfini dans : {}\n\n{}\n\nDénominateur\n  {}\nNumérateur\n  {}\n\nCibles\n",
        i.id,
        i.title,
        i.objective,
        i.axis.label(),
        i.subject.code(),
        i.location,
        i.description.trim(),
        flat(&i.denominator),
        flat(&i.numerator),
    );
    for t in &i.targets {
        out.push_str(&format!(
            "  {} : {} % — {}{}\n",
            t.year,
            (t.value * 100.0).round(),
            t.population,
            t.scope
                .as_deref()
                .map(|s| format!(" (parmi : {})", flat(s)))
                .unwrap_or_default()
        ));
    }
    out.push_str("\nRéférences\n");
    for r in &i.references {
        out.push_str(&format!("  - {r}\n"));
    }
    out
}
