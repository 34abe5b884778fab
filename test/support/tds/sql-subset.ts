/**
 * The small part of T-SQL the test server understands: the SELECT statements the SQL Server
 * connector builds for reads, counts and samples. Anything else is refused, so a change in the
 * connector's SQL shows up as a failing test rather than a server that guesses.
 *
 *   SELECT [TOP (n|@p)] item, ... FROM [schema].[table] [WHERE cond] [ORDER BY expr [ASC|DESC], ...]
 *   item  := expr [[AS] alias]
 *   expr  := column | @param | number | 'string' | CONVERT(type, expr[, style]) | CAST(expr AS type)
 *          | DATEPART(TZOFFSET, expr) | COUNT_BIG(*) | COUNT(*)
 *   cond  := cond OR cond | cond AND cond | (cond) | expr (=|<>|<|<=|>|>=) expr | expr IS [NOT] NULL
 *
 * Comments are skipped, but a leading `/* apstudio:... *\/` marker is kept: it names the
 * connector's catalog queries, which the server answers from its fixtures instead of parsing.
 */
export type Expr =
  | { kind: 'column'; name: string }
  | { kind: 'param'; name: string }
  | { kind: 'literal'; value: number | string }
  | { kind: 'convert'; type: string; expr: Expr; style: number | null }
  | { kind: 'cast'; type: string; expr: Expr }
  | { kind: 'datepart'; part: string; expr: Expr }
  | { kind: 'count' };

export type Cond =
  | { kind: 'and' | 'or'; left: Cond; right: Cond }
  | { kind: 'compare'; op: '=' | '<>' | '<' | '<=' | '>' | '>='; left: Expr; right: Expr }
  | { kind: 'isNull'; expr: Expr; negated: boolean };

export interface SelectStatement {
  top: Expr | null;
  items: { expr: Expr; alias: string | null }[];
  table: { schema: string; name: string };
  where: Cond | null;
  orderBy: { expr: Expr; descending: boolean }[];
}

type Token =
  | { t: 'ident'; v: string }
  | { t: 'word'; v: string }
  | { t: 'param'; v: string }
  | { t: 'number'; v: number }
  | { t: 'string'; v: string }
  | { t: 'punct'; v: string };

/** The `apstudio:...` marker of a statement, if it starts with one. */
export function markerOf(sql: string): string | null {
  return /^\s*\/\*\s*(apstudio:[a-z-]+)\s*\*\//.exec(sql)?.[1] ?? null;
}

export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (/\s/.test(c)) {
      i++;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new SqlError('Unclosed comment');
      i = end + 2;
    } else if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (c === '[') {
      let v = '';
      i++;
      for (;;) {
        if (i >= sql.length) throw new SqlError('Unclosed [identifier]');
        if (sql[i] === ']') {
          if (sql[i + 1] === ']') {
            v += ']';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += sql[i++];
      }
      out.push({ t: 'ident', v });
    } else if (c === '"') {
      const end = sql.indexOf('"', i + 1);
      if (end < 0) throw new SqlError('Unclosed "identifier"');
      out.push({ t: 'ident', v: sql.slice(i + 1, end) });
      i = end + 1;
    } else if (c === "'" || ((c === 'N' || c === 'n') && sql[i + 1] === "'")) {
      i += c === "'" ? 1 : 2;
      let v = '';
      for (;;) {
        if (i >= sql.length) throw new SqlError('Unclosed string');
        if (sql[i] === "'") {
          if (sql[i + 1] === "'") {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += sql[i++];
      }
      out.push({ t: 'string', v });
    } else if (c === '@') {
      const m = /^@[\w@#$]+/.exec(sql.slice(i))!;
      out.push({ t: 'param', v: m[0] });
      i += m[0].length;
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(sql[i + 1] ?? '') && prevAllowsSign(out))) {
      const m = /^-?\d+(\.\d+)?/.exec(sql.slice(i))!;
      out.push({ t: 'number', v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_#]/.test(c)) {
      const m = /^[A-Za-z_#][\w$#]*/.exec(sql.slice(i))!;
      out.push({ t: 'word', v: m[0] });
      i += m[0].length;
    } else {
      const two = sql.slice(i, i + 2);
      if (two === '<=' || two === '>=' || two === '<>' || two === '!=') {
        out.push({ t: 'punct', v: two === '!=' ? '<>' : two });
        i += 2;
      } else if ('(),.*=<>;'.includes(c)) {
        out.push({ t: 'punct', v: c });
        i++;
      } else {
        throw new SqlError(`Unexpected character ${JSON.stringify(c)}`);
      }
    }
  }
  return out;
}

function prevAllowsSign(out: Token[]): boolean {
  const prev = out[out.length - 1];
  return !prev || (prev.t === 'punct' && prev.v !== ')') || (prev.t === 'word' && /^(SELECT|WHERE|AND|OR|TOP)$/i.test(prev.v));
}

/** A statement outside the subset, reported to the client as a SQL error. */
export class SqlError extends Error {}

export function parseSelect(sql: string): SelectStatement {
  const p = new Parser(tokenize(sql));
  const stmt = p.select();
  p.optional(';');
  if (!p.done()) throw new SqlError(`The test server does not understand the text after position ${p.at}`);
  return stmt;
}

class Parser {
  at = 0;
  constructor(private readonly tokens: Token[]) {}

  done(): boolean {
    return this.at >= this.tokens.length;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }

  private isWord(word: string, offset = 0): boolean {
    const tok = this.peek(offset);
    return tok?.t === 'word' && tok.v.toUpperCase() === word;
  }

  private isPunct(p: string): boolean {
    const tok = this.peek();
    return tok?.t === 'punct' && tok.v === p;
  }

  optional(p: string): boolean {
    if (this.isPunct(p)) {
      this.at++;
      return true;
    }
    return false;
  }

  private expectPunct(p: string): void {
    if (!this.optional(p)) throw new SqlError(`Expected "${p}" at token ${this.at}`);
  }

  private expectWord(word: string): void {
    if (!this.isWord(word)) throw new SqlError(`Expected ${word} at token ${this.at}`);
    this.at++;
  }

  private name(): string {
    const tok = this.peek();
    if (tok?.t === 'ident' || tok?.t === 'word') {
      this.at++;
      return tok.v;
    }
    throw new SqlError(`Expected a name at token ${this.at}`);
  }

  select(): SelectStatement {
    this.expectWord('SELECT');
    let top: Expr | null = null;
    if (this.isWord('TOP')) {
      this.at++;
      this.expectPunct('(');
      top = this.expr();
      this.expectPunct(')');
    }
    const items: SelectStatement['items'] = [];
    do {
      const expr = this.expr();
      let alias: string | null = null;
      if (this.isWord('AS')) {
        this.at++;
        alias = this.name();
      } else if (this.peek()?.t === 'ident') {
        alias = this.name();
      }
      items.push({ expr, alias });
    } while (this.optional(','));
    this.expectWord('FROM');
    const parts = [this.name()];
    while (this.optional('.')) parts.push(this.name());
    if (parts.length > 3) throw new SqlError('Too many name parts in FROM');
    const table = { schema: parts.length >= 2 ? parts[parts.length - 2] : 'dbo', name: parts[parts.length - 1] };
    let where: Cond | null = null;
    if (this.isWord('WHERE')) {
      this.at++;
      where = this.cond();
    }
    const orderBy: SelectStatement['orderBy'] = [];
    if (this.isWord('ORDER')) {
      this.at++;
      this.expectWord('BY');
      do {
        const expr = this.expr();
        let descending = false;
        if (this.isWord('ASC')) this.at++;
        else if (this.isWord('DESC')) {
          this.at++;
          descending = true;
        }
        orderBy.push({ expr, descending });
      } while (this.optional(','));
    }
    return { top, items, table, where, orderBy };
  }

  private cond(): Cond {
    let left = this.andCond();
    while (this.isWord('OR')) {
      this.at++;
      left = { kind: 'or', left, right: this.andCond() };
    }
    return left;
  }

  private andCond(): Cond {
    let left = this.atom();
    while (this.isWord('AND')) {
      this.at++;
      left = { kind: 'and', left, right: this.atom() };
    }
    return left;
  }

  private atom(): Cond {
    if (this.isPunct('(')) {
      // A parenthesis opens either a nested condition or an expression; conditions are what
      // the connector writes here, so try that first.
      const save = this.at;
      this.at++;
      try {
        const c = this.cond();
        this.expectPunct(')');
        return c;
      } catch {
        this.at = save;
      }
    }
    const left = this.expr();
    if (this.isWord('IS')) {
      this.at++;
      const negated = this.isWord('NOT');
      if (negated) this.at++;
      this.expectWord('NULL');
      return { kind: 'isNull', expr: left, negated };
    }
    const tok = this.peek();
    if (tok?.t !== 'punct' || !['=', '<>', '<', '<=', '>', '>='].includes(tok.v)) throw new SqlError(`Expected a comparison at token ${this.at}`);
    this.at++;
    return { kind: 'compare', op: tok.v as '=' | '<>' | '<' | '<=' | '>' | '>=', left, right: this.expr() };
  }

  private typeSpec(): string {
    let text = this.name();
    if (this.optional('(')) {
      const args: string[] = [];
      do {
        const tok = this.peek();
        if (tok?.t === 'number') args.push(String(tok.v));
        else if (tok?.t === 'word' && tok.v.toUpperCase() === 'MAX') args.push('max');
        else throw new SqlError(`Expected a type length at token ${this.at}`);
        this.at++;
      } while (this.optional(','));
      this.expectPunct(')');
      text += `(${args.join(',')})`;
    }
    return text;
  }

  expr(): Expr {
    const tok = this.peek();
    if (!tok) throw new SqlError('Unexpected end of statement');
    if (tok.t === 'param') {
      this.at++;
      return { kind: 'param', name: tok.v };
    }
    if (tok.t === 'number' || tok.t === 'string') {
      this.at++;
      return { kind: 'literal', value: tok.v };
    }
    if (tok.t === 'word' && this.peek(1)?.t === 'punct' && (this.peek(1) as { v: string }).v === '(') {
      const fn = tok.v.toUpperCase();
      this.at += 2;
      if (fn === 'CONVERT') {
        const type = this.typeSpec();
        this.expectPunct(',');
        const expr = this.expr();
        let style: number | null = null;
        if (this.optional(',')) {
          const s = this.peek();
          if (s?.t !== 'number') throw new SqlError('Expected a CONVERT style number');
          style = s.v;
          this.at++;
        }
        this.expectPunct(')');
        return { kind: 'convert', type, expr, style };
      }
      if (fn === 'CAST') {
        const expr = this.expr();
        this.expectWord('AS');
        const type = this.typeSpec();
        this.expectPunct(')');
        return { kind: 'cast', type, expr };
      }
      if (fn === 'DATEPART') {
        const part = this.name().toUpperCase();
        this.expectPunct(',');
        const expr = this.expr();
        this.expectPunct(')');
        return { kind: 'datepart', part, expr };
      }
      if (fn === 'COUNT_BIG' || fn === 'COUNT') {
        this.expectPunct('*');
        this.expectPunct(')');
        return { kind: 'count' };
      }
      throw new SqlError(`The test server does not know the function ${fn}`);
    }
    if (tok.t === 'ident' || tok.t === 'word') {
      const parts = [this.name()];
      while (this.isPunct('.')) {
        this.at++;
        parts.push(this.name());
      }
      return { kind: 'column', name: parts[parts.length - 1] };
    }
    throw new SqlError(`Unexpected token at ${this.at}`);
  }
}
