//! Taking over the terminal and always giving it back: raw mode, the
//! alternate screen and mouse reporting are undone when the guard drops, on
//! an error return, and from the panic hook (for panics on the reader's own
//! thread; the background threads report theirs as events).

use std::io::{self, Stdout, Write};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

pub struct TerminalGuard {
    pub terminal: Tui,
}

/// Puts the terminal back the way the shell expects it. Safe to call twice.
pub fn restore() {
    let _ = disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = out.flush();
}

impl TerminalGuard {
    pub fn enter() -> io::Result<TerminalGuard> {
        // A panic on the reader's own thread ends it: give the terminal back
        // first, then let the message print. The other threads (input,
        // worker, sync) catch their panics and report them as events, so
        // the reader goes on; printing there would garble the screen.
        let ui_thread = std::thread::current().id();
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().id() == ui_thread {
                restore();
                previous(info);
            }
        }));
        enable_raw_mode()?;
        let mut out = io::stdout();
        if let Err(e) = execute!(out, EnterAlternateScreen, EnableMouseCapture) {
            restore();
            return Err(e);
        }
        let terminal = match Terminal::new(CrosstermBackend::new(out)) {
            Ok(t) => t,
            Err(e) => {
                restore();
                return Err(e);
            }
        };
        Ok(TerminalGuard { terminal })
    }

    /// Gives the terminal back for a while (to run the user's editor): as
    /// [`restore`] does, but the guard stays, so [`TerminalGuard::resume`]
    /// takes it over again and a panic meanwhile still restores it.
    pub fn suspend(&mut self) {
        restore();
    }

    /// Takes the terminal over again after [`TerminalGuard::suspend`] and
    /// forgets what was on screen, so the next draw paints every cell.
    pub fn resume(&mut self) -> io::Result<()> {
        enable_raw_mode()?;
        execute!(
            self.terminal.backend_mut(),
            EnterAlternateScreen,
            EnableMouseCapture
        )?;
        self.terminal.clear()
    }

    /// Writes raw bytes to the terminal (OSC 52 clipboard sequences).
    pub fn write_raw(&mut self, text: &str) -> io::Result<()> {
        let backend = self.terminal.backend_mut();
        backend.write_all(text.as_bytes())?;
        backend.flush()
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}
