import { whenMeta } from '../../../../shared/transforms/when';
import { compileUserRegex } from '../../../../shared/transforms/user-regex';
import { defineTransform, fail, ok } from './define';
import { isBlank, textOf } from './values';

/** Tests the value (or a column) the way filters do: text trimmed, any case; `matches` on re2js. */
export const when = defineTransform(whenMeta, (value, t, { row }) => {
  if (t.column !== undefined && !(t.column in row)) return fail(`The column "${t.column}" is not in the source row.`);
  const subject = t.column !== undefined ? row[t.column] : value;
  const text = textOf(subject).trim().toLowerCase();
  const values = (t.values ?? []).map((v) => v.trim().toLowerCase());
  let holds: boolean;
  switch (t.op) {
    case 'isEmpty':
      holds = isBlank(subject);
      break;
    case 'isNotEmpty':
      holds = !isBlank(subject);
      break;
    case 'equals':
    case 'in':
      holds = values.includes(text);
      break;
    case 'notEquals':
    case 'notIn':
      holds = !values.includes(text);
      break;
    case 'matches':
      try {
        const raw = textOf(subject);
        holds = (t.values ?? []).some((p) => compileUserRegex(p).test(raw));
      } catch (err) {
        return fail((err as Error).message);
      }
      break;
  }
  if (holds) return ok(t.then);
  return ok(t.else === undefined ? (value === undefined ? null : value) : t.else);
});
