import { useId, useState } from 'react';
import type { FieldTransform } from '../../../../shared/model/mapping';
import { transformFormFields, type TransformFormField } from '../../../../shared/transforms/form-fields';
import { checkTransform } from '../../../../shared/transforms/registry';
import { useTranslation } from '../../i18n';

/** `M = male` lines → a table; the empty code is allowed (what a blank becomes). */
export function parseCodes(text: string): Record<string, string> {
  const table: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at < 0) continue;
    table[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return table;
}

export function formatCodes(table: Record<string, string> | undefined): string {
  return Object.entries(table ?? {})
    .map(([code, value]) => `${code} = ${value}`)
    .join('\n');
}

/** Text as typed is kept while editing (a trailing new line, a half-written pair); the transform gets the parsed value. */
function useDraftText(initial: string): [string, (text: string) => void] {
  const [text, setText] = useState(initial);
  return [text, setText];
}

function FieldInput({ field, value, onChange, crosswalks }: { field: TransformFormField; value: unknown; onChange(value: unknown): void; crosswalks: readonly string[] }) {
  const { t } = useTranslation();
  const id = useId();
  const helpId = `${id}-help`;
  const [text, setText] = useDraftText(field.input === 'list' ? ((value as string[] | undefined) ?? []).join('\n') : field.input === 'codes' ? formatCodes(value as Record<string, string> | undefined) : value === undefined ? '' : String(value));
  const label = (
    <label htmlFor={id}>
      {field.label}
      {field.optional && <span className="muted"> {t('mapping.panel.optional')}</span>}
    </label>
  );
  switch (field.input) {
    case 'boolean':
      return (
        <div className="transform-field transform-field-check">
          <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked ? true : field.optional ? undefined : false)} />
          {label}
        </div>
      );
    case 'choice':
      return (
        <div className="transform-field">
          {label}
          <select id={id} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}>
            {field.optional && <option value="">—</option>}
            {(field.options ?? []).map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </div>
      );
    case 'number':
      return (
        <div className="transform-field">
          {label}
          <input
            id={id}
            type="number"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              onChange(e.target.value === '' ? undefined : Number(e.target.value));
            }}
          />
        </div>
      );
    case 'list':
    case 'codes':
      return (
        <div className="transform-field">
          {label}
          <textarea
            id={id}
            rows={3}
            value={text}
            aria-describedby={helpId}
            dir="auto"
            onChange={(e) => {
              setText(e.target.value);
              if (field.input === 'codes') onChange(e.target.value.trim() === '' && field.optional ? undefined : parseCodes(e.target.value));
              else {
                const items = e.target.value.split('\n').map((s) => s.trim()).filter(Boolean);
                onChange(items.length === 0 && field.optional ? undefined : items);
              }
            }}
          />
          <span id={helpId} className="field-help">
            {field.input === 'codes' ? t('mapping.panel.codesHelp') : t('mapping.panel.listHelp')}
          </span>
        </div>
      );
    default: {
      const listId = `${id}-crosswalks`;
      const isCrosswalkName = field.name === 'crosswalk';
      return (
        <div className="transform-field">
          {label}
          <input
            id={id}
            type="text"
            value={text}
            dir="auto"
            list={isCrosswalkName ? listId : undefined}
            onChange={(e) => {
              setText(e.target.value);
              onChange(e.target.value === '' && field.optional ? undefined : e.target.value);
            }}
          />
          {isCrosswalkName && (
            <datalist id={listId}>
              {crosswalks.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
          )}
        </div>
      );
    }
  }
}

/**
 * A transform's settings, drawn from its registered parameter schema (`transformFormFields`): a
 * new transform gets its form without screen code. Problems the registry finds in the settings
 * are shown under the form, each at its setting.
 */
export function TransformForm({ transform, onChange, crosswalks = [] }: { transform: FieldTransform; onChange(next: FieldTransform): void; crosswalks?: readonly string[] }) {
  const { t } = useTranslation();
  const fields = transformFormFields(transform.kind);
  const remarks = checkTransform(transform);
  const values = transform as unknown as Record<string, unknown>;
  return (
    <div className="transform-form" data-testid={`transform-form-${transform.kind}`}>
      {fields.length === 0 && <p className="muted">{t('mapping.panel.noSetting')}</p>}
      {fields.map((f) => (
        <FieldInput
          key={f.name}
          field={f}
          value={values[f.name]}
          crosswalks={crosswalks}
          onChange={(value) => {
            const next: Record<string, unknown> = { ...values };
            if (value === undefined) delete next[f.name];
            else next[f.name] = value;
            onChange(next as unknown as FieldTransform);
          }}
        />
      ))}
      {remarks.length > 0 && (
        <ul className="transform-remarks" data-testid="transform-remarks">
          {remarks.map((r, i) => (
            <li key={i} className={`remark remark-${r.severity}`}>
              {r.message} <span className="muted">{r.hint}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
