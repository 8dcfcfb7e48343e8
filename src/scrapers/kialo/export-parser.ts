import { basename } from 'node:path';
import { UserError } from '../../errors.ts';
import type { KialoStatement } from '../../schemas/records.ts';
import { citedRefs, cleanThesis, statementIdOf } from './thesis-text.ts';

/** One entry of a 2023+ export's `Sources:` list. */
export interface ExportSource {
  ref: number;
  url: string;
  excerpt: string | null;
}

/** One node of an export: its outline number ("1.2.1."), kind and text. */
export interface ExportNode {
  number: string;
  kind: 'Thesis' | 'Question' | 'Pro' | 'Con';
  text: string;
  line: number;
}

export interface ParsedExport {
  format: 'old' | 'new';
  title: string;
  nodes: ExportNode[];
  /** The theses, in export order; `ordinal` is the 1-based position among the "1.k. Thesis:" nodes of a multi-thesis export, null otherwise. */
  theses: Array<{ ordinal: number | null; text: string }>;
  /** The `Sources:` list by footnote number (new format; the old format has none). */
  sources: Map<number, ExportSource>;
}

const OLD_HEADER = /^Discussion Title: (.*)$/;
const OLD_THESIS = /^1\. (?!(?:Pro|Con): )(.*)$/;
const OLD_NODE = /^(1(?:\.\d+)+\.) (Pro|Con): (.*)$/;
const NEW_HEADER = /^Discussion Name:\s*$/;
const NEW_NODE = /^( *)(1\.(?:\d+\.)*) (Thesis|Question|Pro|Con):\s*$/;

const depthOf = (number: string) => number.split('.').length - 2;
const parentOf = (number: string) => number.replace(/\d+\.$/, '');

/** The discussion id and slug from an export's file name, `<slug>-<id>.txt` (Kialo keeps the id only there). */
export function exportFileId(file: string): { slug: string; id: number } {
  const match = /^(.*)-(\d+)\.txt$/i.exec(basename(file));
  if (!match)
    throw new UserError(
      'the file name must be <slug>-<id>.txt, as Kialo names its exports: the discussion id is taken from it',
      { file },
    );
  return { slug: match[1], id: Number(match[2]) };
}

function fail(file: string, line: number, message: string): never {
  throw new UserError(message, { file, line });
}

/**
 * Kialo's outline: every node's parent precedes it, and siblings are numbered 1, 2, 3… without gaps
 * (deleted claims are left out and the rest renumbered, reference/kialo.md).
 */
function checkOutline(file: string, nodes: ExportNode[]): void {
  const lastChild = new Map<string, number>();
  for (const node of nodes) {
    if (node.number === '1.') {
      if (lastChild.size > 0) fail(file, node.line, 'a second root node "1."');
      lastChild.set('1.', 0);
      continue;
    }
    const parent = parentOf(node.number);
    if (!lastChild.has(parent)) fail(file, node.line, `node ${node.number} has no parent ${parent} before it`);
    const position = Number(/(\d+)\.$/.exec(node.number)![1]);
    const expected = lastChild.get(parent)! + 1;
    if (position !== expected)
      fail(
        file,
        node.line,
        `node ${node.number} follows ${expected === 1 ? `its parent ${parent}` : `${parent}${expected - 1}.`}; sibling numbers are contiguous in Kialo exports, so ${parent}${expected}. was expected`,
      );
    lastChild.set(parent, position);
    lastChild.set(node.number, 0);
  }
}

/** A thesis or question is what a statement is made of: an empty one is a broken file, not an empty statement. */
function checkStatementTexts(file: string, nodes: ExportNode[]): void {
  for (const node of nodes) {
    if ((node.kind === 'Thesis' || node.kind === 'Question') && node.text.trim() === '')
      fail(file, node.line, `node ${node.number} (${node.kind.toLowerCase()}) has no text`);
  }
}

function parseOld(file: string, lines: string[]): ParsedExport {
  const title = OLD_HEADER.exec(lines[0])![1].trim();
  if (lines[1]?.trim() !== '') fail(file, 2, 'expected a blank line after "Discussion Title:"');
  const thesis = OLD_THESIS.exec(lines[2] ?? '');
  if (!thesis) fail(file, 3, 'expected the thesis line "1. <text>"');
  const nodes: ExportNode[] = [{ number: '1.', kind: 'Thesis', text: thesis[1], line: 3 }];
  lines.slice(3).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const m = OLD_NODE.exec(raw);
    if (!m) fail(file, i + 4, 'expected a node line "1.<n>. Pro: <text>" or "1.<n>. Con: <text>" (old export format)');
    nodes.push({ number: m[1], kind: m[2] as 'Pro' | 'Con', text: m[3], line: i + 4 });
  });
  checkOutline(file, nodes);
  checkStatementTexts(file, nodes);
  return { format: 'old', title, nodes, theses: [{ ordinal: null, text: thesis[1] }], sources: new Map() };
}

/** Text lines of a node sit at its header's indent; blank lines separate nodes (and may sit inside a text). */
function closeNode(node: ExportNode | undefined, body: string[]): void {
  if (node) node.text = body.join('\n').trim();
}

function parseNew(file: string, lines: string[]): ParsedExport {
  let i = 1;
  const titleLines: string[] = [];
  for (; i < lines.length && lines[i].trim() !== ''; i++) titleLines.push(lines[i].trim());
  if (titleLines.length === 0) fail(file, 2, 'expected the discussion name on the line after "Discussion Name:"');
  const nodes: ExportNode[] = [];
  let current: ExportNode | undefined;
  let indent = 0;
  let body: string[] = [];
  for (; i < lines.length; i++) {
    const raw = lines[i];
    if (raw === 'Sources:') break;
    const header = NEW_NODE.exec(raw);
    if (header) {
      closeNode(current, body);
      const [, spaces, number, kind] = header;
      if (spaces.length !== 2 * depthOf(number))
        fail(
          file,
          i + 1,
          `node ${number} is indented ${spaces.length} spaces; the new export format indents 2 per level (${2 * depthOf(number)})`,
        );
      current = { number, kind: kind as ExportNode['kind'], text: '', line: i + 1 };
      nodes.push(current);
      indent = spaces.length;
      body = [];
      continue;
    }
    if (raw.trim() === '') {
      body.push('');
      continue;
    }
    if (!current) fail(file, i + 1, 'expected a node header such as "1. Thesis:" (new export format)');
    if (!raw.startsWith(' '.repeat(indent)) || raw[indent] === ' ')
      fail(file, i + 1, `text of node ${current.number} must be indented exactly like its header (${indent} spaces)`);
    body.push(raw.slice(indent));
  }
  closeNode(current, body);
  if (nodes.length === 0 || nodes[0].number !== '1.' || (nodes[0].kind !== 'Thesis' && nodes[0].kind !== 'Question')) {
    fail(file, nodes[0]?.line ?? i + 1, 'expected the root node "1. Thesis:" or "1. Question:"');
  }
  checkOutline(file, nodes);
  checkStatementTexts(file, nodes);
  return {
    format: 'new',
    title: titleLines.join(' '),
    nodes,
    theses: thesesOf(file, nodes),
    sources: parseSources(lines.slice(i + 1)),
  };
}

const SOURCE_LINE = /^\[(\d+)\]\s*(.*)$/;

/**
 * The `Sources:` list: `[n] <url>` (sometimes malformed, kept as written), optionally followed by a
 * quoted excerpt that may span lines and blank lines, up to the next `[n]` line.
 */
function parseSources(lines: string[]): Map<number, ExportSource> {
  const sources = new Map<number, ExportSource>();
  let current: { ref: number; url: string; rest: string[] } | undefined;
  const close = () => {
    if (!current) return;
    const excerpt = current.rest
      .join('\n')
      .trim()
      .replace(/^"([\s\S]*)"$/, '$1');
    sources.set(current.ref, { ref: current.ref, url: current.url, excerpt: excerpt === '' ? null : excerpt });
  };
  for (const line of lines) {
    const m = SOURCE_LINE.exec(line);
    if (m) {
      close();
      current = { ref: Number(m[1]), url: m[2].trim(), rest: [] };
    } else current?.rest.push(line);
  }
  close();
  return sources;
}

/** The root thesis, or the "1.k. Thesis:" children of a "1. Question:" root (at least one). */
function thesesOf(file: string, nodes: ExportNode[]): ParsedExport['theses'] {
  const [root] = nodes;
  if (root.kind === 'Thesis') return [{ ordinal: null, text: root.text }];
  const theses = nodes.filter((n) => n.kind === 'Thesis' && depthOf(n.number) === 1);
  if (theses.length === 0) fail(file, root.line, 'the question "1. Question:" has no thesis "1.k. Thesis:" below it');
  return theses.map((n, k) => ({ ordinal: k + 1, text: n.text }));
}

/** Parses a Kialo export `.txt` in either format (reference/kialo.md); LF or CRLF, with or without a final newline. */
export function parseKialoExport(text: string, file: string): ParsedExport {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (OLD_HEADER.test(lines[0])) return parseOld(file, lines);
  if (NEW_HEADER.test(lines[0])) return parseNew(file, lines);
  return fail(
    file,
    1,
    'not a Kialo export: expected "Discussion Title: <title>" (old format) or "Discussion Name:" (new format) on the first line',
  );
}

export interface ExportImportOptions {
  baseUrl: string;
  voteCountKind: KialoStatement['vote_count_kind'];
  importedAt: string;
}

/**
 * The statements of one export file. Exports carry no votes, languages or tags: those fields are
 * null / empty, and `filter-votes` drops such statements ("votes unknown") until a scrape of the
 * same discussion supplies its votes.
 */
export function statementsFromExport(file: string, text: string, opts: ExportImportOptions): KialoStatement[] {
  const { slug, id } = exportFileId(file);
  const parsed = parseKialoExport(text, file);
  const url = new URL(`/${encodeURIComponent(`${slug}-${id}`)}`, opts.baseUrl).toString();
  return parsed.theses.map((thesis) => ({
    statement_id: statementIdOf(id, thesis.ordinal),
    discussion_id: id,
    url,
    title: parsed.title,
    // The statement is the thesis without its footnote markers; what they point to goes to `sources`.
    thesis: cleanThesis(thesis.text),
    sources: citedRefs(thesis.text).flatMap((ref) => {
      const source = parsed.sources.get(ref);
      return source ? [source] : [];
    }),
    thesis_claim_id: null,
    language: null,
    votes: null,
    vote_count_kind: opts.voteCountKind,
    topics: [],
    scraped_at: opts.importedAt,
    html_path: file,
    source: 'export' as const,
  }));
}
