//! The manager area's jobs on the worker: each runs one operation of the manager service
//! and answers with what to tell the manager.

use super::protocol::{ManagerJob, ManagerReply};
use std::sync::Arc;

use crate::content::Course;
use crate::i18n::Message;
use crate::service::access::{self, AccessPolicy, Machine, Organisation};
use crate::service::dashboard::{self, DashboardData, Insights, MatrixOrder};
use crate::service::manager::{self, ManagerError};
use crate::service::person::{self, PersonRecord};
use crate::service::retention::{RetentionView, whole_percent};
use crate::store::Store;

pub(super) fn run_manager(
    store: &mut Store,
    course: &Course,
    job: ManagerJob,
    matrix: &mut Option<MatrixOrder>,
) -> Result<ManagerReply, ManagerError> {
    let done = |message: Message, changed: bool| ManagerReply::Done {
        lines: vec![message],
        changed,
    };
    Ok(match job {
        ManagerJob::LockStatus => ManagerReply::LockStatus {
            has_passphrase: store.has_manager_passphrase()?,
        },
        ManagerJob::SetPassphrase(passphrase) => {
            store.set_manager_passphrase(&passphrase)?;
            ManagerReply::PassphraseSet
        }
        ManagerJob::Unlock { passphrase, now } => {
            ManagerReply::Unlock(store.unlock_manager(&passphrase, now)?)
        }
        ManagerJob::Dashboard { lang, now, known } => match known {
            Some((generation, loaded_at))
                if DashboardData::still_current(store, generation, loaded_at, now)? =>
            {
                ManagerReply::DashboardUnchanged
            }
            _ => ManagerReply::Dashboard(Arc::new(DashboardData::load(
                store,
                course,
                lang.code(),
                now,
            )?)),
        },
        ManagerJob::MatrixPage {
            query,
            offset,
            lang,
            now,
        } => ManagerReply::MatrixPage(Box::new(dashboard::matrix_page(
            store,
            course,
            lang.code(),
            now,
            &query,
            offset,
            matrix,
        )?)),
        ManagerJob::Insights { lang, department } => ManagerReply::Insights(Arc::new(
            Insights::load(store, course, lang.code(), department.as_deref())?,
        )),
        ManagerJob::Retention { lang, department } => ManagerReply::Retention(Arc::new(
            RetentionView::load(store, course, lang.code(), department.as_deref())?,
        )),
        ManagerJob::SetDesiredRetention(desired) => {
            store.set_refresher_retention(desired)?;
            done(
                Message::new("retention-desired-saved")
                    .with("percent", whole_percent(desired).to_string()),
                false,
            )
        }
        ManagerJob::Search { text } => ManagerReply::Found {
            learners: person::search(store, &text)?,
            text,
        },
        ManagerJob::Person {
            learner_id,
            lang,
            now,
        } => ManagerReply::Person {
            record: PersonRecord::load(store, course, lang.code(), now, &learner_id)?.map(Arc::new),
            learner_id,
        },
        ManagerJob::SetDueDate {
            module,
            department,
            date,
        } => {
            store.set_due_date(&module, department.as_deref(), date)?;
            let message = Message::new("done-due-set")
                .module("module", &module)
                .with("date", date);
            done(with_department(message, department), true)
        }
        ManagerJob::ClearDueDate { module, department } => {
            store.clear_due_date(&module, department.as_deref())?;
            let message = Message::new("done-due-cleared").module("module", &module);
            done(with_department(message, department), true)
        }
        ManagerJob::AssignTrack {
            track,
            title,
            department,
            date,
        } => {
            store.assign_track(&track, department.as_deref(), date)?;
            let message = Message::new("done-track-assigned")
                .with("track", title)
                .with("date", date);
            done(with_department(message, department), true)
        }
        ManagerJob::UnassignTrack {
            track,
            title,
            department,
        } => {
            store.unassign_track(&track, department.as_deref())?;
            let message = Message::new("done-track-unassigned").with("track", title);
            done(with_department(message, department), true)
        }
        ManagerJob::SetRetention(days) => {
            store.set_retention_days(days)?;
            let message = match days {
                Some(days) => Message::new("done-retention-set").with("days", days),
                None => Message::new("done-retention-off"),
            };
            done(message, true)
        }
        ManagerJob::Import { paths, now } => {
            let imports = manager::import_bundles(store, course, &paths, now, None);
            let changed = imports
                .iter()
                .any(|i| i.result.as_ref().is_ok_and(|r| !r.changed_nothing()));
            ManagerReply::Done {
                lines: manager::import_messages(&imports),
                changed,
            }
        }
        ManagerJob::LrsConfigure { config, now } => {
            let configured = crate::lrs::configure(store, &config, course, now)?;
            ManagerReply::LrsChanged(
                Message::new("done-lrs-configured")
                    .with(
                        "endpoint",
                        configured
                            .settings
                            .endpoint
                            .as_ref()
                            .map_or_else(String::new, crate::lrs::Endpoint::statements_url),
                    )
                    .with("key", configured.key_hint)
                    .with("queued", configured.backfilled.statements),
            )
        }
        ManagerJob::LrsOff => {
            crate::lrs::turn_off(store, false)?;
            ManagerReply::LrsChanged(Message::new("done-lrs-off"))
        }
        ManagerJob::LoadSettings => {
            let issuer = crate::certificate::Issuer::load(store)?;
            let machine = Machine::load(store)?;
            ManagerReply::Settings {
                organisation: Organisation {
                    name: issuer.organisation.unwrap_or_default(),
                    signatory: issuer.signatory.unwrap_or_default(),
                    signatory_title: issuer.signatory_title.unwrap_or_default(),
                },
                policy: AccessPolicy {
                    pins_required: machine.pins_required,
                    idle_minutes: machine.idle_minutes,
                    show_author: machine.show_author,
                    tools_for_learners: machine.tools_for_learners,
                },
            }
        }
        ManagerJob::SetOrganisation(organisation) => {
            access::set_organisation(store, &organisation)?;
            done(Message::new("done-organisation-set"), false)
        }
        ManagerJob::SetPolicy(policy) => {
            access::set_policy(store, policy)?;
            let message = if policy.pins_required {
                Message::new("done-pins-required")
            } else {
                Message::new("done-pins-optional")
            };
            ManagerReply::AccessChanged(message.with("minutes", policy.idle_minutes))
        }
        ManagerJob::ResetPin { learner_id, now } => {
            store.remove_learner_pin(&learner_id, Some(now))?;
            let name = store.learner(&learner_id)?.display_name;
            ManagerReply::AccessChanged(Message::new("done-pin-reset").with("name", name))
        }
    })
}

/// The message, saying which department it applies to (or everyone).
fn with_department(message: Message, department: Option<String>) -> Message {
    match department {
        Some(department) => message.with(
            "who",
            Message::new("done-for-department").with("department", department),
        ),
        None => message.with("who", Message::new("done-for-everyone")),
    }
}
