// Evaluates the `when` clauses of package.json against the context a test reads from the real editor
// (the keys the extension set, the active document's language and path), so menus and keybindings are
// checked where they show. The grammar of VS Code's clauses that package.json uses: || && ! ( ),
// == != with bare or quoted values, =~ /regex/flags, and bare keys (truthy). An unknown key is undefined,
// as VS Code treats it.
export type Context = Record<string, unknown>;

type Token = { kind: 'op'; text: string } | { kind: 'word'; text: string } | { kind: 'regex'; source: string; flags: string };

function tokenize(clause: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < clause.length) {
    const rest = clause.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const op = /^(\|\||&&|==|!=|=~|!|\(|\))/.exec(rest);
    if (op) {
      const previous = tokens[tokens.length - 1];
      tokens.push({ kind: 'op', text: op[1] });
      i += op[1].length;
      if (op[1] === '=~' && previous) {
        const literal = /^\s*\/((?:\\.|[^\\/])+)\/([a-z]*)/.exec(clause.slice(i));
        if (!literal) throw new Error(`no regex after =~ in ${clause}`);
        tokens.push({ kind: 'regex', source: literal[1], flags: literal[2] });
        i += literal[0].length;
      }
      continue;
    }
    const quoted = /^'([^']*)'/.exec(rest);
    if (quoted) {
      tokens.push({ kind: 'word', text: quoted[1] });
      i += quoted[0].length;
      continue;
    }
    const word = /^[^\s()!=&|]+/.exec(rest);
    if (!word) throw new Error(`cannot read ${rest} in ${clause}`);
    tokens.push({ kind: 'word', text: word[0] });
    i += word[0].length;
  }
  return tokens;
}

/** Whether `clause` holds in `context` (an empty clause always does). */
export function evaluateWhen(clause: string | undefined, context: Context): boolean {
  if (!clause?.trim()) return true;
  const tokens = tokenize(clause);
  let at = 0;
  const peek = () => tokens[at];
  const isOp = (text: string) => peek()?.kind === 'op' && (peek() as { text: string }).text === text;
  const or = (): boolean => {
    let value = and();
    while (isOp('||')) {
      at++;
      value = and() || value;
    }
    return value;
  };
  const and = (): boolean => {
    let value = unary();
    while (isOp('&&')) {
      at++;
      value = unary() && value;
    }
    return value;
  };
  const unary = (): boolean => {
    if (isOp('!')) {
      at++;
      return !unary();
    }
    if (isOp('(')) {
      at++;
      const value = or();
      if (!isOp(')')) throw new Error(`unclosed ( in ${clause}`);
      at++;
      return value;
    }
    return comparison();
  };
  const comparison = (): boolean => {
    const key = tokens[at++];
    if (key?.kind !== 'word') throw new Error(`expected a key in ${clause}`);
    const value = context[key.text];
    if (isOp('==') || isOp('!=')) {
      const negate = isOp('!=');
      at++;
      const right = tokens[at++];
      if (right?.kind !== 'word') throw new Error(`expected a value in ${clause}`);
      const literal = right.text === 'true' ? true : right.text === 'false' ? false : right.text;
      const equal = value === literal || String(value) === String(literal);
      return negate ? !equal : equal;
    }
    if (isOp('=~')) {
      at++;
      const regex = tokens[at++] as Extract<Token, { kind: 'regex' }>;
      return typeof value === 'string' && new RegExp(regex.source, regex.flags).test(value);
    }
    return !!value;
  };
  const result = or();
  if (at !== tokens.length) throw new Error(`unread tokens in ${clause}`);
  return result;
}
