import { dirname, join, resolve } from 'node:path';
import type { Config } from '../schemas/config.ts';
import { openStore, type Db } from '../store/run-store.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { loadConfig, loadDotEnv } from '../config/load.ts';

/**
 * Where a project lives: `data/`, `annotation/` and `release/` in the working directory, the
 * validated config, the run store (opened on first use) and the logger. Its own prompt templates
 * (`prompts/<lang>/<task>.md`, taking precedence over the built-in ones) sit beside its config
 * file, or in the working directory when it has none.
 */
export class Workspace {
  readonly dataDir: string;
  readonly annotationDir: string;
  readonly releaseDir: string;
  readonly promptsDir: string;
  private db?: Db;

  constructor(
    readonly root: string,
    readonly config: Config,
    readonly configFile: string | undefined,
    readonly log: Logger = createLogger(),
  ) {
    this.dataDir = join(root, 'data');
    this.annotationDir = join(root, 'annotation');
    this.releaseDir = join(root, 'release');
    this.promptsDir = join(configFile ? dirname(configFile) : root, 'prompts');
  }

  static open(opts: { cwd?: string; config?: string; log?: Logger } = {}): Workspace {
    const root = resolve(opts.cwd ?? process.cwd());
    loadDotEnv(root);
    const { config, file } = loadConfig(opts.config, root);
    return new Workspace(root, config, file, opts.log);
  }

  /** Absolute path of a workspace-relative path such as `data/final/pact.jsonl`. */
  path(rel: string): string {
    return resolve(this.root, rel);
  }

  /** The same project seen with another config (e.g. CLI overrides of stage params); shares the run store. */
  withConfig(config: Config, log: Logger = this.log): Workspace {
    const copy = new Workspace(this.root, config, this.configFile, log);
    copy.db = this.store;
    return copy;
  }

  /** The same project with `stages.<stage>` params overridden. */
  withStageParams(stage: string, params: Record<string, unknown>): Workspace {
    return this.withConfig({
      ...this.config,
      stages: { ...this.config.stages, [stage]: { ...this.config.stages[stage], ...params } },
    });
  }

  get store(): Db {
    this.db ??= openStore(join(this.dataDir, 'normforge.db'));
    return this.db;
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }
}
