//! The command line.

use clap::{Args, Parser, Subcommand, ValueEnum};

/// huiqi (惠企): validate, quote and call the rules of China's SME
/// digital-transformation platforms.
#[derive(Parser, Debug)]
#[command(name = "huiqi", version, about, long_about = None)]
pub(crate) struct Cli {
    /// Print the answer as JSON on standard output.
    #[arg(long, global = true, overrides_with = "json")]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Validate one value.
    Validate {
        #[command(subcommand)]
        what: ValidateCommand,
    },
    /// Quote an order: subsidy, vouchers, payable.
    Quote(QuoteArgs),
    /// Run any call-API operation: `huiqi call OP REQUEST_JSON` (`-` reads standard input).
    Call {
        /// Operation name, such as `subsidy.quote`.
        op: String,
        /// The request, as JSON.
        request: String,
    },
    /// List the call-API operations.
    Ops,
    /// Run the manuals' worked examples.
    Demo,
    /// Show the branch an application takes on a route (`huiqi route procurement
    /// --kind regular --amount 4999.99`), or check a route file (`huiqi route check FILE`).
    Route(RouteArgs),
    /// Rehearse approval flows before deploying a route.
    Flow {
        #[command(subcommand)]
        what: FlowCommand,
    },
}

/// `allow_negative_numbers`: `--amount -1` is an amount for the library to
/// refuse (`money.negative`, in both languages), not an unknown flag.
#[derive(Args, Debug)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    allow_negative_numbers = true
)]
pub(crate) struct RouteArgs {
    #[command(subcommand)]
    pub command: Option<RouteCommand>,
    /// A route preset (`procurement`, `seal`, …), a TOML/JSON route file, or
    /// a JSON file listing a route's versions.
    #[arg(required = true, value_name = "NAME")]
    pub name: Option<String>,
    /// The application's kind (the `kind` field): procurement's are
    /// `basic-repair`, `regular` and `emergency`; a route file's are its own.
    /// A kind the route does not take as written is read with its hyphens
    /// as underscores (`basic-repair` is `basic_repair`).
    #[arg(long)]
    pub kind: Option<String>,
    /// The amount, e.g. `4999.99` (the `amount` field).
    #[arg(long)]
    pub amount: Option<String>,
    /// The procurement preset's threshold (default 5000.00).
    #[arg(long)]
    pub threshold: Option<String>,
    /// The threshold itself takes the smaller branch (default: the larger, "5000元以上" read as ≥).
    #[arg(long)]
    pub exclusive: bool,
    /// Any application field, `KEY=VALUE` (repeat for several).
    #[arg(long = "field", value_name = "KEY=VALUE")]
    pub fields: Vec<String>,
    /// The day of the submission, `YYYY-MM-DD` (Shanghai): of a file's
    /// versions (a JSON list), the one in force that day applies (default:
    /// today).
    #[arg(long)]
    pub date: Option<String>,
}

#[derive(Subcommand, Debug)]
pub(crate) enum RouteCommand {
    /// Run a route file's static checks (TOML or JSON, by extension): every problem found.
    Check {
        /// The route file (`.toml` or `.json`).
        file: std::path::PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub(crate) enum FlowCommand {
    /// Run a scenario (JSON): each step's answer, where the application ended, and every
    /// participant's to-do list. Exit 0 when every step was accepted, 1 when any was refused.
    Run {
        /// The scenario file.
        scenario: std::path::PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub(crate) enum ValidateCommand {
    /// Unified social credit code (统一社会信用代码).
    Uscc {
        /// The code.
        code: String,
    },
    /// Resident ID number (居民身份证号码).
    Id {
        /// The number.
        number: String,
        /// The date taken as today for the birth-date check (YYYY-MM-DD).
        #[arg(long)]
        today: Option<String>,
    },
    /// Mobile number.
    Mobile {
        /// The number.
        number: String,
    },
    /// Landline number, `area code-number`.
    Landline {
        /// The number.
        number: String,
    },
    /// Email address.
    Email {
        /// The address.
        address: String,
    },
    /// Postcode.
    Postcode {
        /// The code.
        code: String,
    },
    /// Provider sub-user username.
    Username {
        /// The name.
        name: String,
    },
    /// Henan login account.
    Account {
        /// The account.
        name: String,
    },
    /// A password against a preset policy.
    Password {
        /// The policy preset.
        #[arg(long, value_enum)]
        preset: PasswordPreset,
        /// The account's username.
        #[arg(long)]
        username: Option<String>,
        /// The account's mobile number.
        #[arg(long)]
        mobile: Option<String>,
        /// The account's email address.
        #[arg(long)]
        email: Option<String>,
        /// The password.
        password: String,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub(crate) enum PasswordPreset {
    /// National platform: 8–18, 3 of 4 classes.
    National,
    /// Henan platform: 9–19 letters, digits, symbols.
    Henan,
    /// NIST SP 800-63B: 8–64, not a common password.
    Nist,
}

impl PasswordPreset {
    pub(crate) fn name(self) -> &'static str {
        match self {
            PasswordPreset::National => "national",
            PasswordPreset::Henan => "henan",
            PasswordPreset::Nist => "nist",
        }
    }
}

/// Negative amounts are the library's to refuse, as for `route`.
#[derive(Args, Debug)]
#[command(allow_negative_numbers = true)]
pub(crate) struct QuoteArgs {
    /// A policy preset name (`henan`) or a TOML/JSON policy file.
    #[arg(long)]
    pub policy: String,
    /// The order amount, e.g. `245.00`.
    #[arg(long)]
    pub amount: String,
    /// The confirmed contract amount: quote the binding figure on it.
    #[arg(long)]
    pub contract: Option<String>,
    /// A voucher balance to apply (repeat for several).
    #[arg(long = "voucher")]
    pub vouchers: Vec<String>,
    /// The order date, YYYY-MM-DD (default: today in Asia/Shanghai).
    #[arg(long)]
    pub date: Option<String>,
    /// The enterprise's region code, e.g. `410102`.
    #[arg(long)]
    pub region: Option<String>,
    /// The product category.
    #[arg(long)]
    pub category: Option<String>,
    /// The provider.
    #[arg(long)]
    pub provider: Option<String>,
    /// The enterprise is not certified.
    #[arg(long)]
    pub not_certified: bool,
    /// The enterprise's eligibility: claimed (default), unclaimed or declined.
    #[arg(long, default_value = "claimed", value_parser = ["claimed", "unclaimed", "declined"])]
    pub claim: String,
    /// Subsidy the enterprise already got this year.
    #[arg(long)]
    pub year_used: Option<String>,
    /// Subsidy already granted from the budget pool.
    #[arg(long)]
    pub pool_used: Option<String>,
}
