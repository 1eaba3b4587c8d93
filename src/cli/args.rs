//! Argument definitions (clap derive) with French help, and the translation
//! of clap's parse errors into French messages.

use crate::checks::Severity;
use clap::builder::PossibleValue;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const HELP_TEMPLATE: &str = "\
{before-help}{name} {version} — {about}

Utilisation : {usage}

{all-args}{after-help}";

const SUB_TEMPLATE: &str = "\
{about}

Utilisation : {usage}

{all-args}{after-help}";

const AFTER_HELP: &str = "\
Codes de sortie :
  0  succès (seuil de blocage respecté, s'il y en a un)
  1  seuil de blocage franchi (--fail-on, --fail-on-new) ; pour verify : dossier altéré
  2  erreur d'utilisation, de configuration ou de fichier d'entrée
  3  analyse incomplète : une source n'a pas pu être lue (jamais présentée comme saine,
     quel que soit le seuil)";

const VERIFY_AFTER_HELP: &str = "\
Codes de sortie :
  0  intact : chaque résultat et chaque entrée est conforme au manifeste
  1  altéré : un résultat modifié, ajouté ou supprimé, une entrée modifiée ou
     introuvable depuis l'analyse, ou un manifeste illisible
  2  erreur d'utilisation : dossier introuvable ou sans manifest.json";

/// Vigie : audit des identités, des comptes et des habilitations d'un établissement de santé.
#[derive(Debug, Parser)]
#[command(
    name = "vigie",
    version,
    about = "audit des identités, des comptes et des habilitations",
    help_template = HELP_TEMPLATE,
    after_help = AFTER_HELP,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    next_help_heading = "Options"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Affiche cette aide
    #[arg(short = 'h', long = "help", action = clap::ArgAction::Help, global = true, display_order = 1000)]
    help: Option<bool>,
    /// Affiche la version
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Debug, Subcommand)]
#[command(subcommand_help_heading = "Commandes")]
pub enum Command {
    /// Vérifie vigie.toml et les sources déclarées ; liste toutes les erreurs
    #[command(help_template = SUB_TEMPLATE, after_help = AFTER_HELP, next_help_heading = "Options")]
    Validate(ValidateArgs),
    /// Lit les sources et écrit l'instantané normalisé (JSON)
    #[command(help_template = SUB_TEMPLATE, after_help = AFTER_HELP, next_help_heading = "Options")]
    Snapshot(SnapshotArgs),
    /// Analyse complète : lecture des sources, graphe des accès, rapprochement des comptes
    #[command(help_template = SUB_TEMPLATE, after_help = AFTER_HELP, next_help_heading = "Options")]
    Scan(ScanArgs),
    /// Le catalogue des contrôles : liste ou explication d'un contrôle
    #[command(help_template = SUB_TEMPLATE, subcommand_help_heading = "Commandes", next_help_heading = "Options")]
    Checks(ChecksArgs),
    /// Les analyses précédentes : date, état, constats ouverts, évolution
    #[command(help_template = SUB_TEMPLATE, after_help = AFTER_HELP, next_help_heading = "Options")]
    History(HistoryArgs),
    /// Vérifie qu'un dossier de résultats et ses entrées sont conformes à son manifeste
    #[command(help_template = SUB_TEMPLATE, after_help = VERIFY_AFTER_HELP, next_help_heading = "Options")]
    Verify(VerifyArgs),
}

#[derive(Debug, Args)]
pub struct ChecksArgs {
    /// Dossier des contrôles (défaut : checks)
    #[arg(
        long,
        value_name = "DOSSIER",
        default_value = "checks",
        hide_default_value = true,
        global = true
    )]
    pub checks: PathBuf,
    #[command(subcommand)]
    pub command: ChecksCommand,
}

#[derive(Debug, Subcommand)]
pub enum ChecksCommand {
    /// Liste les contrôles par axe
    #[command(help_template = SUB_TEMPLATE)]
    List,
    /// Explique un contrôle : pourquoi, comment corriger, références, exemples
    #[command(help_template = SUB_TEMPLATE)]
    Explain {
        /// Identifiant du contrôle, par ex. CYC-001
        #[arg(value_name = "ID")]
        id: String,
    },
}

#[derive(Debug, Args)]
pub struct ConfigArg {
    /// Fichier de configuration de l'établissement (défaut : vigie.toml)
    #[arg(
        long,
        short = 'c',
        value_name = "FICHIER",
        default_value = "vigie.toml",
        hide_default_value = true
    )]
    pub config: PathBuf,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub config: ConfigArg,
}

#[derive(Debug, Args)]
pub struct SnapshotArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    /// Fichier JSON à écrire
    #[arg(long, short = 'o', value_name = "FICHIER")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    /// Dossier des résultats (défaut : vigie-out)
    #[arg(
        long,
        short = 'o',
        value_name = "DOSSIER",
        default_value = "vigie-out",
        hide_default_value = true
    )]
    pub out: PathBuf,
    /// Échoue (code 1) s'il reste un constat ouvert (non dérogé) de cette
    /// gravité ou plus : critique, elevee (ou élevée), moyenne, faible, info
    #[arg(
        long,
        value_name = "GRAVITÉ",
        ignore_case = true,
        hide_possible_values = true
    )]
    pub fail_on: Option<SeverityArg>,
    /// Analyse précédente à comparer (son findings.json) : chaque constat
    /// devient nouveau ou persistant, ceux qui ont disparu sont corrigés
    #[arg(long, value_name = "FICHIER")]
    pub baseline: Option<PathBuf>,
    /// Avec --baseline : n'échoue que sur les constats NOUVEAUX, de la
    /// gravité de --fail-on ou plus (sans --fail-on : de toute gravité)
    #[arg(long)]
    pub fail_on_new: bool,
    /// Base de l'historique (défaut : .vigie/history.db dans le dossier du
    /// fichier de configuration)
    #[arg(long, value_name = "FICHIER")]
    pub history: Option<PathBuf>,
    /// N'enregistre pas cette analyse dans l'historique
    #[arg(long, conflicts_with = "history")]
    pub no_history: bool,
    /// Remplace dans les rapports les noms, identifiants de connexion et numéros des personnes par des pseudonymes stables
    #[arg(long)]
    pub pseudonymize: bool,
}

/// A severity on the command line: the French codes, with the labels
/// (`élevée`, `information`) as aliases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeverityArg(pub Severity);

impl ValueEnum for SeverityArg {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            SeverityArg(Severity::Critical),
            SeverityArg(Severity::High),
            SeverityArg(Severity::Medium),
            SeverityArg(Severity::Low),
            SeverityArg(Severity::Info),
        ]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let value = PossibleValue::new(self.0.code());
        Some(if self.0.label() == self.0.code() {
            value
        } else {
            value.alias(self.0.label())
        })
    }
}

#[derive(Debug, Args)]
pub struct HistoryPathArg {
    /// Base de l'historique (défaut : .vigie/history.db dans le dossier du
    /// fichier de configuration)
    #[arg(long, value_name = "FICHIER")]
    pub history: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    #[command(flatten)]
    pub history: HistoryPathArg,
    /// N'affiche que les N dernières analyses de chaque établissement
    #[arg(long, value_name = "N")]
    pub last: Option<usize>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Dossier de résultats écrit par « vigie scan » (avec son manifest.json)
    #[arg(value_name = "DOSSIER")]
    pub dir: PathBuf,
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Prints a clap error in French; returns the exit code (0 for help and version).
pub fn report_clap_error(e: &clap::Error) -> u8 {
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            print!("{e}");
            return super::exit::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            eprint!("{}", e.render());
            eprintln!("\nerreur : indiquez une commande (validate, snapshot, scan, checks, history, verify)");
            return super::exit::ERROR;
        }
        ErrorKind::UnknownArgument => format!("argument inconnu « {arg} »"),
        ErrorKind::InvalidSubcommand => format!(
            "commande inconnue « {} »",
            context(e, ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::MissingRequiredArgument => format!("argument obligatoire manquant : {arg}"),
        ErrorKind::InvalidValue => format!("valeur « {value} » invalide pour {arg}"),
        ErrorKind::NoEquals => format!("{arg} attend une valeur après « = »"),
        ErrorKind::ValueValidation => format!("valeur « {value} » invalide pour {arg}"),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("nombre de valeurs incorrect pour {arg}")
        }
        ErrorKind::ArgumentConflict => format!("{arg} ne peut pas être utilisé avec cet argument"),
        _ => format!("arguments invalides ({})", e.kind()),
    };
    eprintln!("erreur : {message}");
    if let Some(s) = context(e, ContextKind::SuggestedArg)
        .or_else(|| context(e, ContextKind::SuggestedSubcommand))
    {
        eprintln!("  aide : vouliez-vous dire « {s} » ?");
    }
    if let Some(v) = context(e, ContextKind::ValidValue) {
        eprintln!("  valeurs possibles : {v}");
    }
    eprintln!("Pour plus d'informations, essayez « vigie --help ».");
    super::exit::ERROR
}
