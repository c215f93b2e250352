//! `dateline kb …`: the knowledge base's tables under `data/kb/`.

pub mod build;
pub mod events;
mod phoenix;
mod query;

use std::process::ExitCode;

use clap::Subcommand;

#[derive(Subcommand)]
pub enum KbCommand {
    /// Regenerate data/kb/people.tsv, terms.tsv and terms_resolved.log from leaders.csv (the
    /// shared data) and the hand tables in data/kb, and affiliated.tsv from PETRARCH-2's
    /// Phoenix people, deterministically.
    Build(build::BuildArgs),
    /// Regenerate data/events/verbs.txt and cameo.tsv from the shared event-coding data
    /// (PETRARCH-2's verb dictionary, the CAMEO code table), deterministically.
    Events(events::EventsArgs),
    /// Who held an office on a day: `kb who --country GBR --office "head of government" --date 2019-07-30`.
    Who(query::WhoArgs),
    /// People, states and organisations whose name contains NAME, with their terms.
    Search(query::SearchArgs),
    /// Coverage: countries, organisations, people, terms by office, the horizon.
    Stats(query::StatsArgs),
}

pub fn run(command: KbCommand) -> anyhow::Result<ExitCode> {
    match command {
        KbCommand::Build(args) => build::run(args),
        KbCommand::Events(args) => events::run(args),
        KbCommand::Who(args) => query::who(args),
        KbCommand::Search(args) => query::search(args),
        KbCommand::Stats(args) => query::stats(args),
    }
}
