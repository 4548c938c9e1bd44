//! Text on a terminal, for every front end: how many columns a string
//! takes, wrapping to a width, cutting with `…`, and the highlighted
//! (marked) ranges that survive both. The reader, the command line and the
//! full-text layout all measure and fit text here, so a word is never wider
//! in one than in another.

pub mod cut;
pub mod marks;
pub mod width;
pub mod wrap;

pub use cut::{cut, cut_marked};
pub use marks::{Run, paint};
pub use width::{char_width, width};
pub use wrap::{wrap, wrap_marked};
