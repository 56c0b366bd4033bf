"""The candidate's answers in `mlsd interview`, read whole.

`input()` at a terminal reads in canonical mode: the kernel cuts a line at 4,095 bytes, and a
pasted diagram arrives as one answer per line. At a terminal we read with prompt_toolkit
instead: a bracketed paste lands in the editor whole, newlines included, and Enter sends it.
Piped input (scripts, tests) has neither problem and is read line by line.

Between prompts (while the interviewer replies) the terminal stays in bracketed-paste mode,
unechoed and uncooked, so a diagram pasted ahead of the next prompt waits for it whole, marked
as a paste, instead of being cut into lines (and at 4,095 bytes) that would each be sent.
Ctrl-C still interrupts; `close()` gives the terminal back as it was.
"""

from __future__ import annotations

import sys
import termios

PROMPT = "you> "
_PASTE_ON, _PASTE_OFF = "\x1b[?2004h", "\x1b[?2004l"  # the terminal marks pastes
KEYS_HINT = (
    "(Enter sends. Alt+Enter, or Esc then Enter, starts a new line; a pasted diagram stays "
    "one answer. Up recalls an earlier answer.)"
)


class AnswerReader:
    def __init__(self) -> None:
        # the editor draws on stdout: a redirected stdout would fill with escape sequences
        at_terminal = sys.stdin.isatty() and sys.stdout.isatty()
        self._editor = _editor() if at_terminal else None
        self._kept = ""  # a refused answer, offered again at the next prompt
        self._hinted = False
        self._cooked = termios.tcgetattr(sys.stdin) if self._editor else None

    def read(self) -> str:
        """The next answer, stripped. EOFError at the end of input or on Ctrl-D at an empty
        prompt; KeyboardInterrupt on Ctrl-C."""
        if self._editor is None:
            return input("\n" + PROMPT).strip()
        if not self._hinted:
            print(f"\n{KEYS_HINT}")
            self._hinted = True
        print()
        kept, self._kept = self._kept, ""
        answer = self._editor.prompt(PROMPT, default=kept).strip()
        self._hold_typed_ahead()
        return answer

    def close(self) -> None:
        """The terminal as it was before the interview."""
        if self._cooked is not None:
            sys.stdout.write(_PASTE_OFF)
            sys.stdout.flush()
            termios.tcsetattr(sys.stdin, termios.TCSADRAIN, self._cooked)

    def _hold_typed_ahead(self) -> None:
        """Keep what the candidate types or pastes during the reply for the next prompt."""
        held = termios.tcgetattr(sys.stdin)
        held[3] &= ~(termios.ICANON | termios.ECHO)  # lflags; ISIG stays: Ctrl-C works
        termios.tcsetattr(sys.stdin, termios.TCSANOW, held)
        sys.stdout.write(_PASTE_ON)
        sys.stdout.flush()

    def give_back(self, text: str) -> bool:
        """Put a refused answer back in the editor to be shortened; False when input is piped
        (the text is still wherever it was piped from)."""
        self._kept = text
        return self._editor is not None


def _editor():
    from prompt_toolkit import PromptSession
    from prompt_toolkit.key_binding import KeyBindings

    keys = KeyBindings()

    # prompt_toolkit's own Alt+Enter sends, like Enter; ours starts a new line
    @keys.add("escape", "enter")
    def _newline(event) -> None:
        event.current_buffer.insert_text("\n")

    # Not multiline: Enter sends. A bracketed paste is inserted whole either way.
    return PromptSession(key_bindings=keys, prompt_continuation=" " * len(PROMPT))
