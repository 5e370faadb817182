//! The rules by which a learner is tested: attempts, marking and status.
//!
//! Pure state machines and functions: the module, the learner's commands, the time and
//! a seed go in; the state and what to show come out. The store saves what comes out,
//! the UI draws it; neither decides a mark.

pub mod attempt;
pub mod grade;
pub mod review;
pub mod session;
pub mod status;

pub use attempt::{
    Attempt, ChoiceVerdict, EngineError, Feedback, Item, Mode, Outcome, Response, ScenarioFeedback,
    ScenarioRun,
};
pub use grade::{Grade, PathStep};
pub use review::{Queue, Recall, ReviewItem, Scheduler};
pub use session::{Effect, RefresherAnswer, Resumed, Session, SessionNotice, Shown, Sitting, Step};
pub use status::{Finished, Status, status};
