import type { Recipe } from '../pipeline/recipe.ts';
import { scrapeKialo } from '../stages/scrape-kialo.ts';
import { filterVotes } from '../stages/filter-votes.ts';
import { translate } from '../stages/translate.ts';
import { judgeRelevance } from '../stages/judge-relevance.ts';
import { judgePolarity } from '../stages/judge-polarity.ts';
import { assembleStatements } from '../stages/assemble-statements.ts';

/** Sociocultural Statements (Negru et al.): Kialo theses labelled with Hofstede relevance and polarity. */
const recipe: Recipe = {
  name: 'sociocultural-statements',
  description: 'Kialo debate statements labelled on the six Hofstede dimensions by a multilingual LLM panel',
  stages: [scrapeKialo, filterVotes, translate, judgeRelevance, judgePolarity, assembleStatements],
};

export default recipe;
