//! Writing parts of the tree back as HTML or text, without recursion (the
//! tree can be 100k levels deep).

use ego_tree::NodeRef;
use scraper::Node;

/// Elements without an end tag.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area" | "base" | "br" | "col" | "embed" | "hr" | "img" | "input" | "link" | "meta" | "source" | "track" | "wbr"
    )
}

enum Step<'a> {
    Open(NodeRef<'a, Node>),
    Close(&'a str),
}

/// The node as HTML (its outer HTML), attributes and text escaped.
pub(super) fn outer_html(node: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    let mut stack = vec![Step::Open(node)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Close(name) => {
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }
            Step::Open(n) => match n.value() {
                Node::Text(t) => {
                    let raw_parent = n
                        .parent()
                        .and_then(|p| p.value().as_element().map(|e| matches!(e.name(), "script" | "style")))
                        .unwrap_or(false);
                    if raw_parent {
                        out.push_str(t);
                    } else {
                        out.push_str(&html_escape::encode_text(&**t));
                    }
                }
                Node::Comment(c) => {
                    out.push_str("<!--");
                    out.push_str(c);
                    out.push_str("-->");
                }
                Node::Element(e) => {
                    out.push('<');
                    out.push_str(e.name());
                    for (k, v) in e.attrs() {
                        out.push(' ');
                        out.push_str(k);
                        out.push_str("=\"");
                        out.push_str(&html_escape::encode_double_quoted_attribute(v));
                        out.push('"');
                    }
                    out.push('>');
                    if !is_void(e.name()) {
                        stack.push(Step::Close(e.name()));
                        let children: Vec<_> = n.children().collect();
                        stack.extend(children.into_iter().rev().map(Step::Open));
                    }
                }
                _ => {}
            },
        }
    }
    out
}

/// All text under the node, in order.
pub(super) fn text_content(node: NodeRef<'_, Node>) -> String {
    node.descendants()
        .filter_map(|d| d.value().as_text().map(|t| t.to_string()))
        .collect()
}

/// The text of a `<pre>`: text nodes, with `<br>` as a line break.
pub(super) fn pre_text(node: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        match d.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) if e.name() == "br" => out.push('\n'),
            _ => {}
        }
    }
    out
}
