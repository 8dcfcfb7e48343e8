import { childrenOf, nodeText, type ReplicaDiscussion, type ReplicaNode } from './data.ts';

interface Numbered {
  node: ReplicaNode;
  number: string;
  depth: number;
}

/** Export numbering: the thesis (or the question of a multi-thesis discussion) is "1.", children follow by position. */
function numberTree(d: ReplicaDiscussion): Numbered[] {
  const root = d.nodes.find((x) => x.parent === null);
  if (!root) return [];
  const top = d.isMultipleChoice ? root : childrenOf(d, root.n).find((x) => x.relation === 0);
  if (!top) return [];
  const out: Numbered[] = [];
  const walk = (node: ReplicaNode, number: string, depth: number) => {
    out.push({ node, number, depth });
    childrenOf(d, node.n).forEach((child, i) => walk(child, `${number}${i + 1}.`, depth + 1));
  };
  walk(top, '1.', 0);
  return out;
}

function label(node: ReplicaNode): string {
  if (node.relation === 1) return 'Pro';
  if (node.relation === -1) return 'Con';
  if (node.parent === null) return 'Question';
  return 'Thesis';
}

function bodyOf(d: ReplicaDiscussion, item: Numbered, numbers: Map<number, string>): string {
  const target = item.node.linkTo;
  return target === undefined ? nodeText(d, item.node) : `-> See ${numbers.get(target)}`;
}

/** Kialo's 2018-2022 export: one node a line, newlines inside text written as a literal "\n". */
function oldFormat(d: ReplicaDiscussion, tree: Numbered[], numbers: Map<number, string>): string[] {
  const lines = [`Discussion Title: ${d.title}`, ''];
  for (const item of tree) {
    const text = bodyOf(d, item, numbers).replace(/\n/g, '\\n');
    lines.push(item.depth === 0 ? `${item.number} ${text}` : `${item.number} ${label(item.node)}: ${text}`);
  }
  return lines;
}

/** Kialo's 2023+ export: indented headers, multi-line texts, a `Sources:` footnote list. */
function newFormat(d: ReplicaDiscussion, tree: Numbered[], numbers: Map<number, string>): string[] {
  const lines = ['Discussion Name:', d.title, ''];
  for (const item of tree) {
    const indent = '  '.repeat(item.depth);
    lines.push(`${indent}${item.number} ${label(item.node)}:`);
    for (const textLine of bodyOf(d, item, numbers).split('\n')) lines.push(`${indent}${textLine}`);
    lines.push('');
  }
  if (d.sources.length === 0) return lines.slice(0, -1);
  lines.push('Sources:');
  d.sources.forEach((s, i) => {
    lines.push(`[${i + 1}] ${s.url}`);
    if (s.excerpt !== null) lines.push(`"${s.excerpt}"`);
  });
  return lines;
}

/** The export `.txt` of a discussion, in its format; CRLF for odd ids, and no final newline, as Kialo's files vary. */
export function exportText(d: ReplicaDiscussion): string {
  const tree = numberTree(d);
  const numbers = new Map(tree.map((t) => [t.node.n, t.number]));
  const lines = d.exportFormat === 'old' ? oldFormat(d, tree, numbers) : newFormat(d, tree, numbers);
  return lines.join(d.id % 2 === 1 ? '\r\n' : '\n');
}
