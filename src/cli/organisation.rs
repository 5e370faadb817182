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
use crate::store::keys;

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
    let mut store = open_store_at(&super::data_dir(cli)?, "set the organisation", Utc::now())?;
    for (key, value) in [
        (keys::ORG_NAME, &args.name),
        (keys::ORG_SIGNATORY, &args.signatory),
        (keys::ORG_SIGNATORY_TITLE, &args.signatory_title),
    ] {
        match value.as_deref().map(str::trim) {
            Some("") => store.remove_setting(key)?,
            Some(value) => {
                if value.chars().count() > 120 || value.chars().any(char::is_control) {
                    anyhow::bail!(
                        "`{value}` is too long (120 characters at most) or has a control character"
                    );
                }
                store.set_setting(key, value)?;
            }
            None => {}
        }
    }
    let issuer = Issuer::load(&store)?;
    let show = |value: &Option<String>| value.clone().unwrap_or_else(|| "(not set)".to_owned());
    println!("organisation: {}", show(&issuer.organisation));
    println!("signatory: {}", show(&issuer.signatory));
    println!("signatory title: {}", show(&issuer.signatory_title));
    Ok(ExitCode::SUCCESS)
}
