//! `goodfaith lsp`: a language server over standard input and output. Diagnostics on
//! open and change for Markdown, plain text, HTML and email drafts (severity from the
//! rule's), hover with what the rule is and a better way to say it, and a code action
//! that puts the rule's example wording in place of the sentence. Settings come from
//! `goodfaith.toml` up the tree, as for a check; inline suppression comments count.
//!
//! One thread: a document of a few pages is analysed in milliseconds, so each change
//! is analysed as it arrives and the diagnostics are published at once.

mod document;
mod findings;
mod workspace;

use std::collections::HashMap;

use anyhow::{Context, Result};
use goodfaith::analysis::{Analyzer, Suppressions};
use goodfaith::input;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument, Exit, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, Request as _, Shutdown};
use lsp_types::{
    CodeActionOrCommand, CodeActionParams, CodeActionProviderCapability, Hover, HoverContents, HoverParams,
    HoverProviderCapability, MarkupContent, MarkupKind, PublishDiagnosticsParams, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};

use super::args::ConfigArgs;
use super::EXIT_CLEAN;
use document::Document;
use findings::Item;
use workspace::Workspace;

/// Runs the server until the client says `exit`.
pub fn run(config: ConfigArgs) -> Result<u8> {
    let (connection, io) = Connection::stdio();
    serve(&connection, config)?;
    drop(connection);
    io.join().context("the language server's input and output")?;
    Ok(EXIT_CLEAN)
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

fn serve(connection: &Connection, config: ConfigArgs) -> Result<()> {
    let (id, _params) = connection.initialize_start()?;
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": { "name": "goodfaith", "version": env!("CARGO_PKG_VERSION") },
    });
    connection.initialize_finish(id, result)?;
    let mut server = Server { connection, workspace: Workspace::new(config), documents: HashMap::new() };
    for message in &connection.receiver {
        match message {
            Message::Request(req) if req.method == Shutdown::METHOD => return shut_down(connection, req),
            Message::Request(req) => server.request(req)?,
            Message::Notification(n) => server.notification(n)?,
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// Answers `shutdown` and waits for `exit`. A client that closes the pipe instead (as
/// Neovim may when it quits) ends the session just as cleanly.
fn shut_down(connection: &Connection, req: Request) -> Result<()> {
    connection.sender.send(Response::new_ok(req.id, ()).into())?;
    loop {
        match connection.receiver.recv_timeout(std::time::Duration::from_secs(30)) {
            Ok(Message::Notification(n)) if n.method == Exit::METHOD => return Ok(()),
            Ok(Message::Request(r)) => {
                let refused = Response::new_err(r.id, ErrorCode::InvalidRequest as i32, "shutting down".into());
                connection.sender.send(refused.into())?;
            }
            Ok(_) => {}
            Err(_) => return Ok(()),
        }
    }
}

/// An open document and what was found in it.
struct Open {
    doc: Document,
    items: Vec<Item>,
}

struct Server<'c> {
    connection: &'c Connection,
    workspace: Workspace,
    documents: HashMap<String, Open>,
}

impl Server<'_> {
    fn notification(&mut self, n: Notification) -> Result<()> {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let p: lsp_types::DidOpenTextDocumentParams = serde_json::from_value(n.params)?;
                let d = p.text_document;
                let doc = Document::new(d.uri.as_str().to_string(), d.language_id, d.text);
                self.update(d.uri, doc)
            }
            DidChangeTextDocument::METHOD => {
                let p: lsp_types::DidChangeTextDocumentParams = serde_json::from_value(n.params)?;
                // Full sync: the last change holds the whole text.
                let (Some(change), Some(open)) =
                    (p.content_changes.into_iter().last(), self.documents.remove(p.text_document.uri.as_str()))
                else {
                    return Ok(());
                };
                let mut doc = open.doc;
                doc.set_text(change.text);
                self.update(p.text_document.uri, doc)
            }
            DidSaveTextDocument::METHOD => {
                // The config may have changed beside it: analyse again.
                let p: lsp_types::DidSaveTextDocumentParams = serde_json::from_value(n.params)?;
                match self.documents.remove(p.text_document.uri.as_str()) {
                    Some(open) => self.update(p.text_document.uri, open.doc),
                    None => Ok(()),
                }
            }
            DidCloseTextDocument::METHOD => {
                let p: lsp_types::DidCloseTextDocumentParams = serde_json::from_value(n.params)?;
                self.documents.remove(p.text_document.uri.as_str());
                self.publish(p.text_document.uri, &[])
            }
            _ => Ok(()),
        }
    }

    /// Analyses `doc`, keeps it and publishes its diagnostics.
    fn update(&mut self, uri: Uri, doc: Document) -> Result<()> {
        let items = match self.analyse(&doc) {
            Ok(items) => items,
            Err(message) => vec![problem_with_settings(message)],
        };
        self.publish(uri, &items)?;
        self.documents.insert(doc.uri.clone(), Open { doc, items });
        Ok(())
    }

    fn analyse(&mut self, doc: &Document) -> Result<Vec<Item>, String> {
        let options = self.workspace.options_for(doc.path.as_deref())?;
        let label = doc.label();
        let path = std::path::PathBuf::from(&label);
        let Some(format) = doc.format() else { return Ok(vec![]) };
        if options.excluded(&path) {
            return Ok(vec![]);
        }
        let mut suppressions = if doc.text.contains(goodfaith::analysis::suppress::MARKER) {
            Suppressions::parse(&doc.text)
        } else {
            Suppressions::none()
        };
        let read = input::Options { format: Some(format), ..options.read };
        let conv = input::read_with(&label, doc.text.as_bytes(), &read).map_err(|e| format!("{label}: {e}"))?;
        let analyzer = Analyzer::with_settings(options.lexicon, options.settings_for(&path).into_owned());
        let mut report = analyzer.analyze_filtered(&conv, |f| suppressions.silences(f));
        report.unused_suppressions = suppressions.unused(options.lexicon);
        Ok(findings::items(doc, &report, options.lexicon))
    }

    fn publish(&self, uri: Uri, items: &[Item]) -> Result<()> {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics: items.iter().map(findings::diagnostic).collect(),
            version: None,
        };
        let n = Notification::new(PublishDiagnostics::METHOD.to_string(), params);
        self.connection.sender.send(n.into())?;
        Ok(())
    }

    fn request(&mut self, req: Request) -> Result<()> {
        let response = match req.method.as_str() {
            HoverRequest::METHOD => {
                let p: HoverParams = serde_json::from_value(req.params)?;
                let at = p.text_document_position_params;
                Response::new_ok(req.id, self.hover(at.text_document.uri.as_str(), at.position))
            }
            CodeActionRequest::METHOD => {
                let p: CodeActionParams = serde_json::from_value(req.params)?;
                Response::new_ok(req.id, self.actions(&p.text_document.uri, p.range))
            }
            _ => Response::new_err(req.id, ErrorCode::MethodNotFound as i32, format!("unknown method {}", req.method)),
        };
        self.connection.sender.send(response.into())?;
        Ok(())
    }

    fn hover(&self, uri: &str, at: lsp_types::Position) -> Option<Hover> {
        let open = self.documents.get(uri)?;
        let here: Vec<&Item> = open.items.iter().filter(|i| findings::contains(i.range, at)).collect();
        let first = here.first()?;
        let text = here.iter().map(|i| i.hover.as_str()).collect::<Vec<_>>().join("\n\n---\n\n");
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: text }),
            range: Some(first.range),
        })
    }

    fn actions(&self, uri: &Uri, range: lsp_types::Range) -> Vec<CodeActionOrCommand> {
        let Some(open) = self.documents.get(uri.as_str()) else { return vec![] };
        open.items
            .iter()
            .filter(|i| findings::touches(i.range, range))
            .filter_map(|i| findings::action(uri, i))
            .map(CodeActionOrCommand::CodeAction)
            .collect()
    }
}

/// A config or reading error, shown at the top of the document.
fn problem_with_settings(message: String) -> Item {
    let top = lsp_types::Range::default();
    Item {
        range: top,
        rule: "goodfaith.settings".into(),
        severity: lsp_types::DiagnosticSeverity::ERROR,
        hover: format!("**goodfaith** could not check this document\n\n{message}"),
        message,
        rewrite: None,
    }
}
