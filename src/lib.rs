//! goodfaith: finds coercive and mutual-benefit language in conversations.

pub mod analysis;
pub mod config;
pub mod context;
pub mod eval;
pub mod examples;
pub mod input;
pub mod lexicon;
pub mod model;
pub mod report;
pub mod text;
