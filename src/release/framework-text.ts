import type { RecordedFramework } from '../schemas/framework.ts';
import { readerText } from '../statements/framework.ts';
import { ltoPoleStatement } from '../statements/hofstede.ts';

/** Where the framework came from and which one it is: its name, id, content hash and published source. */
function frameworkParagraph(framework: RecordedFramework): string {
  const origin = framework.origin === 'built-in' ? "normforge's built-in framework" : `file \`${framework.origin}\``;
  const source = framework.source.url
    ? `${framework.source.citation} (${framework.source.url})`
    : framework.source.citation;
  return [
    `**Value framework.** ${readerText(framework.name)} ` +
      `(id \`${framework.id}\`, ${origin}, sha256 \`${framework.sha256}\`).`,
    framework.description ? readerText(framework.description) : '',
    `Dimensions written from: ${source}`,
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * The framework and its dimensions with their poles as the prompts used them (from the runs'
 * provenance), so the card's text cannot drift from them; Hofstede's adds the LTO pole note.
 */
export function frameworkSection(framework: RecordedFramework): string {
  const rows = framework.dimensions.map(
    (d) => `| ${d.code} | ${readerText(d.name)} | ${readerText(d.positivePole)} | ${readerText(d.negativePole)} |`,
  );
  return [
    frameworkParagraph(framework),
    '**Dimensions and poles** (a positive score means agreeing with the statement leans toward the positive pole):',
    ['| code | dimension | positive pole | negative pole |', '|---|---|---|---|', ...rows].join('\n'),
    ltoPoleStatement(framework) ?? '',
  ]
    .filter(Boolean)
    .join('\n\n');
}
