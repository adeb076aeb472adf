//! Colour is decided once, here: `--color`, `NO_COLOR`, and whether stdout is a terminal.

use std::io::IsTerminal;

use super::args::ColorChoice;

/// Decides whether to colour and tells `colored`.
pub fn decide(choice: ColorChoice) {
    let on = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
        }
    };
    colored::control::set_override(on);
}
