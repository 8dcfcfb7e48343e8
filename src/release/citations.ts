/** BibTeX of the papers whose datasets normforge rebuilds, and of the sources they draw on. */
export const NEGRU_STATEMENTS = `@article{negru2026sociocultural,
  title  = {Understanding Cultural Alignment in Multilingual LLMs via Natural Debate Statements},
  author = {Negru, Vlad-Andrei and Lemnaru, Camelia and Surdeanu, Mihai and Potolea, Rodica},
  year   = {2026}
}`;

export const BORAH_PACT = `@article{borah2026whose,
  title         = {Whose Norms? Disentangling Cultural and Personal Alignment in Large Language Models},
  author        = {Borah, Angana and Augenstein, Isabelle and Mihalcea, Rada},
  year          = {2026},
  eprint        = {2606.07877},
  archivePrefix = {arXiv},
  primaryClass  = {cs.CL}
}`;

export const RAO_NORMAD = `@article{rao2024normad,
  title         = {NormAd: A Framework for Measuring the Cultural Adaptability of Large Language Models},
  author        = {Rao, Abhinav and Yerukola, Akhila and Shah, Vishwa and Reinecke, Katharina and Sap, Maarten},
  year          = {2024},
  eprint        = {2404.12464},
  archivePrefix = {arXiv}
}`;

export const FUNG_CULTUREATLAS = `@article{fung2024massively,
  title         = {Massively Multi-Cultural Knowledge Acquisition \\& LM Benchmarking},
  author        = {Fung, Yi R. and Zhao, Ruining and Doo, Jae and Sun, Chenkai and Ji, Heng},
  year          = {2024},
  eprint        = {2402.09369},
  archivePrefix = {arXiv}
}`;

export function citationSection(intro: string, entries: string[]): string {
  return `${intro}\n\n\`\`\`bibtex\n${entries.join('\n\n')}\n\`\`\``;
}
