//! xAPI 1.0.3 statements about finished attempts, for exports and the organisation's LRS.
//!
//! (Being written: see issue 7.)
