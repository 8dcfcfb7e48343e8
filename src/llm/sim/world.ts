import { createHash } from 'node:crypto';
import { isSimHofstedeCode, SIM_HOFSTEDE_CODES, type SimProfile } from './profiles.ts';

/**
 * The simulator's ground truth about a statement: for any dimension code, how relevant the
 * statement is to it and where agreeing with it falls. Derived from a hash of the statement's
 * normalised text and the code, so every simulated model and language sees the same world, any
 * value framework has one, and disagreement comes only from profiles, noise and sampling.
 */
export interface LatentStatement {
  /** Relevance to the dimension, uniform in [0, 1]. */
  relevance(dimension: string): number;
  /** Where agreeing falls on the dimension. */
  polarity(dimension: string): -2 | -1 | 1 | 2;
}

const POLES = [-2, -1, 1, 2] as const;

/** The marker a simulated translation starts with, e.g. "[zh] " or "[pt-BR] ". */
const SIMULATED_MARKER = /^\[[a-z]{2,3}(?:-[A-Za-z]+)?\]\s*/;

/** Simulated translations are the source text with a language prefix, e.g. "[zh] …"; strip it. */
export function normaliseStatement(text: string): string {
  return text.replace(SIMULATED_MARKER, '').trim().toLowerCase();
}

function unit(seed: string): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0) / 0x1_0000_0000;
}

export function latentStatement(text: string): LatentStatement {
  const key = normaliseStatement(text);
  return {
    relevance: (dim) => unit(`rel:${dim}:${key}`),
    polarity: (dim) => POLES[Math.floor(unit(`pol:${dim}:${key}`) * POLES.length)],
  };
}

/**
 * A model's lean toward a dimension's positive pole, in [-1, 1]: its declared tilt on a Hofstede
 * dimension; on any other dimension a fixed mixture of its Hofstede tilts with weights drawn from
 * the code, so models that differ on Hofstede's dimensions differ on every framework's, and a
 * neutral model stays neutral.
 */
export function tiltOn(profile: SimProfile, dimension: string): number {
  if (isSimHofstedeCode(dimension)) return profile.hofstede[dimension];
  const weights = SIM_HOFSTEDE_CODES.map((c) => unit(`tilt:${dimension}:${c}`) * 2 - 1);
  const norm = Math.hypot(...weights) || 1;
  const mixed = SIM_HOFSTEDE_CODES.reduce((sum, c, i) => sum + weights[i] * profile.hofstede[c], 0) / norm;
  return Math.max(-1, Math.min(1, mixed));
}

/**
 * Simulated translation of a text into a language: marked, never passed off as real. A marked text
 * is itself a simulated translation, and the simulator's world holds one text per statement, so
 * translating it (the back-translation into the source language) gives back the unmarked original:
 * a faithful translation round-trips exactly.
 */
export function simulatedTranslation(text: string, language: string): string {
  const original = text.replace(SIMULATED_MARKER, '');
  return original === text ? `[${language}] ${text}` : original;
}

/**
 * A simulated mistranslation (the `mistranslate` fault): the translation stops a third of the way
 * through the text, the omission real translators make most, so its back-translation scores low.
 */
export function simulatedMistranslation(text: string, language: string): string {
  const translated = simulatedTranslation(text, language);
  const marker = SIMULATED_MARKER.exec(translated)?.[0] ?? '';
  const chars = Array.from(translated.slice(marker.length));
  return marker + chars.slice(0, Math.max(1, Math.ceil(chars.length / 3))).join('');
}
