//! Reconciliation: ties every account to one person, or to nobody, and says
//! why. (Being built: normalisation of identity traits first.)

pub mod identifier;
pub mod login;
pub mod normalize;
pub mod phonetic;
pub mod policy;
