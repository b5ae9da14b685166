//! The About tab's state: how far its text is scrolled.

use super::keys::Action;

/// The About tab.
#[derive(Debug, Clone, Default)]
pub struct AboutState {
    /// Lines scrolled off its top.
    pub scroll: u16,
}

impl AboutState {
    /// The most lines the tab scrolls.
    pub const MAX_SCROLL: u16 = 500;

    /// Up, Down and the page keys scroll; other actions are not the tab's.
    pub fn on_action(&mut self, action: Action) {
        self.scroll = match action {
            Action::Up => self.scroll.saturating_sub(1),
            Action::Down => self.scroll.saturating_add(1),
            Action::PageUp => self.scroll.saturating_sub(10),
            Action::PageDown => self.scroll.saturating_add(10),
            _ => self.scroll,
        }
        .min(Self::MAX_SCROLL);
    }
}
