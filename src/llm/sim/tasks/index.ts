import type { SimTask } from '../task.ts';
import { translateSimTask } from './translate.ts';
import { translatePromptSimTask } from './translate-prompt.ts';
import { evalAgreeTask } from './eval-agree.ts';
import { evalPactTask, humanStudyTasks } from './eval-pact.ts';
import { relevanceTask } from './relevance.ts';
import { polarityTask } from './polarity.ts';
import { frameworkEconomyTask, hofstedeEconomyTask } from './hofstede-economy.ts';
import { pactUsableTask } from './pact-usable.ts';
import { pactGenerateTask } from './pact-generate.ts';
import { pactValidateTask } from './pact-validate.ts';

/** Simulator handlers by task name; each LLM task adds its handler here. */
export const SIM_TASKS: SimTask[] = [
  translateSimTask,
  translatePromptSimTask,
  evalAgreeTask,
  evalPactTask,
  ...humanStudyTasks,
  relevanceTask,
  polarityTask,
  hofstedeEconomyTask,
  frameworkEconomyTask,
  pactUsableTask,
  pactGenerateTask,
  pactValidateTask,
];
