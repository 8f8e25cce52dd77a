// Locates JSON syntax problems by line and column. JSON.parse says *what* is wrong but, depending on
// the Node version and the error, not always *where*; and it silently keeps the last of two equal
// keys, which in a seed file is nearly always a mistake. This scanner (RFC 8259 grammar) finds both.

interface JsonSyntaxProblem {
  line: number;
  column: number;
  message: string;
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** The first syntax error (if any) and every duplicate key, in document order. */
export function findJsonProblems(text: string): JsonSyntaxProblem[] {
  const problems: JsonSyntaxProblem[] = [];
  let pos = 0;
  const at = (offset: number, message: string) => ({ ...lineAndColumn(text, offset), message });
  const fail = (message: string, offset = pos): never => {
    throw new JsonSyntaxError(offset, message);
  };
  const describe = (offset: number) =>
    offset >= text.length ? 'end of input' : `'${text[offset] === '\n' ? '\\n' : text[offset]}'`;

  const skipWhitespace = () => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos])) pos++;
  };
  const expect = (char: string, what: string) => {
    skipWhitespace();
    if (text[pos] !== char) fail(`expected ${what}, found ${describe(pos)}`);
    pos++;
  };

  const parseString = (): string => {
    const start = pos;
    pos++; // opening quote
    let out = '';
    while (pos < text.length) {
      const c = text[pos];
      if (c === '"') {
        pos++;
        return out;
      }
      if (c === '\\') {
        const e = text[pos + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) fail('invalid \\u escape');
          out += String.fromCharCode(parseInt(text.slice(pos + 2, pos + 6), 16));
          pos += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          out += e;
          pos += 2;
        } else fail(`invalid escape '\\${e ?? ''}'`);
        continue;
      }
      if (c < ' ') fail(c === '\n' ? 'unterminated string (line break inside quotes)' : 'control character in string');
      out += c;
      pos++;
    }
    return fail('unterminated string', start);
  };

  const parseValue = (): void => {
    skipWhitespace();
    const c = text[pos];
    if (c === '{') {
      parseObject();
      return;
    }
    if (c === '[') {
      parseArray();
      return;
    }
    if (c === '"') {
      parseString();
      return;
    }
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(pos, pos + 400));
    if (literal) {
      pos += literal[0].length;
      return;
    }
    if (c === "'") fail("strings must use double quotes");
    fail(`expected a value, found ${describe(pos)}`);
  };

  const parseObject = () => {
    pos++; // {
    const keys = new Set<string>();
    skipWhitespace();
    if (text[pos] === '}') {
      pos++;
      return;
    }
    for (;;) {
      skipWhitespace();
      if (text[pos] !== '"') {
        fail(text[pos] === '}' ? 'trailing comma before }' : `expected a "quoted" property name, found ${describe(pos)}`);
      }
      const keyStart = pos;
      const key = parseString();
      if (keys.has(key)) problems.push(at(keyStart, `duplicate key "${key}"`));
      keys.add(key);
      expect(':', "':' after the property name");
      parseValue();
      skipWhitespace();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      if (text[pos] === '}') {
        pos++;
        return;
      }
      fail(`expected ',' or '}' after a property value, found ${describe(pos)}`);
    }
  };

  const parseArray = () => {
    pos++; // [
    skipWhitespace();
    if (text[pos] === ']') {
      pos++;
      return;
    }
    for (;;) {
      skipWhitespace();
      if (text[pos] === ']') fail('trailing comma before ]');
      parseValue();
      skipWhitespace();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      if (text[pos] === ']') {
        pos++;
        return;
      }
      fail(`expected ',' or ']' after an array element, found ${describe(pos)}`);
    }
  };

  try {
    if (text.charCodeAt(0) === 0xfeff) pos = 1; // byte order mark
    parseValue();
    skipWhitespace();
    if (pos < text.length) fail(`unexpected ${describe(pos)} after the end of the JSON value`);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    problems.push(at(e.offset, e.message));
  }
  return problems;
}
