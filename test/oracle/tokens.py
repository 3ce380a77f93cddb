#!/usr/bin/env python3
"""Test oracle: Python 3.11's `tokenize` tokens, in the units of src/types.ts.

Usage:
  tokens.py FILE...             -> {"results": {FILE: RESULT, ...}}
  tokens.py --stdin             <- {"sources": [TEXT, ...]}
                                -> {"results": [RESULT, ...]}
RESULT is {"tokens": [TOKEN, ...], "error": null | "..."}: the tokens read
before tokenize gave up, and why it did. A TOKEN is {kind, text, line, column,
endLine, endColumn}: kind as in src/types.ts (string, comment, name, number,
op, error; layout tokens are left out), 1-based lines counting \\r\\n and a
lone \\r once, 1-based UTF-16 columns, the end exclusive. In 3.11 an f-string
is one STRING token, as it is for the extractor.
"""

import io
import json
import re
import sys
import tokenize

LINE_BREAK = re.compile(r"\r\n|\r")
KINDS = {
    tokenize.STRING: "string",
    tokenize.COMMENT: "comment",
    tokenize.NAME: "name",
    tokenize.NUMBER: "number",
    tokenize.OP: "op",
    tokenize.ERRORTOKEN: "error",
}


def utf16_length(text):
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)


def tokens_of(text):
    text = LINE_BREAK.sub("\n", text)
    lines = text.split("\n")

    def column(line, codepoints):
        if line > len(lines):
            return codepoints + 1
        return utf16_length(lines[line - 1][:codepoints]) + 1

    tokens = []
    error = None
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            kind = KINDS.get(token.type)
            if kind is None:
                continue
            if kind == "error" and token.string.isspace():
                continue
            (line, col), (end_line, end_col) = token.start, token.end
            tokens.append(
                {
                    "kind": kind,
                    "text": token.string,
                    "line": line,
                    "column": column(line, col),
                    "endLine": end_line,
                    "endColumn": column(end_line, end_col),
                }
            )
    except (tokenize.TokenError, SyntaxError) as failure:
        error = f"{type(failure).__name__}: {failure}"
    return {"tokens": tokens, "error": error}


def tokens_of_file(path):
    with open(path, "rb") as handle:
        raw = handle.read()
    encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    return tokens_of(raw.decode(encoding))


def main(argv):
    if argv[1:] == ["--stdin"]:
        results = [tokens_of(source) for source in json.load(sys.stdin)["sources"]]
    else:
        results = {path: tokens_of_file(path) for path in argv[1:]}
    json.dump({"results": results}, sys.stdout, ensure_ascii=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
