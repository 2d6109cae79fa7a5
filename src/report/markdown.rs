//! `report.md`: the report's blocks as Markdown for reading on a code host. Text from
//! articles and lexicons is escaped (no HTML, no links, no emphasis can come from it) and
//! isolated with U+2067 … U+2069 so that Arabic reads right to left inside English lines.

use std::fmt::Write;

use super::content::{Block, Inline};

/// Renders the blocks as Markdown.
pub fn render(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        render_block(&mut out, block);
        out.push('\n');
    }
    out
}

fn render_block(out: &mut String, block: &Block) {
    match block {
        Block::Heading {
            level,
            text,
            anchor,
        } => {
            if let Some(anchor) = anchor {
                let _ = writeln!(out, "<a id=\"{anchor}\"></a>\n");
            }
            let _ = writeln!(out, "{} {}", "#".repeat(*level as usize), escape(text));
        }
        Block::Paragraph(inlines) => {
            let _ = writeln!(out, "{}", inline_text(inlines));
        }
        Block::List(items) => {
            for item in items {
                let _ = writeln!(out, "- {}", inline_text(item));
            }
        }
        Block::Table { header, rows } => {
            let _ = writeln!(
                out,
                "| {} |",
                header
                    .iter()
                    .map(|h| escape(h))
                    .collect::<Vec<_>>()
                    .join(" | ")
            );
            let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
            for row in rows {
                let cells: Vec<String> = row.iter().map(|c| inline_text(c)).collect();
                let _ = writeln!(out, "| {} |", cells.join(" | "));
            }
        }
        Block::Image { src, alt, caption } => {
            let _ = writeln!(out, "![{}]({src})\n\n*{}*", escape(alt), escape(caption));
        }
    }
}

fn inline_text(inlines: &[Inline]) -> String {
    inlines.iter().map(inline).collect::<Vec<_>>().join(" ")
}

fn inline(i: &Inline) -> String {
    match i {
        Inline::Text(t) => escape(t),
        Inline::Quote(t) => isolate(&escape(t)),
        Inline::Strong(t) => format!("**{}**", escape(t)),
        Inline::Link { text, href } => format!("[{}]({href})", escape(text)),
        Inline::Kwic {
            left,
            surface,
            right,
            contribution,
        } => {
            let sign = if *contribution > 0.0 {
                "+"
            } else if *contribution < 0.0 {
                "−"
            } else {
                "·"
            };
            format!(
                "{sign} {}",
                isolate(&format!(
                    "…{}**{}**{}…",
                    escape(left),
                    escape(surface),
                    escape(right)
                ))
            )
        }
    }
}

/// Wraps right-to-left text in a Unicode isolate.
fn isolate(s: &str) -> String {
    format!("\u{2067}{s}\u{2069}")
}

/// Escapes everything Markdown or HTML could read as markup inside a line (emphasis,
/// code, links, table cells, tags, entities); newlines become spaces. Parentheses are
/// harmless once brackets are escaped, and text never starts a line (block markup). An
/// `&` can only begin an entity when a letter, digit or `#` follows it, and a `<` a tag
/// when a letter, `/`, `!` or `?` does (a `>` alone closes nothing), so "Militias &
/// armed gangs" and "|stance| < 0.15" stay as they read.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' if chars
                .peek()
                .is_some_and(|&next| next.is_alphanumeric() || next == '#') =>
            {
                out.push_str("&amp;")
            }
            '<' if chars
                .peek()
                .is_some_and(|&next| next.is_alphabetic() || matches!(next, '/' | '!' | '?')) =>
            {
                out.push_str("&lt;")
            }
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_text_cannot_inject_html_links_or_table_cells() {
        let hostile = "<script>alert(1)</script> [click](javascript:alert(1)) a|b";
        let out = escape(hostile);
        assert!(!out.contains("<script>"));
        assert!(out.contains("\\[click\\](javascript"), "{out}");
        assert!(!out.replace("\\]", "").contains("]("), "{out}");
        assert!(!out.contains("a|b"));
    }

    #[test]
    fn an_ampersand_is_escaped_only_where_it_could_begin_an_entity() {
        assert_eq!(escape("Militias & armed gangs"), "Militias & armed gangs");
        assert_eq!(
            escape("&lt;b&gt; &#60; AT&T"),
            "&amp;lt;b&amp;gt; &amp;#60; AT&amp;T"
        );
    }
}
