//! `jaga organisation`: the organisation that issues certificates, and who signs them.
//!
//! Without options it prints what is set. Each option sets one value; an empty value
//! removes it. Certificates made afterwards carry them; their verification codes do not
//! depend on them.

use std::process::ExitCode;

use chrono::Utc;
use clap::Args;

use super::{Cli, open_store_at};
use crate::certificate::Issuer;
use crate::service::access::{Organisation, set_organisation};

#[derive(Debug, Args)]
pub struct OrganisationArgs {
    /// The organisation's name, printed as the certificate's issuer.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Who signs certificates for the organisation.
    #[arg(long, value_name = "NAME")]
    pub signatory: Option<String>,
    /// The signatory's title, printed under their name.
    #[arg(long, value_name = "TITLE")]
    pub signatory_title: Option<String>,
}

pub fn run(cli: &Cli, args: &OrganisationArgs) -> anyhow::Result<ExitCode> {
    let mut store = open_store_at(
        cli,
        &super::data_dir(cli)?,
        "set the organisation",
        Utc::now(),
    )?;
    if args.name.is_some() || args.signatory.is_some() || args.signatory_title.is_some() {
        let now = Issuer::load(&store)?;
        let pick = |given: &Option<String>, current: Option<String>| {
            given.clone().or(current).unwrap_or_default()
        };
        let org = Organisation {
            name: pick(&args.name, now.organisation),
            signatory: pick(&args.signatory, now.signatory),
            signatory_title: pick(&args.signatory_title, now.signatory_title),
        };
        set_organisation(&mut store, &org)?;
    }
    let issuer = Issuer::load(&store)?;
    let show = |value: &Option<String>| value.clone().unwrap_or_else(|| "(not set)".to_owned());
    outln!("organisation: {}", show(&issuer.organisation));
    outln!("signatory: {}", show(&issuer.signatory));
    outln!("signatory title: {}", show(&issuer.signatory_title));
    Ok(ExitCode::SUCCESS)
}
