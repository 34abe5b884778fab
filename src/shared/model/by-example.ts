import type { FieldTransform } from '../transforms/registry';

/** A transform found from examples (`mappings.byExample`), in the studio's own terms. */
export interface SynthesizedProgram {
  /** Registry transforms, or one `expression` (a word program written in CEL), to put on the field. */
  transforms: FieldTransform[];
  /** The transform as readable steps ("Part of a name (part \"last\")", "Put together: word 2, then …"). */
  steps: string[];
}

/** One other row as the found transform makes it; `unsure` when another transform that fits the examples as well answers differently, or it answers nothing. */
export interface ByExampleRow {
  input: string;
  output: string | null;
  unsure: boolean;
}

export interface ByExampleResult {
  /** `solved`: a transform reproduces every example; `unsure`: none does, or the examples contradict each other. */
  status: 'solved' | 'unsure';
  program: SynthesizedProgram | null;
  /** How many transforms fit the examples (more than one is where unsure rows come from). */
  alternatives: number;
  rows: ByExampleRow[];
  /** Why it is not sure, in words, when it is not. */
  reason?: string;
}
