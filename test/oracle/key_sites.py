#!/usr/bin/env python3
"""Test oracle: the key sites of Python modules, found with CPython's own `ast`.

Implements src/python/KEY-SITES.md and nothing else, so that the differential
tests can hold the hand-written extractor (src/python/key-sites.ts) to it.

Usage:
  key_sites.py FILE...          -> {"results": {FILE: RESULT, ...}}
  key_sites.py --stdin          <- {"sources": [TEXT, ...]}
                                -> {"results": [RESULT, ...]}
RESULT is {"sites": [SITE, ...]} or {"error": "..."} when `ast` cannot parse
the module. A SITE is {line, column, endLine, endColumn, form, setting, value,
isBytes, via, inComment, framework, enclosingClass} (the class's name, or
null), in the units of src/types.ts: 1-based
lines counting \\n, \\r\\n and a lone \\r once; 1-based columns in UTF-16 code
units of the decoded text. Files are decoded as CPython decodes source (a BOM,
then a PEP 263 coding declaration, else UTF-8); --stdin texts are already
decoded.
"""

import ast
import io
import json
import re
import sys
import tokenize
import unicodedata
import warnings
from types import SimpleNamespace

SECRET_SETTINGS = frozenset({"SECRET_KEY", "DJANGO_SECRET_KEY", "FLASK_SECRET_KEY"})
FALLBACKS_SETTING = "SECRET_KEY_FALLBACKS"
ENV_LOOKUP_SUFFIXES = (
    ("environ", "get"),
    ("getenv",),
    ("environ", "setdefault"),
    ("env",),
    ("env", "str"),
    ("env", "bytes"),
    ("config",),
)
MAX_HOPS = 2
MAX_COMMENT_PREFIXES = 16
MAX_REPEATED_LENGTH = 1024
# Calls that name a setting beside some text without looking anything up: logging, errors, checks.
NOT_A_LOOKUP = re.compile(r"(?:log\w*|debug|info|warn\w*|error|critical|exception|fatal|print|echo|raise\w*|fail\w*|assert\w*|validate\w*|check\w*|expect\w*|\w*(?:Error|Exception|Warning))\Z")
PASS_THROUGH_CALLS = frozenset({"str", "bytes", "bytearray", "force_str", "force_bytes", "smart_str", "smart_bytes", "force_text", "smart_text"})
NAMED_ESCAPE = re.compile(r"\\N\{([^}\r\n]*)\}")
LINE_BREAK = re.compile(r"\r\n|\r")
# Order of the site sources in KEY-SITES.md "Where sites come from": the tie-break
# between paths from constructs at one position.
SOURCE_ASSIGNMENT, SOURCE_CALL, SOURCE_DICT = 1, 2, 3


def utf16_length(text):
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)


class LineMap:
    """Converts ast's (line, UTF-8 byte column) pairs into the project's units."""

    def __init__(self, text):
        self.lines = text.split("\n")
        self.encoded = [line.encode("utf-8", "surrogatepass") for line in self.lines]

    def column(self, line, byte_column):
        prefix = self.encoded[line - 1][:byte_column].decode("utf-8", "surrogatepass")
        return utf16_length(prefix) + 1

    def column_of_codepoint(self, line, codepoint_column):
        return utf16_length(self.lines[line - 1][:codepoint_column]) + 1


def dotted_name(node):
    """`os.environ.get` -> ["os", "environ", "get"]; None for anything not a dotted chain."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    parts.reverse()
    return parts


def is_literal(node):
    return literal_parts(node) is not None


def literal_parts(node):
    """The constants a literal is made of (implicit concatenation is one ast Constant;
    `+` between literals of one type joins them; `*` by a positive int literal repeats
    them, see repeated_parts), or None when `node` is not a literal.
    An f-string without replacement fields is a constant too."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
        return [node]
    if isinstance(node, ast.JoinedStr) and all(isinstance(value, ast.Constant) for value in node.values):
        return [SimpleNamespace(
            value="".join(value.value for value in node.values),
            lineno=node.lineno, col_offset=node.col_offset, end_lineno=node.end_lineno, end_col_offset=node.end_col_offset,
        )]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = literal_parts(node.left)
        right = literal_parts(node.right)
        if left is None or right is None:
            return None
        if type(left[0].value) is not type(right[0].value):
            return None
        return left + right
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        return repeated_parts(node)
    return None


def repeated_parts(node):
    """`'x' * 50`, `50 * 'x'`: one part at the expression's place, its value the
    repetition, stopped once it reaches MAX_REPEATED_LENGTH code points (bytes
    counted as decoded, as a site's value is)."""
    count_on_right = isinstance(node.right, ast.Constant) and type(node.right.value) is int
    repeated = literal_parts(node.left if count_on_right else node.right)
    count = node.right if count_on_right else node.left
    if repeated is None or not (isinstance(count, ast.Constant) and type(count.value) is int) or count.value < 1:
        return None
    value = type(repeated[0].value)().join(part.value for part in repeated)
    length = len(value.decode("utf-8", "replace") if isinstance(value, bytes) else value)
    copies = 1 if length == 0 else min(count.value, -(-MAX_REPEATED_LENGTH // length))
    return [SimpleNamespace(
        value=value * copies,
        lineno=node.lineno, col_offset=node.col_offset, end_lineno=node.end_lineno, end_col_offset=node.end_col_offset,
    )]


def names_secret_setting(node):
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in SECRET_SETTINGS


def is_env_lookup(call):
    if any(keyword.arg == "default" for keyword in call.keywords):
        return True
    name = dotted_name(call.func)
    if name is not None and any(tuple(name[-len(suffix):]) == suffix for suffix in ENV_LOOKUP_SUFFIXES):
        return True
    return bool(call.args) and names_secret_setting(call.args[0])


def is_defaulting_get(call):
    """`x.get(NAME, default)` with an upper-case name; not configparser's `get(section, option)`."""
    if not (isinstance(call.func, ast.Attribute) and call.func.attr == "get"):
        return False
    first = call.args[0] if call.args and not isinstance(call.args[0], ast.Starred) else None
    if not (isinstance(first, ast.Constant) and isinstance(first.value, str) and re.fullmatch(r"[A-Z][A-Z0-9_]*", first.value)):
        return False
    second = call.args[1] if len(call.args) >= 2 and not isinstance(call.args[1], ast.Starred) else None
    option = second.value if isinstance(second, ast.Constant) and isinstance(second.value, str) else None
    return option is None or option.upper() not in {name.upper() for name in SECRET_SETTINGS}


def env_defaults(call):
    """The default-value expressions of an environment lookup, in source order."""
    defaults = []
    if len(call.args) >= 2 and not isinstance(call.args[1], ast.Starred):
        defaults.append(call.args[1])
    defaults.extend(keyword.value for keyword in call.keywords if keyword.arg == "default")
    return defaults


def walk(node, depth=0):
    """(node, depth) in source order, without entering f-strings: to the extractor
    an f-string is one opaque token, and 3.11 reports unreliable positions inside it."""
    yield node, depth
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, ast.JoinedStr):
            yield from walk(child, depth + 1)


def position_key(node):
    return (node.lineno, node.col_offset)


class Module:
    """One parsed module (a file, or the text of one comment) and what its sites need."""

    def __init__(self, tree, file_context=None):
        self.tree = tree
        self.assignments = []  # (name, statement, value), in source order
        self.flask_apps = {"app", "application"}
        self.imports_flask = False
        for node, _depth in walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.assignments.append((target.id, node, node.value))
                        if self.is_flask_constructor(node.value):
                            self.flask_apps.add(target.id)
            elif isinstance(node, ast.AnnAssign) and node.value is not None and isinstance(node.target, ast.Name):
                self.assignments.append((node.target.id, node, node.value))
                if self.is_flask_constructor(node.value):
                    self.flask_apps.add(node.target.id)
            elif isinstance(node, ast.Import):
                if any(alias.name == "flask" or alias.name.startswith("flask.") for alias in node.names):
                    self.imports_flask = True
            elif isinstance(node, ast.ImportFrom):
                if node.level == 0 and node.module and (node.module == "flask" or node.module.startswith("flask.")):
                    self.imports_flask = True
        self.assignments.sort(key=lambda entry: position_key(entry[1]))
        # KEY-SITES.md: variables are not looked up inside comments.
        self.in_comment = file_context is not None
        if file_context is not None:
            # A comment is read in the file it sits in: the file's Flask apps and imports count.
            self.flask_apps |= file_context.flask_apps
            self.imports_flask = self.imports_flask or file_context.imports_flask

    @staticmethod
    def is_flask_constructor(value):
        if not isinstance(value, ast.Call):
            return False
        name = dotted_name(value.func)
        return name in (["Flask"], ["flask", "Flask"])

    def is_flask_app(self, node):
        return isinstance(node, ast.Name) and (node.id in self.flask_apps or node.id.endswith("_app"))

    def preceding(self, name_node):
        """The value of the nearest preceding `name = value`, or None."""
        reference = position_key(name_node)
        found = None
        for name, statement, value in self.assignments:
            if name == name_node.id and (statement.end_lineno, statement.end_col_offset) <= reference:
                found = value
        return found

    def resolve(self, name_node):
        """The value of the nearest preceding `name = value` (else the first following one)."""
        reference = position_key(name_node)
        preceding = None
        following = None
        for name, statement, value in self.assignments:
            if name != name_node.id:
                continue
            if (statement.end_lineno, statement.end_col_offset) <= reference:
                preceding = value
            elif position_key(statement) > reference and following is None:
                following = value
        return preceding if preceding is not None else following


class Collector:
    def __init__(self, module):
        self.module = module
        self.found = []  # (source, order key, literal parts, form, setting, via, framework)

    def framework(self, flask):
        return "flask" if flask or self.module.imports_flask else "django"

    def evaluate(self, expr, form, setting, flask, source, order, via=None, hops=0):
        parts = literal_parts(expr)
        if parts is not None:
            self.found.append((source, order, parts, form, setting, via, self.framework(flask)))
            return

        def again(node, node_form, node_via=via, node_hops=hops):
            self.evaluate(node, node_form, setting, flask, source, order, node_via, node_hops)

        if isinstance(expr, ast.Name):
            if hops >= MAX_HOPS or self.module.in_comment:
                return
            value = self.module.resolve(expr)
            if value is not None:
                # `via` names the variable the setting reads (the first hop), not the last.
                again(value, form, via if via is not None else expr.id, hops + 1)
        elif isinstance(expr, ast.Subscript):
            # SECRETS = {"secret_key": "..."} ... SECRET_KEY = SECRETS["secret_key"]
            key = expr.slice.value if isinstance(expr.slice, ast.Constant) and isinstance(expr.slice.value, str) else None
            if hops >= MAX_HOPS or self.module.in_comment or not isinstance(expr.value, ast.Name) or key is None:
                return
            value = self.module.resolve(expr.value)
            if not isinstance(value, ast.Dict):
                return
            # A key written twice: the last one is the value.
            entries = [entry for entry_key, entry in zip(value.keys, value.values) if isinstance(entry_key, ast.Constant) and entry_key.value == key]
            if entries:
                again(entries[-1], form, via if via is not None else f"{expr.value.id}[{json.dumps(key, ensure_ascii=False)}]", hops + 1)
        elif isinstance(expr, ast.BoolOp):
            for operand in expr.values:
                again(operand, "or-fallback" if is_literal(operand) else form)
        elif isinstance(expr, ast.IfExp):
            for branch in (expr.body, expr.orelse):
                again(branch, "conditional" if is_literal(branch) else form)
        elif isinstance(expr, ast.Call):
            name = dotted_name(expr.func)
            only = expr.args[0] if len(expr.args) == 1 and not expr.keywords and not isinstance(expr.args[0], ast.Starred) else None
            # What the setting is set to: any `x.get(name, default)` is a lookup with a default.
            if is_env_lookup(expr) or is_defaulting_get(expr):
                for default in env_defaults(expr):
                    again(default, "env-default")
            elif only is not None and name is not None and len(name) == 1 and name[0] in PASS_THROUGH_CALLS:
                again(only, form)
            elif only is not None and name is not None and len(name) >= 2 and name[-2] == "values" and name[-1].endswith("Value"):
                again(only, "env-default")
            elif isinstance(expr.func, ast.Attribute):
                again(expr.func.value, form)

    def assign(self, target, value, statement, depth):
        order = (*position_key(statement), depth, SOURCE_ASSIGNMENT)
        if isinstance(target, ast.Name):
            if target.id in SECRET_SETTINGS:
                self.evaluate(value, "assignment", target.id, False, SOURCE_ASSIGNMENT, order)
            elif target.id == FALLBACKS_SETTING:
                self.fallbacks(value, False, SOURCE_ASSIGNMENT, order)
        elif isinstance(target, ast.Attribute):
            on_app = self.module.is_flask_app(target.value)
            if target.attr in SECRET_SETTINGS or (target.attr == "secret_key" and on_app):
                self.evaluate(value, "attribute", target.attr, on_app, SOURCE_ASSIGNMENT, order)
        elif isinstance(target, ast.Subscript):
            if names_secret_setting(target.slice):
                on_config = isinstance(target.value, ast.Attribute) and target.value.attr == "config"
                self.evaluate(value, "subscript", target.slice.value, on_config, SOURCE_ASSIGNMENT, order)
        elif isinstance(target, (ast.Tuple, ast.List)):
            if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts):
                for sub_target, sub_value in zip(target.elts, value.elts):
                    self.assign(sub_target, sub_value, statement, depth)

    def augmented(self, statement, depth):
        # SECRET_KEY = "" then SECRET_KEY += "lit": the added literal is the key.
        # The nearest preceding assignment is looked up as for a name, so never in a comment.
        target = statement.target
        if not isinstance(target, ast.Name) or target.id not in SECRET_SETTINGS or self.module.in_comment:
            return
        parts = literal_parts(statement.value)
        start = self.module.preceding(target)
        start_parts = literal_parts(start) if start is not None else None
        if parts is None or start_parts is None or any(part.value for part in start_parts):
            return
        order = (*position_key(statement), depth, SOURCE_ASSIGNMENT)
        self.found.append((SOURCE_ASSIGNMENT, order, parts, "augmented-assignment", target.id, None, self.framework(False)))

    def fallbacks(self, value, flask, source, order):
        if isinstance(value, (ast.List, ast.Tuple)):
            for element in value.elts:
                self.evaluate(element, "fallbacks-list", FALLBACKS_SETTING, flask, source, order)
        else:
            self.evaluate(value, "fallbacks-list", FALLBACKS_SETTING, flask, source, order)

    def call(self, call, depth):
        order = (*position_key(call), depth, SOURCE_CALL)
        last_name = call.func.attr if isinstance(call.func, ast.Attribute) else call.func.id if isinstance(call.func, ast.Name) else None
        on_config = (
            isinstance(call.func, ast.Attribute)
            and call.func.attr in ("update", "from_mapping")
            and isinstance(call.func.value, ast.Attribute)
            and call.func.value.attr == "config"
        )
        for keyword in call.keywords:
            if keyword.arg in SECRET_SETTINGS:
                if last_name == "Env" and isinstance(keyword.value, ast.Tuple):
                    if keyword.value.elts:
                        self.evaluate(keyword.value.elts[-1], "env-default", keyword.arg, on_config, SOURCE_CALL, order)
                else:
                    self.evaluate(keyword.value, "keyword", keyword.arg, on_config, SOURCE_CALL, order)
            elif keyword.arg == FALLBACKS_SETTING:
                self.fallbacks(keyword.value, on_config, SOURCE_CALL, order)
        plain_args = not call.keywords and not any(isinstance(arg, ast.Starred) for arg in call.args)
        if last_name in ("getattr", "setattr") and isinstance(call.func, ast.Name) and plain_args and len(call.args) == 3 and names_secret_setting(call.args[1]):
            form = "assignment" if last_name == "setattr" else "env-default"
            self.evaluate(call.args[2], form, call.args[1].value, False, SOURCE_CALL, order)
        if call.args and names_secret_setting(call.args[0]) and not (last_name is not None and NOT_A_LOOKUP.match(last_name)):
            for default in env_defaults(call):
                self.evaluate(default, "env-default", call.args[0].value, False, SOURCE_CALL, order)

    def dict_display(self, display, depth):
        order = (*position_key(display), depth, SOURCE_DICT)
        for key, value in zip(display.keys, display.values):
            if key is not None and names_secret_setting(key):
                self.evaluate(value, "dict-entry", key.value, False, SOURCE_DICT, order)
            elif isinstance(key, ast.Constant) and key.value == FALLBACKS_SETTING:
                # Not in KEY-SITES.md's list, but rules/django-fallback-keys-hardcoded.md
                # counts "a dict entry", and the extractor does.
                self.fallbacks(value, False, SOURCE_DICT, order)

    def collect(self):
        for node, depth in walk(self.module.tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    self.assign(target, node.value, node, depth)
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                self.assign(node.target, node.value, node, depth)
            elif isinstance(node, ast.NamedExpr):
                self.assign(node.target, node.value, node, depth)
            elif isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add):
                self.augmented(node, depth)
            elif isinstance(node, ast.Call):
                self.call(node, depth)
            elif isinstance(node, ast.Dict):
                self.dict_display(node, depth)
        # When several paths reach one literal, the path whose construct (the
        # assignment statement, the call, the dict display) comes first in the
        # source wins; at one position the outer construct, then the order of
        # KEY-SITES.md. This is how the extractor reads "the first one in the
        # order above (and in source order)": a literal reached from an earlier
        # statement keeps that statement's setting.
        self.found.sort(key=lambda entry: entry[1])
        return self.found


def classes_by_position(tree):
    """(line, column) of every node -> the ClassDef whose body holds it, or None
    (KEY-SITES.md "Enclosing class"): through compound statements, decorators and
    default values, which run in the class body; never into a def's body."""
    classes = {}

    def visit(node, current):
        for field, value in ast.iter_fields(node):
            for child in value if isinstance(value, list) else [value]:
                if not isinstance(child, ast.AST):
                    continue
                inner = current
                if isinstance(node, ast.ClassDef) and field == "body":
                    inner = node
                elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and field == "body":
                    inner = None
                if hasattr(child, "lineno"):
                    classes.setdefault((child.lineno, child.col_offset), inner)
                visit(child, inner)

    visit(tree, None)
    return classes


def keep_named_escapes(value, segment):
    """KEY-SITES.md: a `\\N{NAME}` escape keeps its written form (Node has no Unicode name table)."""
    for name in NAMED_ESCAPE.findall(segment or ""):
        try:
            value = value.replace(unicodedata.lookup(name), "\\N{" + name + "}")
        except KeyError:
            pass
    return value


def site_of(found, line_map, in_comment, place, source_text, classes=None):
    _source, order, parts, form, setting, via, framework = found
    first, last = parts[0], parts[-1]
    if isinstance(first.value, bytes):
        value = b"".join(part.value for part in parts).decode("utf-8", "replace")
        is_bytes = True
    else:
        value = "".join(keep_named_escapes(part.value, ast.get_source_segment(source_text, part)) for part in parts)
        is_bytes = False
    line, column = place(first.lineno, first.col_offset)
    end_line, end_column = place(last.end_lineno, last.end_col_offset)
    return {
        "line": line,
        "column": column,
        "endLine": end_line,
        "endColumn": end_column,
        "form": form,
        "setting": setting,
        "value": value,
        "isBytes": is_bytes,
        "via": via,
        "inComment": in_comment,
        "framework": framework,
        "enclosingClass": enclosing_class_name(classes, order, parts[0]),
    }


def enclosing_class_name(classes, order, literal):
    """The class that holds both the construct (assignment, call, dict display) and the literal."""
    if classes is None:
        return None
    construct = classes.get(order[:2])
    if construct is None or classes.get((literal.lineno, literal.col_offset)) is not construct:
        return None
    return construct.name


def comment_modules(text):
    """(line, code point column of the statement's first character, source) for every
    comment whose text after `#` parses as one or more statements."""
    comments = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                comments.append(token)
    except (tokenize.TokenError, SyntaxError):
        pass
    for token in comments:
        line, column = token.start
        for offset, source in statements_of_comment(token.string[1:]):
            tree = parsed(source) or commented_assignment(source)
            if tree is not None:
                yield line, column + 1 + offset, source, tree


def statements_of_comment(body):
    """(code point offset in `body`, source) for the comment text as a whole or,
    when it does not parse as a whole, for each of its `;`-separated statements:
    `# TODO: rotate; SECRET_KEY = "..."` still holds a statement."""
    pieces = []
    start = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(body).readline):
            if token.type == tokenize.OP and token.string == ";" and token.start[0] == 1:
                pieces.append((start, body[start : token.start[1]]))
                start = token.end[1]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    pieces.append((start, body[start:]))
    whole = [(0, body)]
    candidates = whole if parses(body.lstrip(" \t\f")) or len(pieces) == 1 else pieces
    for offset, piece in candidates:
        stripped = piece.lstrip(" \t\f")
        if stripped.strip():
            yield offset + len(piece) - len(stripped), stripped


def block_modules(tree, text, line_map):
    """(line, code point column, source, tree) for each non-blank line of a string
    statement used to comment code out: one triple-quoted str token (not bytes, not
    an f-string) whose value is its text as written, every non-blank line of which,
    without its indentation, parses alone. KEY-SITES.md, "Comments"."""
    for node, _depth in walk(tree):
        if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
            continue
        segment = ast.get_source_segment(text, node.value)
        prefix = re.match(r"[A-Za-z]*", segment).group(0)
        quotes = segment[len(prefix):len(prefix) + 3]
        if quotes not in ('"""', "'''") or not segment.endswith(quotes) or len(segment) < len(prefix) + 6:
            continue
        body = segment[len(prefix) + 3:-3]
        if body != node.value.value or "b" in prefix.lower() or "f" in prefix.lower():
            continue
        lines = []
        first_column = len(line_map.encoded[node.lineno - 1][:node.col_offset].decode("utf-8", "surrogatepass")) + len(prefix) + 3
        for index, piece in enumerate(body.split("\n")):
            stripped = piece.lstrip(" \t\f")
            if not stripped:
                continue
            source_tree = parsed(stripped)
            if source_tree is None:
                lines = None
                break
            column = (first_column if index == 0 else 0) + len(piece) - len(stripped)
            lines.append((node.lineno + index, column, stripped, source_tree))
        yield from lines or []


def parsed(source):
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


def commented_assignment(source):
    """`SECRET_KEY = "..." rotated 2021`: free text after the value. The longest
    prefix that ends at a string literal (of the last MAX_COMMENT_PREFIXES followed
    by more code) and parses as one assignment, or None."""
    ends = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER):
                continue
            if ends and ends[-1][1] is None:
                ends[-1] = (ends[-1][0], True)
            if token.type == tokenize.STRING and token.start[0] == 1:
                ends.append((token.end[1], None))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    followed = [end for end, more in ends if more]
    for end in reversed(followed[-MAX_COMMENT_PREFIXES:]):
        tree = parsed(source[:end])
        if tree is not None and len(tree.body) == 1 and isinstance(tree.body[0], (ast.Assign, ast.AnnAssign)):
            return tree
    return None


def parses(source):
    try:
        ast.parse(source)
    except (SyntaxError, ValueError):
        return False
    return True


def analyse_text(text):
    text = LINE_BREAK.sub("\n", text)
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError) as error:
        return {"error": f"{type(error).__name__}: {error}"}
    line_map = LineMap(text)
    module = Module(tree)
    sites = []
    seen = set()

    classes = classes_by_position(tree)

    def emit(found, in_comment, place, source_text):
        site = site_of(found, line_map, in_comment, place, source_text, None if in_comment else classes)
        key = (site["line"], site["column"])
        if key not in seen:
            seen.add(key)
            sites.append(site)

    for found in Collector(module).collect():
        emit(found, False, lambda line, col: (line, line_map.column(line, col)), text)

    commented = [*comment_modules(text), *block_modules(tree, text, line_map)]
    for line, start, source, comment_tree in commented:
        comment_map = LineMap(source)

        def place(_line, col, line=line, start=start, comment_map=comment_map):
            codepoints = len(comment_map.encoded[0][:col].decode("utf-8", "surrogatepass"))
            return line, line_map.column_of_codepoint(line, start + codepoints)

        for found in Collector(Module(comment_tree, module)).collect():
            emit(found, True, place, source)

    sites.sort(key=lambda site: (site["line"], site["column"]))
    return {"sites": sites}


def analyse_file(path):
    with open(path, "rb") as handle:
        raw = handle.read()
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
        text = raw.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError) as error:
        return {"error": f"{type(error).__name__}: {error}"}
    return analyse_text(text)


def main(argv):
    # Invalid escapes ("\\d") are fixture material, not news.
    warnings.simplefilter("ignore")
    if argv[1:] == ["--stdin"]:
        request = json.load(sys.stdin)
        results = [analyse_text(source) for source in request["sources"]]
    else:
        results = {path: analyse_file(path) for path in argv[1:]}
    json.dump({"results": results}, sys.stdout, ensure_ascii=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
