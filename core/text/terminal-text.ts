/**
 * Text from files, connections and ERPs on its way to a terminal. Control characters there are commands:
 * ESC starts sequences that retitle the window, rewrite the screen or (OSC 52) fill the clipboard, C1
 * controls do the same in one byte, CR and backspace overwrite what was printed, and bidirectional
 * overrides reorder what the reader sees. Each becomes a visible \uXXXX escape (valid inside JSON strings,
 * so --json output still parses); line feeds and tabs keep the layout.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function forTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
