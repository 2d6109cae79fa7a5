//! `index.html`: the report's blocks as one self-contained page (no network): Arabic
//! snippets right to left, matches coloured by stance, sortable tables, printable. Every
//! piece of text is escaped; only links built by mizan itself are emitted.

use std::fmt::Write;

use super::content::{Block, Inline};

const STYLE: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("sort.js");

/// Renders the blocks as an HTML page.
pub fn render(blocks: &[Block]) -> String {
    let mut body = String::new();
    for block in blocks {
        render_block(&mut body, block);
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>mizan report</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n{body}</main>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n"
    )
}

fn render_block(out: &mut String, block: &Block) {
    match block {
        Block::Heading {
            level,
            text,
            anchor,
        } => {
            let id = anchor
                .as_ref()
                .map(|a| format!(" id=\"{}\"", escape(a)))
                .unwrap_or_default();
            let _ = writeln!(out, "<h{level}{id}>{}</h{level}>", escape(text));
        }
        Block::Paragraph(inlines) => {
            let _ = writeln!(out, "<p>{}</p>", inline_text(inlines));
        }
        Block::List(items) => {
            out.push_str("<ul>\n");
            for item in items {
                let _ = writeln!(out, "<li>{}</li>", inline_text(item));
            }
            out.push_str("</ul>\n");
        }
        Block::Table { header, rows } => render_table(out, header, rows),
        Block::Image { src, alt, caption } => {
            let _ = writeln!(
                out,
                "<figure><img src=\"{}\" alt=\"{}\"><figcaption>{}</figcaption></figure>",
                escape(src),
                escape(alt),
                escape(caption)
            );
        }
    }
}

fn render_table(out: &mut String, header: &[String], rows: &[Vec<Vec<Inline>>]) {
    out.push_str("<table class=\"sortable\">\n<thead><tr>");
    for h in header {
        let _ = write!(out, "<th>{}</th>", escape(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            let _ = write!(out, "<td>{}</td>", inline_text(cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

fn inline_text(inlines: &[Inline]) -> String {
    inlines.iter().map(inline).collect::<Vec<_>>().join(" ")
}

fn inline(i: &Inline) -> String {
    match i {
        Inline::Text(t) => escape(t),
        Inline::Quote(t) => format!("<span dir=\"rtl\" lang=\"ar\">{}</span>", escape(t)),
        Inline::Strong(t) => format!("<strong>{}</strong>", escape(t)),
        Inline::Link { text, href } => format!("<a href=\"{}\">{}</a>", escape(href), escape(text)),
        Inline::Kwic { left, surface, right, contribution } => format!(
            "<span class=\"kwic\" dir=\"rtl\" lang=\"ar\">…{}<mark class=\"{}\">{}</mark>{}…</span>",
            escape(left),
            stance_class(*contribution),
            escape(surface),
            escape(right)
        ),
    }
}

fn stance_class(contribution: f64) -> &'static str {
    if contribution > 0.0 {
        "sympathetic"
    } else if contribution < 0.0 {
        "hostile"
    } else {
        "neutral"
    }
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_text_stays_text() {
        let page = render(&[Block::Paragraph(vec![Inline::Quote(
            "<img src=x onerror=alert(1)>\"'".into(),
        )])]);
        assert!(!page.contains("<img src=x"));
        assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;"));
    }
}
