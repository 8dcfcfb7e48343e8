import { commit, createRepo, repoExists, type RepoDesignation } from '@huggingface/hub';
import { FailureError, UserError } from '../errors.ts';
import { redact } from '../log/logger.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { releaseDirOf } from './export.ts';
import { verifyRelease } from './publish-guard.ts';
import type { DatasetId } from '../datasets/registry.ts';

export interface PublishOptions {
  repo: string;
  endpoint?: string;
  private?: boolean;
  /** Defaults to `HF_TOKEN` from the environment; never logged or written. */
  token?: string;
}

export interface PublishResult {
  repo: string;
  commitUrl: string;
  created: boolean;
  files: string[];
  warnings: string[];
}

function tokenFrom(opts: PublishOptions): string {
  const token = opts.token ?? process.env.HF_TOKEN;
  if (!token)
    throw new UserError('HF_TOKEN is not set: put a Hugging Face write token in the environment (or .env)', {
      field: 'HF_TOKEN',
    });
  if (!token.startsWith('hf_'))
    throw new UserError('HF_TOKEN does not look like a Hugging Face token (it must start with "hf_")', {
      field: 'HF_TOKEN',
    });
  return token;
}

function repoName(repo: string): string {
  if (!/^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/.test(repo))
    throw new UserError(`--repo must be OWNER/NAME, got "${repo}"`, { field: 'repo' });
  return repo;
}

/** `normforge publish`: uploads `release/<dataset>/` to a Hub dataset repo in one commit. */
export async function publishRelease(ws: Workspace, dataset: DatasetId, opts: PublishOptions): Promise<PublishResult> {
  const name = repoName(opts.repo);
  const token = tokenFrom(opts);
  // Checked before any request: a refused release sends nothing; the checked bytes are the ones uploaded.
  const { manifest, contents } = verifyRelease(releaseDirOf(ws, dataset), dataset);
  const files = [...contents.keys()];
  const warnings: string[] = [];
  if (manifest.provenance.qc_rounds.length === 0) {
    warnings.push(
      `no human QC results for ${dataset} (run \`normforge qc stats ${dataset}\`); the card says the release is not quality-controlled`,
    );
  }
  for (const w of warnings) ws.log.warn(w);
  const hubUrl = (opts.endpoint ?? ws.config.hub.endpoint).replace(/\/+$/, '');
  const repo: RepoDesignation = { type: 'dataset', name };
  try {
    const exists = await repoExists({ repo, hubUrl, accessToken: token });
    if (!exists) await createRepo({ repo, hubUrl, accessToken: token, private: opts.private ?? false });
    const result = await commit({
      repo,
      hubUrl,
      accessToken: token,
      title: `normforge release of ${dataset}`,
      useXet: false,
      operations: [...contents].map(([path, bytes]) => ({
        operation: 'addOrUpdate' as const,
        path,
        content: new Blob([new Uint8Array(bytes)]),
      })),
    });
    const commitUrl = result?.commit.url ?? `${hubUrl}/datasets/${name}`;
    ws.log.info(`published ${dataset} to ${name}: ${commitUrl}`);
    return { repo: name, commitUrl, created: !exists, files, warnings };
  } catch (err) {
    throw hubFailure(hubUrl, err);
  }
}

/** The socket error under fetch's "fetch failed" (ECONNREFUSED, ENOTFOUND, ...), if that is what went wrong. */
function networkCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A Hub that cannot be reached or that refuses the upload is a failure (exit 1) naming the endpoint, never a stack trace. */
function hubFailure(hubUrl: string, err: unknown): FailureError {
  const code = networkCode(err);
  if (code)
    return new FailureError(
      `cannot reach the Hub at ${hubUrl} (${code}); check --endpoint or hub.endpoint in the config`,
      { cause: err },
    );
  return new FailureError(
    redact(`publishing to ${hubUrl} failed: ${err instanceof Error ? err.message : String(err)}`),
    { cause: err },
  );
}
