//! Walking a subtree of the parsed page edge by edge (an element opens, an
//! element closes) while leaving out whole elements: page furniture, a
//! caption read separately, a formula turned into text. Every walker of the
//! converter needs that, and keeping the "which element am I skipping" state
//! here means none of them can get it subtly different.

use ego_tree::NodeId;
use ego_tree::iter::{Edge, Traverse};
use scraper::Node;

use super::dom::DomNode;

/// The edges of a subtree, in document order, minus what was skipped.
pub struct Walk<'a> {
    edges: Traverse<'a, Node>,
    /// The element being left out, until its closing edge.
    skipping: Option<NodeId>,
}

impl<'a> Walk<'a> {
    /// A walk through `root` and everything inside it.
    pub fn new(root: DomNode<'a>) -> Self {
        Walk {
            edges: root.traverse(),
            skipping: None,
        }
    }

    /// Leaves out everything inside `node`, the node the walk just opened,
    /// and its closing edge.
    pub fn leave_out(&mut self, node: DomNode<'_>) {
        self.skipping = Some(node.id());
    }
}

impl<'a> Iterator for Walk<'a> {
    type Item = Edge<'a, Node>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let edge = self.edges.next()?;
            let Some(skipped) = self.skipping else {
                return Some(edge);
            };
            if let Edge::Close(node) = edge
                && node.id() == skipped
            {
                self.skipping = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    /// The walk's edges as `<tag`, `>tag` and text.
    fn walked(html: &str, skip_tag: &str) -> Vec<String> {
        let page = Html::parse_fragment(html);
        let mut walk = Walk::new(page.tree.root());
        let mut seen = Vec::new();
        while let Some(edge) = walk.next() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(el) => {
                        seen.push(format!("<{}", el.name()));
                        if el.name() == skip_tag {
                            walk.leave_out(node);
                        }
                    }
                    Node::Text(text) => seen.push(text.to_string()),
                    _ => {}
                },
                Edge::Close(node) => {
                    if let Node::Element(el) = node.value() {
                        seen.push(format!(">{}", el.name()));
                    }
                }
            }
        }
        seen
    }

    #[test]
    fn a_skipped_element_opens_and_nothing_more_of_it_comes() {
        let html = "<p>a<i>b<b>c</b></i>d<b>e</b></p>";
        assert_eq!(
            walked(html, "i"),
            [
                "<html", "<p", "a", "<i", "d", "<b", "e", ">b", ">p", ">html"
            ]
        );
        assert_eq!(
            walked(html, "none"),
            [
                "<html", "<p", "a", "<i", "b", "<b", "c", ">b", ">i", "d", "<b", "e", ">b", ">p",
                ">html"
            ]
        );
    }

    #[test]
    fn skipping_ends_with_the_skipped_element_not_a_nested_namesake() {
        let html = "<div><i>x<i>y</i>z</i>w</div>";
        assert_eq!(
            walked(html, "i"),
            ["<html", "<div", "<i", "w", ">div", ">html"]
        );
    }
}
