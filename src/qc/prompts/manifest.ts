import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomic.ts';
import { PROMPT_MANIFEST, readPromptManifest } from '../../llm/prompt-review.ts';
import { PromptManifestSchema, type PromptManifest } from '../../schemas/prompts.ts';

/** `prompts/<lang>/manifest.json` of the project (an empty one for a language not translated yet). */
export function loadManifest(languageDir: string, language: string): PromptManifest {
  return readPromptManifest(languageDir) ?? { language, files: {} };
}

export function saveManifest(languageDir: string, manifest: PromptManifest): void {
  const files = Object.fromEntries(Object.entries(manifest.files).sort(([a], [b]) => a.localeCompare(b)));
  const checked = PromptManifestSchema.parse({ ...manifest, files });
  writeFileAtomic(join(languageDir, PROMPT_MANIFEST), `${JSON.stringify(checked, null, 2)}\n`);
}
