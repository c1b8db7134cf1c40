//! Writing parts of the tree back as HTML or text, without recursion (the
//! tree can be 100k levels deep).

use ego_tree::NodeRef;
use scraper::Node;

/// Elements without an end tag.
pub(super) fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
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
                        .and_then(|p| {
                            p.value().as_element().map(|e| {
                                matches!(
                                    e.name(),
                                    "script"
                                        | "style"
                                        | "noscript"
                                        | "xmp"
                                        | "iframe"
                                        | "noembed"
                                        | "noframes"
                                )
                            })
                        })
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
                    // Attribute names CommonMark cannot read as HTML (junk
                    // such as `"` from broken markup) are left out, or the
                    // whole tag would print as text.
                    for (k, v) in e.attrs().filter(|(k, _)| valid_attribute_name(k)) {
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

/// CommonMark's attribute name: `[A-Za-z_:][A-Za-z0-9_.:-]*`.
fn valid_attribute_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '-'))
}

/// CommonMark HTML block start conditions 1 and 6: tags that start a raw
/// HTML block wherever they are on the line.
pub(super) fn starts_html_block(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "pre"
            | "style"
            | "textarea"
            | "address"
            | "article"
            | "aside"
            | "base"
            | "basefont"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "col"
            | "colgroup"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "frame"
            | "frameset"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "header"
            | "hr"
            | "html"
            | "iframe"
            | "legend"
            | "li"
            | "link"
            | "main"
            | "menu"
            | "menuitem"
            | "nav"
            | "noframes"
            | "ol"
            | "optgroup"
            | "option"
            | "p"
            | "param"
            | "search"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "title"
            | "tr"
            | "track"
            | "ul"
    )
}

/// A node kept as raw HTML in block position: without blank lines (which
/// would end the HTML block), wrapped in a `<div>` when its own tag does not
/// start an HTML block.
pub(super) fn raw_block(node: NodeRef<'_, Node>) -> String {
    let mut html = outer_html(node);
    while html.contains("\n\n") {
        html = html.replace("\n\n", "\n");
    }
    let starts = node
        .value()
        .as_element()
        .is_some_and(|e| starts_html_block(e.name()));
    if starts {
        html
    } else {
        format!("<div>{html}</div>")
    }
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
