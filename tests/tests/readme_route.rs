//! The route document the README shows, every key of it, loads and passes
//! the static checks: the documentation cannot drift from the schema.

use huiqi_core::approval::{Mode, Route};
use huiqi_core::subsidy::Format;

#[test]
fn the_readme_route_loads() {
    let readme = include_str!("../../README.md");
    let start = readme
        .find("```toml\nid = \"equipment\"")
        .expect("the README shows the equipment route");
    let body = &readme[start + "```toml\n".len()..];
    let end = body.find("```").expect("the block ends");
    let route = Route::load(&body[..end], Format::Toml).unwrap_or_else(|p| panic!("{p}"));
    let branches = route.branches();
    assert_eq!(branches.len(), 2);
    assert_eq!(branches[1].stages[0].mode, Mode::Vote);
}
