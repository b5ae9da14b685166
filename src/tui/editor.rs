//! A one-line text input with a cursor: what the value editor, the exercise inputs and the
//! save prompt type into. Left/Right/Home/End move, Backspace/Delete erase, Ctrl-U erases
//! to the start, Ctrl-W the word before the cursor.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Longest text accepted (a path or a number; more is a stuck key).
pub const MAX_LEN: usize = 256;

/// The text typed so far and the cursor, a char index into it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextInput {
    chars: Vec<char>,
    cursor: usize,
}

/// What a key did to the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKey {
    /// The text or the cursor changed (or the key was ignored): keep editing.
    Edited,
    /// Enter: use the text.
    Submit,
    /// Esc: drop it.
    Cancel,
    /// Ctrl-C: quit the lab.
    Quit,
}

impl TextInput {
    /// An input holding `text` with the cursor at its end.
    pub fn new(text: &str) -> TextInput {
        let chars: Vec<char> = text.chars().take(MAX_LEN).collect();
        TextInput {
            cursor: chars.len(),
            chars,
        }
    }

    /// The text.
    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    /// The cursor, in chars from the start.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The text with a thin bar at the cursor, as the panes draw it.
    pub fn with_cursor(&self) -> String {
        let before: String = self.chars[..self.cursor].iter().collect();
        let after: String = self.chars[self.cursor..].iter().collect();
        format!("{before}▏{after}")
    }

    /// Applies a key.
    pub fn key(&mut self, key: KeyEvent) -> InputKey {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Enter => return InputKey::Submit,
            KeyCode::Esc => return InputKey::Cancel,
            KeyCode::Char('c') if ctrl => return InputKey::Quit,
            KeyCode::Char('u') if ctrl => {
                self.chars.drain(..self.cursor);
                self.cursor = 0;
            }
            KeyCode::Char('w') if ctrl => {
                let mut start = self.cursor;
                while start > 0 && self.chars[start - 1] == ' ' {
                    start -= 1;
                }
                while start > 0 && self.chars[start - 1] != ' ' {
                    start -= 1;
                }
                self.chars.drain(start..self.cursor);
                self.cursor = start;
            }
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::Char('e') if ctrl => self.cursor = self.chars.len(),
            KeyCode::Char(_) if ctrl => {}
            KeyCode::Char(ch) if self.chars.len() < MAX_LEN => {
                self.chars.insert(self.cursor, ch);
                self.cursor += 1;
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                self.chars.remove(self.cursor);
            }
            KeyCode::Delete if self.cursor < self.chars.len() => {
                self.chars.remove(self.cursor);
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.chars.len()),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.chars.len(),
            _ => {}
        }
        InputKey::Edited
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(input: &mut TextInput, code: KeyCode, ctrl: bool) -> InputKey {
        let m = if ctrl {
            KeyModifiers::CONTROL
        } else {
            KeyModifiers::NONE
        };
        input.key(KeyEvent::new(code, m))
    }

    #[test]
    fn left_right_move_and_typing_inserts_at_the_cursor() {
        let mut t = TextInput::new("0.15");
        press(&mut t, KeyCode::Left, false);
        press(&mut t, KeyCode::Left, false);
        press(&mut t, KeyCode::Char('2'), false);
        assert_eq!(t.text(), "0.215");
        assert_eq!(t.with_cursor(), "0.2▏15");
        press(&mut t, KeyCode::Home, false);
        press(&mut t, KeyCode::Delete, false);
        assert_eq!(t.text(), ".215");
        press(&mut t, KeyCode::End, false);
        press(&mut t, KeyCode::Backspace, false);
        assert_eq!(t.text(), ".21");
        press(&mut t, KeyCode::Right, false);
        assert_eq!(t.cursor(), 3);
    }

    #[test]
    fn ctrl_u_and_ctrl_w_erase_instead_of_typing_letters() {
        let mut t = TextInput::new("presets/my run.ron");
        press(&mut t, KeyCode::Char('w'), true);
        assert_eq!(t.text(), "presets/my ");
        press(&mut t, KeyCode::Left, false);
        press(&mut t, KeyCode::Left, false);
        press(&mut t, KeyCode::Char('u'), true);
        assert_eq!(t.text(), "y ");
        assert_eq!(t.cursor(), 0);
        assert_eq!(press(&mut t, KeyCode::Char('c'), true), InputKey::Quit);
        assert_eq!(press(&mut t, KeyCode::Enter, false), InputKey::Submit);
        assert_eq!(press(&mut t, KeyCode::Esc, false), InputKey::Cancel);
        assert_eq!(t.text(), "y ");
    }
}
