/**
 * Recursive-descent parser of the formula language (never `eval`: the CSP forbids it).
 *
 * Precedence, loosest first: `or`; `and`; `not`; comparisons (< <= > >= == !=, not
 * chained); + −; * /; unary − and +; ^ (right-associative). Unary minus binds looser
 * than ^, as in mathematics and Python: −2^2 = −(2^2) = −4, while 2^−1 = 0.5.
 */
import { FormulaError } from './formula-error';
import { formulaFunctionNames, formulaFunctions } from './functions';
import { didYouMean } from './suggest';
import { tokenize, type Token } from './tokenizer';

/** A node of the syntax tree; `start` is the index of its first character. */
export type FormulaNode =
  | { kind: 'number'; value: number; start: number }
  | { kind: 'string'; value: string; start: number }
  | { kind: 'column'; name: string; start: number }
  | { kind: 'unary'; op: '-' | '+' | 'not'; operand: FormulaNode; start: number }
  | { kind: 'binary'; op: BinaryOp; left: FormulaNode; right: FormulaNode; start: number }
  | { kind: 'call'; name: string; args: FormulaNode[]; start: number };

/** Binary operators. */
export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or';

const comparisons = new Set(['<', '<=', '>', '>=', '==', '!=']);

function describe(t: Token): string {
  return t.kind === 'end' ? 'the end of the formula' : `"${t.text}"`;
}

/** How deep a formula may nest (parentheses, calls, signs) and how tall its tree may grow (terms chained with operators). */
export const maxFormulaNesting = 200;
export const maxFormulaHeight = 2000;

class Parser {
  private pos = 0;
  /** Parentheses, calls and signs open around the token being read. */
  private depth = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private next(): Token {
    return this.tokens[this.pos++];
  }

  private fail(expected: string, t: Token = this.peek()): never {
    throw new FormulaError(`Expected ${expected} but found ${describe(t)}`, t.start, this.source);
  }

  private isOp(...ops: string[]): boolean {
    const t = this.peek();
    return (t.kind === 'op' || t.kind === 'keyword') && ops.includes(t.text);
  }

  parseFormula(): FormulaNode {
    if (this.peek().kind === 'end') this.fail('an expression');
    const node = this.parseOr();
    const t = this.peek();
    if (t.kind !== 'end') this.fail(t.kind === ')' ? 'the end of the formula (this ")" has no matching "(")' : 'an operator or the end of the formula');
    if (treeHeight(node) > maxFormulaHeight) {
      throw new FormulaError(`The formula chains more than ${maxFormulaHeight} terms; split it into several columns`, 0, this.source);
    }
    return node;
  }

  /** Goes one level deeper, refusing past {@link maxFormulaNesting} (a clear message, not a stack overflow). */
  private enter(t: Token): void {
    if (++this.depth > maxFormulaNesting) {
      throw new FormulaError(`The formula nests more than ${maxFormulaNesting} levels deep (parentheses, functions or signs); simplify it`, t.start, this.source);
    }
  }

  private parseOr(): FormulaNode {
    let left = this.parseAnd();
    while (this.isOp('or')) {
      this.next();
      left = { kind: 'binary', op: 'or', left, right: this.parseAnd(), start: left.start };
    }
    return left;
  }

  private parseAnd(): FormulaNode {
    let left = this.parseNot();
    while (this.isOp('and')) {
      this.next();
      left = { kind: 'binary', op: 'and', left, right: this.parseNot(), start: left.start };
    }
    return left;
  }

  private parseNot(): FormulaNode {
    if (this.isOp('not')) {
      const t = this.next();
      this.enter(t);
      const operand = this.parseNot();
      this.depth--;
      return { kind: 'unary', op: 'not', operand, start: t.start };
    }
    return this.parseComparison();
  }

  private parseComparison(): FormulaNode {
    const left = this.parseAdditive();
    const t = this.peek();
    if (t.kind !== 'op' || !comparisons.has(t.text)) return left;
    this.next();
    const right = this.parseAdditive();
    const after = this.peek();
    if (after.kind === 'op' && comparisons.has(after.text)) {
      throw new FormulaError(`Comparisons cannot be chained; write "a ${t.text} b and b ${after.text} c"`, after.start, this.source);
    }
    return { kind: 'binary', op: t.text as BinaryOp, left, right, start: left.start };
  }

  private parseAdditive(): FormulaNode {
    let left = this.parseMultiplicative();
    while (this.isOp('+', '-')) {
      const op = this.next().text as BinaryOp;
      left = { kind: 'binary', op, left, right: this.parseMultiplicative(), start: left.start };
    }
    return left;
  }

  private parseMultiplicative(): FormulaNode {
    let left = this.parseUnary();
    while (this.isOp('*', '/')) {
      const op = this.next().text as BinaryOp;
      left = { kind: 'binary', op, left, right: this.parseUnary(), start: left.start };
    }
    return left;
  }

  private parseUnary(): FormulaNode {
    if (this.isOp('-', '+')) {
      const t = this.next();
      this.enter(t);
      const operand = this.parseUnary();
      this.depth--;
      return { kind: 'unary', op: t.text as '-' | '+', operand, start: t.start };
    }
    return this.parsePower();
  }

  private parsePower(): FormulaNode {
    const base = this.parsePrimary();
    if (!this.isOp('^')) return base;
    this.next();
    return { kind: 'binary', op: '^', left: base, right: this.parseUnary(), start: base.start };
  }

  private parsePrimary(): FormulaNode {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return { kind: 'number', value: t.value, start: t.start };
      case 'string':
        return { kind: 'string', value: t.text, start: t.start };
      case '(': {
        this.enter(t);
        const inner = this.parseOr();
        if (this.peek().kind !== ')') this.fail('")" to close the "(" at character ' + (t.start + 1));
        this.next();
        this.depth--;
        return inner;
      }
      case 'name': {
        const isBacktick = this.source[t.start] === '`';
        if (!isBacktick && this.peek().kind === '(') return this.parseCall(t);
        return { kind: 'column', name: t.text, start: t.start };
      }
      default:
        this.pos--;
        return this.fail('a number, a column name, a function or "("', t);
    }
  }

  private parseCall(nameToken: Token): FormulaNode {
    this.enter(nameToken);
    try {
      return this.parseCallArgs(nameToken);
    } finally {
      this.depth--;
    }
  }

  private parseCallArgs(nameToken: Token): FormulaNode {
    const name = nameToken.text;
    const fn = Object.hasOwn(formulaFunctions, name) ? formulaFunctions[name] : undefined;
    if (!fn) {
      throw new FormulaError(
        `Unknown function "${name}".${didYouMean(name, formulaFunctionNames)} Functions: ${formulaFunctionNames.join(', ')}`,
        nameToken.start,
        this.source,
      );
    }
    this.next();
    const args: FormulaNode[] = [];
    if (this.peek().kind !== ')') {
      for (;;) {
        args.push(this.parseOr());
        if (this.peek().kind === ',') {
          this.next();
          continue;
        }
        if (this.peek().kind !== ')') this.fail(`"," or ")" in the call of ${name}`);
        break;
      }
    }
    const close = this.next();
    if (args.length < fn.minArgs || args.length > fn.maxArgs) {
      const want = fn.maxArgs === Infinity ? `at least ${fn.minArgs}` : fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
      throw new FormulaError(`${name} takes ${want} argument${want === '1' ? '' : 's'}, got ${args.length}`, close.start, this.source);
    }
    return { kind: 'call', name, args, start: nameToken.start };
  }
}

/** The syntax tree of `source`; throws FormulaError saying what was expected and where. */
export function parseFormula(source: string): FormulaNode {
  return new Parser(tokenize(source), source).parseFormula();
}

/** The height of a syntax tree, measured without recursion (the tree may be too tall to recurse over). */
function treeHeight(root: FormulaNode): number {
  let height = 0;
  const stack: [FormulaNode, number][] = [[root, 1]];
  while (stack.length) {
    const [node, level] = stack.pop() as [FormulaNode, number];
    if (level > height) height = level;
    if (node.kind === 'unary') stack.push([node.operand, level + 1]);
    else if (node.kind === 'binary') stack.push([node.left, level + 1], [node.right, level + 1]);
    else if (node.kind === 'call') for (const arg of node.args) stack.push([arg, level + 1]);
  }
  return height;
}

/** The column names a syntax tree reads, each once, in order of appearance. */
export function columnsOf(node: FormulaNode): string[] {
  const out = new Set<string>();
  const walk = (n: FormulaNode): void => {
    if (n.kind === 'column') out.add(n.name);
    else if (n.kind === 'unary') walk(n.operand);
    else if (n.kind === 'binary') {
      walk(n.left);
      walk(n.right);
    } else if (n.kind === 'call') n.args.forEach(walk);
  };
  walk(node);
  return [...out];
}
