//! The text filters of rendered fields, as WordPress runs them: kses for users without
//! `unfiltered_html`, wptexturize, wpautop, and the HTML helpers they share.

pub mod autop;
pub mod excerpt;
pub mod html;
pub mod kses;
pub mod texturize;
