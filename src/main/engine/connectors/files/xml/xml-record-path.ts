import { SaxesParser } from 'saxes';
import { MAX_NESTING_DEPTH } from '../nesting-limit';

/** One step of a record path: a local name, and a namespace URI when given as `{uri}local`. */
export interface XmlStep {
  local: string;
  uri?: string;
}

/** A record path: absolute (`/Students/Student`) or matching at any depth (`Student`, `//Student`). */
export interface XmlRecordPath {
  steps: XmlStep[];
  absolute: boolean;
}

/**
 * Reads `/Students/Student`, `/s:Students/s:Student` (prefixes are ignored: elements match by local
 * name, whatever prefix the file uses), `{urn:school}Student` (local name and namespace URI),
 * `Student` or `//Student` (at any depth).
 */
export function parseXmlRecordPath(text: string): XmlRecordPath {
  const trimmed = text.trim();
  const absolute = trimmed.startsWith('/') && !trimmed.startsWith('//');
  const steps = trimmed
    .replace(/^\/+/, '')
    .split(/\/(?![^{]*\})/)
    .filter((s) => s !== '')
    .map((s): XmlStep => {
      const clark = /^\{([^}]*)\}(.+)$/.exec(s);
      if (clark) return { uri: clark[1], local: clark[2] };
      const colon = s.indexOf(':');
      return { local: colon === -1 ? s : s.slice(colon + 1) };
    });
  return { steps, absolute };
}

export function formatXmlRecordPath(path: XmlRecordPath): string {
  const body = path.steps.map((s) => (s.uri ? `{${s.uri}}${s.local}` : s.local)).join('/');
  return path.absolute ? `/${body}` : `//${body}`;
}

/** Does the open-element stack (root first) end at the record path? */
export function matchesRecordPath(stack: readonly XmlStep[], path: XmlRecordPath): boolean {
  const steps = path.steps;
  if (path.absolute ? stack.length !== steps.length : stack.length < steps.length) return false;
  const offset = stack.length - steps.length;
  for (let i = 0; i < steps.length; i++) {
    const el = stack[offset + i];
    if (el.local !== steps[i].local) return false;
    if (steps[i].uri !== undefined && el.uri !== steps[i].uri) return false;
  }
  return true;
}

/**
 * Finds the records in a sample of the document: the element repeated most often under a parent
 * that itself occurs once (a `Student` list under `Students`), so the fields of each record are not
 * taken for records. Ties go to the shallower element. Without any repetition the root is the one
 * record.
 */
export function detectRecordPath(sample: string): XmlRecordPath {
  const counts = countElements(sample);
  let best: ElementCount | null = null;
  for (const [key, entry] of counts) {
    if (entry.depth < 2) continue;
    const parent = counts.get(key.slice(0, key.lastIndexOf('/')));
    if (!parent || parent.count !== 1) continue;
    if (!best || entry.count > best.count || (entry.count === best.count && (entry.depth < best.depth || (entry.depth === best.depth && entry.order < best.order)))) best = entry;
  }
  if (best && best.count >= 2) return { steps: best.steps, absolute: true };
  const root = [...counts.values()].find((e) => e.depth === 1);
  return { steps: root ? root.steps : [], absolute: true };
}

/**
 * Every record type of a document that holds several (a schedule with its course offerings and
 * their sections; contacts and their student links): each element repeated under a parent that
 * occurs once, except one inside another such element or inside a repeated element (those are
 * fields of records). In document order; fewer than two means the document has one record type,
 * and `detectRecordPath` finds it.
 */
export function detectRecordPaths(sample: string): XmlRecordPath[] {
  const counts = countElements(sample);
  const found: { key: string; entry: ElementCount }[] = [];
  for (const [key, entry] of counts) {
    if (entry.depth < 2 || entry.count < 2) continue;
    const parentKey = key.slice(0, key.lastIndexOf('/'));
    const parent = counts.get(parentKey);
    if (!parent || parent.count !== 1) continue;
    // An ancestor that repeats, or that is itself a record type, makes this a field of a record.
    const ancestors = key.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'));
    if (ancestors.some((a) => (counts.get(a)?.count ?? 0) > 1 || found.some((f) => f.key === a))) continue;
    found.push({ key, entry });
  }
  return found.sort((a, b) => a.entry.order - b.entry.order).map((f) => ({ steps: f.entry.steps, absolute: true }));
}

interface ElementCount {
  count: number;
  depth: number;
  order: number;
  steps: XmlStep[];
}

/** How often each element path occurs in a sample (malformed or cut samples: what was seen). */
function countElements(sample: string): Map<string, ElementCount> {
  const counts = new Map<string, ElementCount>();
  const stack: XmlStep[] = [];
  const parser = new SaxesParser({ xmlns: true, resolvePrefix: (prefix: string) => `urn:undeclared:${prefix}` });
  let stopped = false;
  parser.on('error', () => {
    stopped = true;
  });
  parser.on('opentag', (tag) => {
    if (stopped) return;
    // Past the limit every step is quadratic (path keys here, namespace lookups in saxes): stop
    // parsing the sample altogether (the throw ends parser.write); the read refuses such a file.
    if (stack.length >= MAX_NESTING_DEPTH) {
      stopped = true;
      throw new Error('nested too deep');
    }
    stack.push({ local: tag.local, uri: tag.uri });
    const key = stack.map((s) => s.local).join('/');
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { count: 1, depth: stack.length, order: counts.size, steps: stack.map((s) => ({ local: s.local })) });
  });
  parser.on('closetag', () => {
    if (!stopped) stack.pop();
  });
  try {
    parser.write(sample);
  } catch {
    // a sample cut mid-document, or malformed: detection uses what was seen; the read reports errors
  }
  return counts;
}
