//! goodfaith: finds coercive and mutual-benefit language in conversations.

pub mod context;
pub mod input;
pub mod lexicon;
pub mod text;
