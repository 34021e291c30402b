//! Escalation Triage's domain: what a case is, which way it goes, and why.
//!
//! This crate knows nothing of the browser, the DOM or the network. Everything here is plain data in,
//! plain data out, so the same code runs in the web app (compiled to wasm32), in the `triage`
//! batch command and in native tests.
//!
//! The entry point is [`classify`]: a [`Case`] in, a [`Verdict`] out. Inside, [`features`] turns the
//! text into hashed features, [`model`] weighs them (a linear model trained by [`train`] from
//! `data/corpus`), [`health`] matches service-health issues, [`rules`] applies Microsoft's guidance
//! to the facts, and [`advice`] adds next steps, product and severity.

pub mod advice;
pub mod base64url;
pub mod case;
pub mod config;
pub mod customer;
pub mod engine;
pub mod features;
pub mod flow;
pub mod health;
pub mod lexicon;
pub mod links;
pub mod model;
pub mod question;
pub mod rules;
pub mod session;
pub mod signin;
pub mod train;
pub mod verdict;

pub use case::{Case, Facts, Lang, Scope, Symptom};
pub use engine::{classify, classify_with, classify_with_health};
pub use verdict::{
    Alternative, Answer, Band, Basis, Bilingual, Product, Question, Reason, Route, SeedRule,
    Severity, SeveritySuggestion, Step, Verdict, Warning, WarningCode,
};
