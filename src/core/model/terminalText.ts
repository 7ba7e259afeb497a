/** Output as a person reads it: no colour codes, cursor moves or shell-integration marks. */
// Matching escape sequences is the point of these expressions.
/* eslint-disable no-control-regex */
export function stripTerminalEscapes(text: string): string {
  return text
    .replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g, '')
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\u001b[@-Z\\-_]/g, '')
    .replace(/\r\n/g, '\n')
    .replace(/\r/g, '');
}
/* eslint-enable no-control-regex */
