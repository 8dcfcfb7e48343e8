/**
 * CSV injection guard (OWASP, "CSV Injection"): a cell starting with =, +, -, @, tab or CR is
 * prefixed with a single quote so a spreadsheet shows it as text instead of running it as a
 * formula; import removes exactly that prefix again.
 */
const TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];

export function neutralizeCsvCell(text: string): string {
  return TRIGGERS.some((t) => text.startsWith(t)) ? `'${text}` : text;
}

export function restoreCsvCell(text: string): string {
  return text.startsWith("'") && TRIGGERS.some((t) => text.startsWith(t, 1)) ? text.slice(1) : text;
}
