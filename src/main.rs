//! folio binary.
fn main() {}
