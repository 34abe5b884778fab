/**
 * Rules beyond the target's schema (#14): checks a record must pass that the OpenAPI document
 * cannot say, each reported per row with its place. `error` rejects the row (stage `validate`,
 * code `RULE_FAILED`); `warning` lets it through and shows on the preview. Rules read the record
 * the mapping made (target field names); an `expression` rule also reads the source `row`.
 */
export type MappingRule = CompareRule | UniqueRule | ExistsRule | ExpressionRule;

export type RuleSeverity = 'error' | 'warning';
export const RULE_KINDS = ['compare', 'unique', 'exists', 'expression'] as const;
export const COMPARE_OPS = ['<', '<=', '>', '>=', '==', '!='] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

interface RuleBase {
  /** Words for the rule, shown with each row it flags ("ends after it starts"). */
  name: string;
  /** Default `error`. */
  severity?: RuleSeverity;
  /** What to tell the person instead of the generated sentence. */
  message?: string;
}

/** Cross-field: `field op other` (endDate >= startDate). Numbers compare as numbers, dates and text as text; a rule with a side missing is not checked. */
export interface CompareRule extends RuleBase {
  kind: 'compare';
  field: string;
  op: CompareOp;
  other: string;
}

/** No two records of this load share the values of these fields (an e-mail, a class code + year); blank values are not compared. */
export interface UniqueRule extends RuleBase {
  kind: 'unique';
  fields: string[];
}

/**
 * Referential, within this load: the field's value is the `inField` (default `externalId`) of a
 * record of the same load (a class's parent class, a sibling). Rows whose reference is not yet
 * seen are held until it is, or the load ends.
 */
export interface ExistsRule extends RuleBase {
  kind: 'exists';
  field: string;
  inField?: string;
}

/** A CEL test over `record` and `row` that must give true (`!has(record.leftOn) || record.leftOn >= record.joinedOn`). */
export interface ExpressionRule extends RuleBase {
  kind: 'expression';
  expression: string;
}
