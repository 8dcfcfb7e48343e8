/**
 * References of the papers whose datasets normforge rebuilds, and of the sources they draw on.
 * Only fields checked against the publishers' own pages or repositories are given; nothing is
 * filled in from memory. Where the full reference could not be checked, the entry says so and
 * sends the reader to the authors' publication.
 *
 * - Borah et al.: arXiv 2606.07877 (title and authors on the arXiv / Hugging Face papers page).
 * - Rao et al.: NAACL 2025 proceedings, pages 2373–2403, arXiv 2404.12464 (the NormAd repository
 *   links the arXiv paper; the proceedings reference is cited identically by several later papers).
 * - Fung et al.: arXiv 2402.09369 (linked from the CultureAtlas repository
 *   yrf1/LLM-MassiveMulticultureNormsKnowledge-NCLB).
 * - Negru et al.: the first author's name and the title are as the project's brief names them;
 *   co-authors, venue and year could not be checked, so none is given.
 */
const FULL_REFERENCE_NOTE = "see the authors' publication for the full reference";

export const NEGRU_STATEMENTS = `@misc{negru_sociocultural_statements,
  title  = {Understanding Cultural Alignment in Multilingual LLMs via Natural Debate Statements},
  author = {Negru and others},
  note   = {The paper that introduced the Sociocultural Statements dataset (Kialo debate statements labelled with Hofstede dimensions); ${FULL_REFERENCE_NOTE}}
}`;

/** What the card says of the fields the Negru entry leaves out. */
export const NEGRU_UNVERIFIED =
  "Its title and first author are as the dataset's authors name them; its co-authors, year and venue could not be verified and are omitted rather than guessed, so see the authors' publication for the full reference.";

export const BORAH_PACT = `@misc{borah2026whose,
  title         = {Whose Norms? Disentangling Cultural and Personal Alignment in Large Language Models},
  author        = {Borah, Angana and Augenstein, Isabelle and Mihalcea, Rada},
  year          = {2026},
  eprint        = {2606.07877},
  archivePrefix = {arXiv}
}`;

export const RAO_NORMAD = `@inproceedings{rao2025normad,
  title         = {NormAd: A Framework for Measuring the Cultural Adaptability of Large Language Models},
  author        = {Rao, Abhinav Sukumar and Yerukola, Akhila and Shah, Vishwa and Reinecke, Katharina and Sap, Maarten},
  booktitle     = {Proceedings of the 2025 Conference of the Nations of the Americas Chapter of the Association for Computational Linguistics: Human Language Technologies (Volume 1: Long Papers)},
  pages         = {2373--2403},
  year          = {2025},
  eprint        = {2404.12464},
  archivePrefix = {arXiv}
}`;

export const FUNG_CULTUREATLAS = `@misc{fung2024massively,
  title         = {Massively Multi-Cultural Knowledge Acquisition \\& LM Benchmarking},
  author        = {Fung, Yi and Zhao, Ruining and Doo, Jae and Sun, Chenkai and Ji, Heng},
  year          = {2024},
  eprint        = {2402.09369},
  archivePrefix = {arXiv}
}`;

export function citationSection(intro: string, entries: string[]): string {
  return `${intro}\n\n\`\`\`bibtex\n${entries.join('\n\n')}\n\`\`\``;
}
